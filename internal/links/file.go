package links

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/vitrine/vitrine/internal/project"
)

// File is one project's links.yaml.
//
// Besides the links it keeps Revoked, every id ever deactivated in the
// file. A deactivated link must never come back (SPEC §5), but its only
// record is the deactivated: line of its entry, which a hand edit can
// delete. Revoked is a second record of the same fact, written on every
// save and never shortened by Update, so that such an entry is caught as a
// validation error instead of putting the page online again.
type File struct {
	// Project is the slug of the project folder the file belongs to, as
	// written at its top. Update sets it; "" (a hand-written file) is
	// valid. Load refuses a file whose Project is not its folder: a copied
	// project folder must not publish its data under the original's links.
	Project string
	Links   []Link
	Revoked []string

	// revokedAt holds the line of each id in revoked, and projectLine the
	// line of project, for error messages.
	revokedAt   map[string]int
	projectLine int
}

// Errors of the link operations; the operations wrap them with the link id.
var (
	// ErrNotFound means no link of the file has the id.
	ErrNotFound = errors.New("link not found")
	// ErrAlreadyDeactivated means Deactivate found the link deactivated;
	// nothing changed.
	ErrAlreadyDeactivated = errors.New("link already deactivated")
	// ErrDeactivated means a change to a deactivated link was refused:
	// deactivation is final.
	ErrDeactivated = errors.New("link is deactivated for good")
)

// CreateOptions are the settings of a new link.
type CreateOptions struct {
	Label    string
	Locale   string // "de" or "en"
	Sections []project.Section
	Expires  project.Date // zero = never
}

// Find returns the link with id, or nil. The pointer is valid until
// f.Links is changed.
func (f *File) Find(id string) *Link {
	for i := range f.Links {
		if f.Links[i].ID == id {
			return &f.Links[i]
		}
	}
	return nil
}

// Create appends a new link with a fresh id, created at now (UTC, whole
// seconds). Its sections are de-duplicated and put in page order. An
// expiry day before today in loc is refused with an error wrapping
// ErrExpiryPassed. The returned pointer is valid until f.Links is changed.
func (f *File) Create(opts CreateOptions, now time.Time, loc *time.Location) (*Link, error) {
	if !validLocale(opts.Locale) {
		return nil, fmt.Errorf("locale %q: use de or en", opts.Locale)
	}
	if err := checkExpiry(opts.Expires, now, loc); err != nil {
		return nil, err
	}
	ids := make([]string, len(opts.Sections))
	for i, s := range opts.Sections {
		ids[i] = string(s)
	}
	sections, err := project.ParseSections(ids)
	if err != nil {
		return nil, err
	}
	id, err := f.unusedID()
	if err != nil {
		return nil, err
	}
	f.Links = append(f.Links, Link{
		ID:       id,
		Label:    opts.Label,
		Created:  now.UTC().Truncate(time.Second),
		Locale:   opts.Locale,
		Sections: sections,
		Expires:  opts.Expires,
	})
	return &f.Links[len(f.Links)-1], nil
}

// unusedID returns a new id that no entry and no revoked id of f has. A
// collision of random v4 ids is practically impossible, but reusing a
// revoked id would be fatal, and checking costs nothing.
func (f *File) unusedID() (string, error) {
	for {
		id, err := NewID()
		if err != nil {
			return "", err
		}
		if f.Find(id) == nil && !slices.Contains(f.Revoked, id) {
			return id, nil
		}
	}
}

// Deactivate deactivates link id for good at now (UTC, whole seconds) and
// records it in Revoked. For a link that is already deactivated it changes
// nothing and returns an error wrapping ErrAlreadyDeactivated, so that the
// caller can tell the user without failing.
func (f *File) Deactivate(id string, now time.Time) error {
	l := f.Find(id)
	if l == nil {
		return fmt.Errorf("link %s: %w", id, ErrNotFound)
	}
	if l.Deactivated != nil {
		return fmt.Errorf("link %s: %w on %s", id, ErrAlreadyDeactivated, l.Deactivated.Format(time.DateOnly))
	}
	t := now.UTC().Truncate(time.Second)
	// A clock behind the one that created the link must not make the
	// file invalid and so block the deactivation.
	if t.Before(l.Created) {
		t = l.Created
	}
	l.Deactivated = &t
	if !slices.Contains(f.Revoked, id) {
		f.Revoked = append(f.Revoked, id)
		slices.Sort(f.Revoked)
	}
	return nil
}

// Set calls change on link id, the way `vitrine link set` edits a link,
// at now in the site's time zone loc. Before change runs, a missing link
// is refused with ErrNotFound, a deactivated one with ErrDeactivated and
// an expired one with ErrExpired; after it, a new expiry day before today
// with ErrExpiryPassed, leaving the link as it was.
func (f *File) Set(id string, now time.Time, loc *time.Location, change func(*Link) error) error {
	l := f.Find(id)
	if l == nil {
		return fmt.Errorf("link %s: %w", id, ErrNotFound)
	}
	switch l.StateAt(now, loc) {
	case Deactivated:
		return deactivatedError(l)
	case Expired:
		return expiredError(l)
	}
	was := *l
	was.Sections = slices.Clone(l.Sections)
	if err := change(l); err != nil {
		*l = was
		return err
	}
	if !l.Expires.Equal(was.Expires.Time) {
		if err := checkExpiry(l.Expires, now, loc); err != nil {
			*l = was
			return fmt.Errorf("link %s: %w", id, err)
		}
	}
	return nil
}

func deactivatedError(l *Link) error {
	return fmt.Errorf("link %s: %w (since %s) and cannot be changed; create a new link instead",
		l.ID, ErrDeactivated, l.Deactivated.Format(time.DateOnly))
}

func validLocale(s string) bool { return s == "de" || s == "en" }
