package render

import (
	"html/template"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vitrine/vitrine/internal/project"
)

// contactPart is a piece of the company's contact line: plain text, or an
// e-mail address or phone number with the link that opens it on a phone.
type contactPart struct {
	Text string
	// Href is the mailto: or tel: URL, "" for plain text. It is a
	// template.URL because html/template lets only http, https and mailto
	// through; contactParts builds a tel: URL of digits and "+" alone.
	Href template.URL
}

// contactRe finds e-mail addresses and phone numbers in a contact line.
// A phone number is a run of digits, spaces and the usual separators with
// at least six digits, so that a house number or a year stays text.
var contactRe = regexp.MustCompile(`[^\s·,;:<>()]+@[^\s·,;:<>()]+\.[A-Za-z]{2,}|\+?\d[\d /()-]{4,}\d`)

// contactParts splits the contact line into text and links.
func contactParts(s string) []contactPart {
	var out []contactPart
	last := 0
	for _, m := range contactRe.FindAllStringIndex(s, -1) {
		found := s[m[0]:m[1]]
		target := string(mailURL(found))
		if !strings.Contains(found, "@") {
			tel := telURL(found)
			if len(tel) < len("tel:")+6 {
				continue
			}
			target = string(tel)
		}
		if m[0] > last {
			out = append(out, contactPart{Text: s[last:m[0]]})
		}
		out = append(out, contactPart{Text: found, Href: template.URL(target)})
		last = m[1]
	}
	if last < len(s) {
		out = append(out, contactPart{Text: s[last:]})
	}
	return out
}

// telURL is the tel: URL of a phone number as the office wrote it: its
// digits and "+" alone ("0251 123456-12" → tel:025112345612). The number
// is not turned into the international form: the page cannot know the
// country, and a phone dials the national form within it.
func telURL(number string) template.URL {
	// "+49 (0) 251 …", as German letterheads write it: the 0 in brackets
	// is dialled only from within the country, never after +49.
	if strings.HasPrefix(strings.TrimSpace(number), "+") {
		number = strings.Replace(strings.ReplaceAll(number, "( 0 )", "(0)"), "(0)", "", 1)
	}
	return template.URL("tel:" + strings.Map(func(r rune) rune {
		if unicode.IsDigit(r) || r == '+' {
			return r
		}
		return -1
	}, number))
}

// mailURL is the mailto: URL of an e-mail address.
func mailURL(addr string) template.URL { return template.URL("mailto:" + url.PathEscape(addr)) }

// personData is the company's person for a project, with the links that
// call or write to them.
type personData struct {
	Name, Role   string
	Phone, Email contactPart // empty when not given
}

// person shapes c for the page, nil for none.
func person(c *project.Contact) *personData {
	if c == nil {
		return nil
	}
	p := &personData{Name: c.Name, Role: c.Role}
	if c.Phone != "" {
		p.Phone = contactPart{Text: c.Phone, Href: telURL(c.Phone)}
	}
	if c.Email != "" {
		p.Email = contactPart{Text: c.Email, Href: mailURL(c.Email)}
	}
	return p
}

// member is a team member with the initials of the round badge the page
// shows in place of a photo.
type member struct {
	Name     string
	Initials string
}

// initials returns the first letters of the first and the last word of
// name, upper case: "Anna Schmidt" → "AS", "Jonas" → "J".
func initials(name string) string {
	words := strings.Fields(name)
	switch len(words) {
	case 0:
		return ""
	case 1:
		return firstLetter(words[0])
	}
	return firstLetter(words[0]) + firstLetter(words[len(words)-1])
}

// firstLetter returns the first letter of word, upper case.
func firstLetter(word string) string {
	r, _ := utf8.DecodeRuneInString(word)
	return string(unicode.ToUpper(r))
}
