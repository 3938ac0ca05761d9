package main

import (
	"cmp"
	"fmt"
	"strings"
	"text/tabwriter"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/vitrine/vitrine/internal/site"
)

// linkTable prints links the way the office reads them: one row each, with
// dates in the site's time zone and, for a deactivated link, since when.
func (a *app) linkTable(s *site.Site, rows []linkJSON) error {
	if len(rows) == 0 {
		a.printf("No links to list. Create one with vitrine link create SLUG; --all lists deactivated and expired ones too.\n")
		return nil
	}
	loc := s.Config.Location()
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "PROJECT\tLABEL\tSECTIONS\tCREATED\tEXPIRES\tSTATE\tURL")
	for _, j := range rows {
		_, l, _ := s.Find(j.ID)
		state := string(j.State)
		if l.Deactivated != nil {
			state += " " + l.Deactivated.In(loc).Format(time.DateOnly)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", termSafe(j.Project), termSafe(cmp.Or(l.Label, "-")), joinSections(j.Sections),
			l.Created.In(loc).Format(time.DateOnly), cmp.Or(l.Expires.String(), "-"), state, termSafe(j.URL))
	}
	return tw.Flush()
}

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
