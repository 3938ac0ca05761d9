package main

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// termSafe returns s as it may reach a terminal: control characters (an
// escape sequence could clear the screen, move the cursor or retitle the
// window), bidirectional overrides (which make text read backwards) and
// other invisible format characters are written as Go escapes such as
// \x1b or \u202e, and so are bytes that are not UTF-8. Every value from
// the user's files passes through it on its way to human output; --json
// output needs it not, since JSON escapes by itself.
func termSafe(s string) string {
	if !strings.ContainsFunc(s, unsafeRune) && utf8.ValidString(s) {
		return s
	}
	var b strings.Builder
	for i, r := range s {
		switch {
		case r == utf8.RuneError && !strings.HasPrefix(s[i:], string(utf8.RuneError)):
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case unsafeRune(r) && r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		case unsafeRune(r):
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// unsafeRune reports whether a terminal would act on r rather than show
// it: C0 and C1 controls (tab and newline included, which would break a
// table row), format characters such as U+202E, and line separators.
func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}
