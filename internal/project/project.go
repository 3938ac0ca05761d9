// Package project holds vitrine's domain types: what the office records about
// a project. It does no I/O; internal/content fills these types from site/.
package project

import "time"

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

// Project is everything the office records about one project. Internal is
// free-form and must never be published; internal/access never copies it.
type Project struct {
	Slug        string
	Name        string
	PublicName  string
	Number      string
	Status      Status
	Customer    Customer
	Address     string
	Description string // Markdown
	Start, End  Date
	Updated     Date // optional "updated:" in project.yaml; feeds the "as of" date
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

// Customer names the project's client.
type Customer struct {
	Name    string
	Contact string
}

// Milestone is an appointment or milestone of the schedule.
type Milestone struct {
	Date  Date
	Title string
	Done  bool
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
