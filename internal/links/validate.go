package links

import (
	"fmt"
	"time"

	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
)

// Validate checks the rules of SPEC §5 that keep links unguessable and
// deactivation final: every id is a random UUID v4 in canonical lower-case
// form and used once; a link listed in Revoked is still deactivated.
// It also checks locale, sections and dates. path names the file in the
// problems, which carry the line of the entry where it is known; the
// result is a problem.List, or nil.
func (f *File) Validate(path string) error {
	var probs problem.List
	add := func(l *Link, key, msg, hint string) {
		probs = append(probs, &problem.Problem{File: path, Line: l.at.of(key), Field: key, Msg: msg, Hint: hint})
	}
	revoked := map[string]bool{}
	for _, id := range f.Revoked {
		revoked[id] = true
		if msg := checkID(id); msg != "" {
			probs = append(probs, &problem.Problem{File: path, Line: f.revokedAt[id], Field: "revoked", Msg: msg,
				Hint: "restore the id as vitrine wrote it"})
		}
	}
	first := map[string]*Link{}
	for i := range f.Links {
		l := &f.Links[i]
		if msg := checkID(l.ID); msg != "" {
			add(l, "id", msg, "create links with vitrine link create, which draws a random id")
		} else if other, dup := first[l.ID]; dup {
			msg := fmt.Sprintf("link %s is listed twice", l.ID)
			if line := other.at.of("id"); line > 0 {
				msg += fmt.Sprintf(" (first on line %d)", line)
			}
			add(l, "id", msg, "remove one entry; for a second link run vitrine link create")
		} else {
			first[l.ID] = l
		}
		if !validLocale(l.Locale) {
			add(l, "locale", fmt.Sprintf("%q is not a page language", l.Locale), "use de or en")
		}
		for _, s := range l.Sections {
			if !s.Valid() {
				add(l, "sections", fmt.Sprintf("unknown section %q", s), "valid sections are "+project.SectionList())
			}
		}
		switch {
		case l.Created.IsZero():
			add(l, "created", "is missing", "write when the link was created, like 2026-11-29T10:00:00Z")
		case !plausible(l.Created):
			add(l, "created", fmt.Sprintf("%s is not a plausible time", l.Created.Format(time.RFC3339)), "restore the time vitrine wrote")
		}
		if l.Deactivated != nil && !plausible(*l.Deactivated) {
			add(l, "deactivated", fmt.Sprintf("%s is not a plausible time", l.Deactivated.Format(time.RFC3339)), "restore the time vitrine wrote")
		}
		if !l.Expires.IsZero() && !plausible(l.Expires.Time) {
			add(l, "expires", fmt.Sprintf("%s is not a plausible day", l.Expires), "write the last day the link works, like 2027-01-31")
		}
		switch {
		case l.Deactivated == nil && revoked[l.ID]:
			add(l, "deactivated", fmt.Sprintf("link %s was deactivated and cannot be reactivated", l.ID),
				"restore its deactivated: line or create a new link")
		case l.Deactivated != nil && l.Deactivated.Before(l.Created):
			add(l, "deactivated", "is before created", "restore the time vitrine wrote")
		}
	}
	return probs.Err()
}

// plausible reports whether t lies in the years a link can have, in UTC
// as links.yaml records it: a typo such as 0204 would otherwise be
// written back as a time that no reader takes.
func plausible(t time.Time) bool {
	y := t.UTC().Year()
	return y >= 2000 && y <= 9999
}
