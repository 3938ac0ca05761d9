// Package links owns links.yaml: the read links of one project, their
// creation, changes and final deactivation. Writes are atomic and serialised
// with a file lock so that concurrent vitrine commands lose nothing.
package links

import (
	"time"

	"github.com/vitrine/vitrine/internal/project"
)

// Link is one read link of a project.
type Link struct {
	// ID is a random UUID v4 in canonical lower-case form; it is the
	// unguessable path segment of the link's URL.
	ID       string
	Label    string
	Created  time.Time
	Locale   string // "de" or "en"
	Sections []project.Section
	// Expires is the last day on which the link is shown; zero = never.
	Expires project.Date
	// Deactivated is set once, when the link is deactivated for good.
	Deactivated *time.Time

	// at is where the entry was read, so that validation errors name its
	// line; nil for links created in memory.
	at *position
}

// Line returns the line of the link's entry in links.yaml, or 0 for a
// link created in memory.
func (l *Link) Line() int {
	if l.at == nil {
		return 0
	}
	return l.at.line
}

// State is a link's life-cycle state at a given moment.
type State string

// The states of a link.
const (
	Active      State = "active"
	Expired     State = "expired"
	Deactivated State = "deactivated"
)

// StateAt returns the link's state at now. A link is shown through its
// Expires day in loc and is expired from the following midnight on.
func (l *Link) StateAt(now time.Time, loc *time.Location) State {
	if l.Deactivated != nil {
		return Deactivated
	}
	if !l.Expires.IsZero() {
		y, m, d := l.Expires.Date()
		if !now.Before(time.Date(y, m, d+1, 0, 0, 0, 0, loc)) {
			return Expired
		}
	}
	return Active
}

// Has reports whether the link permits section s.
func (l *Link) Has(s project.Section) bool {
	for _, x := range l.Sections {
		if x == s {
			return true
		}
	}
	return false
}

// RevokedLine returns the line of id in the file's revoked list, or 0.
func (f *File) RevokedLine(id string) int { return f.revokedAt[id] }
