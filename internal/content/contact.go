package content

import (
	"fmt"
	"strings"
	"unicode"

	"gopkg.in/yaml.v3"

	"github.com/vitrine/vitrine/internal/project"
)

const contactHint = "e.g. contact: { name: Jonas Weber, role: Bauleitung, phone: 0170 1234567, email: j.weber@maler-schmitz.de }"

// contact decodes the company's person for the project; nil when absent.
// The checks of phone and e-mail are loose: they catch what cannot be
// dialled or written to (a name in the phone field, a missing @), not
// every number or address a provider might refuse.
func (d *decoder) contact(n *yaml.Node) *project.Contact {
	if n == nil {
		return nil
	}
	f := d.fields(n, "contact", "name", "role", "phone", "email")
	if f == nil {
		return nil
	}
	c := &project.Contact{
		Name:  d.str(f["name"], "contact.name"),
		Role:  d.str(f["role"], "contact.role"),
		Phone: d.str(f["phone"], "contact.phone"),
		Email: d.str(f["email"], "contact.email"),
	}
	if c.Name == "" {
		d.add(n, "contact.name", "is missing", "name the person customers may call, "+contactHint)
	}
	switch {
	case c.Phone == "" && c.Email == "":
		d.add(n, "contact", "needs a phone number or an e-mail address", "add phone or email, "+contactHint)
	case c.Phone != "" && !isPhone(c.Phone):
		d.add(f["phone"], "contact.phone", fmt.Sprintf("%q is not a phone number", c.Phone), "write digits, spaces and + ( ) / - only, e.g. 0251 123456-12 or +49 251 123456-12")
	}
	if c.Email != "" && !isEmail(c.Email) {
		d.add(f["email"], "contact.email", fmt.Sprintf("%q is not an e-mail address", c.Email), "write one address, e.g. j.weber@maler-schmitz.de")
	}
	return c
}

// isPhone reports whether s can be dialled: 4 to 20 digits, a + only in
// front, and the separators people write between them.
func isPhone(s string) bool {
	n := 0
	for i, r := range s {
		switch {
		case '0' <= r && r <= '9':
			n++
		case r == '+' && i == 0, r == ' ', strings.ContainsRune("()/-.", r):
		default:
			return false
		}
	}
	return n >= 4 && n <= 20
}

// isEmail reports whether s looks like one address: something, one @, and
// a domain with a dot, with nothing that would break a mailto: link.
func isEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && !strings.Contains(domain, "@") &&
		strings.Contains(domain, ".") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".") &&
		!strings.ContainsFunc(s, func(r rune) bool { return unicode.IsSpace(r) || strings.ContainsRune(`<>()[],;:"\`, r) })
}
