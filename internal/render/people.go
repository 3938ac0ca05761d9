package render

import (
	"html/template"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
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
		target := "mailto:" + url.PathEscape(found)
		if !strings.Contains(found, "@") {
			digits := strings.Map(func(r rune) rune {
				if unicode.IsDigit(r) || r == '+' {
					return r
				}
				return -1
			}, found)
			if len(digits) < 6 {
				continue
			}
			target = "tel:" + digits
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
