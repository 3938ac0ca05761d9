// Package access is vitrine's privacy boundary. Filter copies from a Project
// only what a Link permits into a View; render accepts nothing else. A hidden
// section is absent from the View (nil or empty), never flagged, and the
// project's internal data is never copied at all.
package access

import (
	"github.com/vitrine/vitrine/internal/project"
)

// View is the part of a project that one link may show. Only Filter builds a
// usable View: render refuses one without the seal Filter sets, so a View
// assembled by hand cannot bypass the filter.
type View struct {
	sealed bool

	LinkID string
	Locale string
	Title  string
	// Today is the publish day, in the site's time zone: the page's
	// "as of" day, and the day against which appointments are next or
	// overdue. It comes from Options, never from the clock.
	Today project.Date
	// NewSince is the first day whose items are new (IsNew); zero when
	// nothing is marked new.
	NewSince project.Date
	Sections []project.Section // permitted sections, in page order

	// Contact is the company's person for the project, shown whatever the
	// link permits: it is the company's, not the customer's data. Nil when
	// project.yaml names none; the page then shows the company's contact.
	Contact *project.Contact

	Overview *Overview
	Progress *Progress
	Times    *Times
	Schedule []project.Milestone
	Notes    []project.Note // newest first
	Photos   []project.Photo
	Files    []project.File
	Team     []string
	Costs    *project.Costs
}

// Sealed reports whether v was built by Filter.
func (v *View) Sealed() bool { return v != nil && v.sealed }

// IsNew reports whether an item dated d is new: dated from NewSince to
// Today. Undated items and items dated after Today (a report written
// ahead) are not.
func (v *View) IsNew(d project.Date) bool {
	return !v.NewSince.IsZero() && !d.IsZero() && !d.Before(v.NewSince.Time) && !d.After(v.Today.Time)
}

// Has reports whether the view shows section s.
func (v *View) Has(s project.Section) bool {
	for _, x := range v.Sections {
		if x == s {
			return true
		}
	}
	return false
}

// Overview is the project's master data.
type Overview struct {
	Number string
	// Customer.Contact is empty unless the link permits customer_contact.
	Customer    project.Customer
	Address     string
	Status      project.Status
	Start, End  project.Date
	Description string // Markdown
}

// Progress summarises how far the project is.
type Progress struct {
	Percent        float64 // 0–100
	HoursWorked    float64
	PlannedHours   float64 // 0 = no budget
	MilestonesDone int
	MilestonesAll  int
}

// Times holds the visible time entries. Employee is empty in every entry
// unless the link permits the team section.
type Times struct {
	Entries []project.TimeEntry // oldest first
	Total   float64
}
