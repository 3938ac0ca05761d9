package links

import (
	"errors"
	"fmt"
	"time"

	"github.com/vitrine/vitrine/internal/project"
)

// Errors of the expiry rules; the operations wrap them with the link id or
// the date.
var (
	// ErrExpired means a change to an expired link was refused: expiry is
	// final like deactivation, because publish has deleted the page and
	// written a marker that keeps the id offline. A new link is needed.
	ErrExpired = errors.New("link has expired")
	// ErrExpiryPassed means a new expiry date lies before today: the link
	// would be offline from the start, which is never what was meant.
	ErrExpiryPassed = errors.New("expiry date has passed")
)

// ParseDate reads a day written as 2027-01-31 or 31.01.2027.
func ParseDate(s string) (project.Date, error) {
	if d, ok := project.ParseDate(s); ok {
		return d, nil
	}
	return project.Date{}, fmt.Errorf("%q is not a date; write it as YYYY-MM-DD or DD.MM.YYYY", s)
}

// Today returns the calendar day of now in loc, the time zone of the site.
func Today(now time.Time, loc *time.Location) project.Date {
	y, m, d := now.In(loc).Date()
	return project.NewDate(y, m, d)
}

// checkExpiry refuses an expiry day before today in loc. Today itself is
// allowed: the link works through the end of that day.
func checkExpiry(expires project.Date, now time.Time, loc *time.Location) error {
	if !expires.IsZero() && expires.Before(Today(now, loc).Time) {
		return fmt.Errorf("expires %s: %w", expires, ErrExpiryPassed)
	}
	return nil
}

func expiredError(l *Link) error {
	return fmt.Errorf("link %s: %w (its last day was %s) and cannot be changed; create a new link instead",
		l.ID, ErrExpired, l.Expires)
}
