// Package project holds vitrine's domain types: what the office records about
// a project. It does no I/O; internal/content fills these types from site/.
package project

import (
	"strings"
	"time"
)

// Status is a project's state as the office sets it in project.yaml.
type Status string

// The statuses a project.yaml may name.
const (
	StatusPlanned Status = "planned"
	StatusActive  Status = "active"
	StatusPaused  Status = "paused"
	StatusDone    Status = "done"
)

// Valid reports whether s is one of the known statuses.
func (s Status) Valid() bool {
	switch s {
	case StatusPlanned, StatusActive, StatusPaused, StatusDone:
		return true
	}
	return false
}

// Date is a calendar day without time zone, as written in records
// (2024-05-03). The zero Date means "not set".
type Date struct{ time.Time }

// NewDate returns the Date of year, month and day.
func NewDate(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// String formats d as YYYY-MM-DD, or "" when d is not set.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.Format(time.DateOnly)
}

// dateLayouts are the ways offices write a day (SPEC §9): ISO as in YAML,
// and the German form, whose layout also takes 3.5.2024.
var dateLayouts = []string{time.DateOnly, "2.1.2006"}

// ParseDate reads a day written as 2024-05-03 or 03.05.2024. It checks
// the form only; callers decide which days make sense.
func ParseDate(s string) (Date, bool) {
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return Date{Time: t}, true
		}
	}
	return Date{}, false
}

// FirstDate and LastDate bound the days vitrine accepts in records. A date
// outside is a typo (07.05.0204 for 07.05.2024), and letting it through
// would stretch charts and week lists over centuries and put a wrong
// "as of" date on the page.
var (
	FirstDate = NewDate(1990, time.January, 1)
	LastDate  = NewDate(2100, time.December, 31)
)

// Plausible reports whether d lies within FirstDate … LastDate. The zero
// Date ("not set") is not plausible; callers check IsZero first where a
// date is optional.
func (d Date) Plausible() bool {
	return !d.Before(FirstDate.Time) && !d.After(LastDate.Time)
}

// Project is everything the office records about one project. Internal is
// free-form and must never be published; internal/access never copies it.
type Project struct {
	Slug       string
	Name       string
	PublicName string
	Number     string
	// ImportNames are further names under which time exports list the
	// project (SPEC §9), e.g. the name in the time-tracking tool.
	ImportNames []string
	Status      Status
	Customer    Customer
	// Contact is the company's person for this project; nil when
	// project.yaml names none, and the page shows the company's contact.
	Contact     *Contact
	Address     string
	Description string // Markdown
	Start, End  Date
	// PlannedHours is the hour budget for the progress bar; 0 means none.
	PlannedHours float64
	// Progress is a manual percentage (0–100); 0 means "derive it".
	Progress float64
	Team     []string
	Schedule []Milestone
	Costs    *Costs // nil when project.yaml has none
	Times    []TimeEntry
	Notes    []Note
	Photos   []Photo
	Files    []File
	Internal map[string]any
}

// Title is what customers see as the project's name.
func (p *Project) Title() string {
	if p.PublicName != "" {
		return p.PublicName
	}
	return p.Name
}

// KnownAs reports whether name, as a time export writes it in its project
// column, is this project: its number, name, public name or one of its
// import names. Exports differ in case and spacing from what the office
// typed in project.yaml, so the comparison ignores case, surrounding
// space and runs of inner space; it ignores nothing else, because a
// looser match could publish another customer's rows.
func (p *Project) KnownAs(name string) bool {
	want := foldName(name)
	if want == "" {
		return false
	}
	for _, n := range append([]string{p.Number, p.Name, p.PublicName}, p.ImportNames...) {
		if foldName(n) == want {
			return true
		}
	}
	return false
}

// foldName is name trimmed, with inner runs of white space as one space,
// in lower case.
func foldName(name string) string {
	return strings.ToLower(strings.Join(strings.Fields(name), " "))
}

// Customer names the project's client.
type Customer struct {
	Name    string
	Contact string
}

// Contact is the company's person customers call about a project: the
// site manager or project lead (SPEC §9). It has a name and a phone number
// or an e-mail address, or both.
type Contact struct {
	Name string
	Role string // optional, e.g. Bauleitung
	// Phone is as the office wrote it (0251 123456-12, +49 251 …): only
	// digits, spaces and + ( ) / - . are accepted, so that the page can
	// dial it by keeping the digits and the leading +.
	Phone string
	Email string
}

// Milestone is an appointment or milestone of the schedule.
type Milestone struct {
	Date Date // the day, also when the appointment has a time
	// Time is when the appointment starts ("08:00"), Until when it ends
	// ("12:00"); each is "" or HH:MM in 24 hours, local to the site's
	// time zone. Until is set only with Time, and is after it.
	Time, Until string
	Title       string
	Done        bool
}

// Costs compares planned and actual costs.
type Costs struct {
	Planned  float64
	Actual   float64
	Currency string // ISO 4217, e.g. EUR
}

// TimeEntry is one row of times.csv.
type TimeEntry struct {
	Date     Date
	Start    string // "HH:MM" or ""
	End      string // "HH:MM" or ""
	Hours    float64
	Employee string
	Activity string
	Note     string
}

// Note is a dated report from notes/*.md.
type Note struct {
	Date  Date
	Title string // from front matter "title:", else the file name
	File  string // path relative to the project folder, e.g. notes/2024-05-03-abbruch.md
	Body  string // Markdown without front matter
}

// Photo is an image from photos/.
type Photo struct {
	File    string // slash path relative to the project folder, e.g. photos/vorher.jpg
	Caption string
	Date    Date
}

// File is a document from files/ offered for download.
type File struct {
	File string // slash path relative to the project folder, e.g. files/Angebot.pdf
	Name string // base name, e.g. Angebot.pdf
	Size int64
}
