package access_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vitrine/vitrine/internal/access"
	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/project"
)

// markers maps each section to marker strings placed in its data. A marker
// may be in the View only when its section is permitted. Each dated
// section has a year of its own, so that a date of a hidden section that
// reached the View by another way is caught too.
var markers = map[project.Section][]string{
	project.SectionOverview: {"LKovwNumber", "LKovwCustName", "LKovwAddress", "LKovwDescription", "2039"},
	project.SectionTimes:    {"LKtimesActivity", "LKtimesNote", "2041"},
	project.SectionSchedule: {"LKschedTitle", "2043"},
	project.SectionNotes:    {"LKnotesTitle", "LKnotesBody", "LKnotesFile", "2042"},
	project.SectionPhotos:   {"LKphotosCaption", "LKphotosFile", "2045"},
	project.SectionFiles:    {"LKfilesName"},
	project.SectionTeam:     {"LKteamMember"},
	project.SectionCosts:    {"98765"},
}

// customerContact are the customer's own phone and e-mail address, as
// offices write them into customer.contact.
var customerContact = []string{"LKcustPhone", "0170 5551234", "lk.kunde@example.de"}

// jointMarkers may be in the View only when both sections are permitted:
// the names of those who worked are times shown with the team, and the
// customer's contact details are overview data shown with
// customer_contact.
var jointMarkers = []struct {
	a, b    project.Section
	markers []string
}{
	{project.SectionTimes, project.SectionTeam, []string{"LKteamEmployee"}},
	{project.SectionOverview, project.SectionCustomerContact, customerContact},
}

// internalMarkers are never in a View.
var internalMarkers = []string{"LKinternalNote", "LKinternalDeep"}

// companyContact is the company's person, in every View.
const companyContact = "LKcompanyContact"

// leakProject carries a marker in every field Filter may copy.
func leakProject() *project.Project {
	d := func(y int) project.Date { return project.NewDate(y, time.March, 13) }
	return &project.Project{
		Slug: "leak", Name: "Projekt Leak", Number: "LKovwNumber", Status: project.StatusActive,
		Customer:    project.Customer{Name: "LKovwCustName", Contact: strings.Join(customerContact, " · ")},
		Contact:     &project.Contact{Name: companyContact, Role: "Bauleitung", Phone: "0251 1234", Email: "bau@firma.de"},
		Address:     "LKovwAddress",
		Description: "LKovwDescription",
		Start:       d(2039), End: d(2039),
		PlannedHours: 100,
		Team:         []string{"LKteamMember"},
		Schedule:     []project.Milestone{{Date: d(2043), Time: "08:00", Until: "12:00", Title: "LKschedTitle", Done: true}},
		Costs:        &project.Costs{Planned: 98765, Actual: 1, Currency: "EUR"},
		Times:        []project.TimeEntry{{Date: d(2041), Hours: 7.5, Employee: "LKteamEmployee", Activity: "LKtimesActivity", Note: "LKtimesNote"}},
		Notes:        []project.Note{{Date: d(2042), Title: "LKnotesTitle", File: "notes/LKnotesFile.md", Body: "LKnotesBody"}},
		Photos:       []project.Photo{{File: "photos/LKphotosFile.jpg", Caption: "LKphotosCaption", Date: d(2045)}},
		Files:        []project.File{{File: "files/LKfilesName.pdf", Name: "LKfilesName.pdf", Size: 1}},
		Internal:     map[string]any{"note": "LKinternalNote", "nested": map[string]any{"deep": "LKinternalDeep"}},
	}
}

// TestNoHiddenByteInView filters the marker project for every subset of
// the sections and checks that the View holds no marker of a hidden
// section, no internal marker, and the customer's phone and e-mail only
// when both overview and customer_contact are permitted (a neighbour given
// a link with overview and progress must not read them). Each permitted
// section must show its markers, so that the test cannot pass by copying
// nothing.
func TestNoHiddenByteInView(t *testing.T) {
	p := leakProject()
	all := project.AllSections
	opt := access.Options{Today: project.NewDate(2050, time.January, 2), NewDays: 7}
	for mask := range 1 << len(all) {
		var sections []project.Section
		for i, s := range all {
			if mask&(1<<i) != 0 {
				sections = append(sections, s)
			}
		}
		l := &links.Link{ID: "0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e21", Locale: "de", Sections: sections}
		b, err := json.Marshal(access.Filter(p, l, opt))
		if err != nil {
			t.Fatal(err)
		}
		view := string(b)
		for _, m := range internalMarkers {
			if strings.Contains(view, m) {
				t.Fatalf("sections %v: internal marker %q in the View", sections, m)
			}
		}
		for s, ms := range markers {
			for _, m := range ms {
				if shown := l.Has(s); shown != strings.Contains(view, m) {
					t.Fatalf("sections %v: marker %q of section %s in the View: %v, want %v", sections, m, s, !shown, shown)
				}
			}
		}
		for _, j := range jointMarkers {
			shown := l.Has(j.a) && l.Has(j.b)
			for _, m := range j.markers {
				if shown != strings.Contains(view, m) {
					t.Fatalf("sections %v: marker %q of %s with %s in the View: %v, want %v", sections, m, j.a, j.b, !shown, shown)
				}
			}
		}
		if !strings.Contains(view, companyContact) {
			t.Fatalf("sections %v: the company's contact person is missing", sections)
		}
	}
}

func TestNewSince(t *testing.T) {
	today := project.NewDate(2026, time.December, 3)
	tests := []struct {
		name  string
		opt   access.Options
		since project.Date
	}{
		{"a week, today included", access.Options{Today: today, NewDays: 7}, project.NewDate(2026, time.November, 27)},
		{"today only", access.Options{Today: today, NewDays: 1}, today},
		{"across the year", access.Options{Today: project.NewDate(2027, time.January, 2), NewDays: 7}, project.NewDate(2026, time.December, 27)},
		{"off", access.Options{Today: today, NewDays: 0}, project.Date{}},
		{"no publish day", access.Options{NewDays: 7}, project.Date{}},
	}
	for _, tt := range tests {
		v := access.Filter(leakProject(), &links.Link{}, tt.opt)
		if v.NewSince != tt.since || v.Today != tt.opt.Today {
			t.Errorf("%s: NewSince %s, Today %s; want %s, %s", tt.name, v.NewSince, v.Today, tt.since, tt.opt.Today)
		}
	}
}

func TestIsNew(t *testing.T) {
	v := access.Filter(leakProject(), &links.Link{}, access.Options{Today: project.NewDate(2026, time.December, 3), NewDays: 7})
	off := access.Filter(leakProject(), &links.Link{}, access.Options{Today: project.NewDate(2026, time.December, 3)})
	tests := []struct {
		day  project.Date
		want bool
	}{
		{project.NewDate(2026, time.November, 26), false},
		{project.NewDate(2026, time.November, 27), true},
		{project.NewDate(2026, time.December, 3), true},
		{project.NewDate(2026, time.December, 4), false}, // written ahead
		{project.Date{}, false},                          // undated
	}
	for _, tt := range tests {
		if got := v.IsNew(tt.day); got != tt.want {
			t.Errorf("IsNew(%s) = %v, want %v", tt.day, got, tt.want)
		}
		if off.IsNew(tt.day) {
			t.Errorf("IsNew(%s) with new_days 0 = true", tt.day)
		}
	}
}

// TestScheduleOrder: the View's schedule is in date order; on one day an
// appointment without a time (all day) comes before those with one.
func TestScheduleOrder(t *testing.T) {
	d := func(day int) project.Date { return project.NewDate(2026, time.March, day) }
	p := &project.Project{Schedule: []project.Milestone{
		{Date: d(11), Title: "e"}, {Date: d(10), Time: "13:00", Title: "c"},
		{Date: d(10), Time: "08:00", Until: "12:00", Title: "b"}, {Date: d(10), Title: "a"}, {Date: d(9), Time: "16:00", Title: "0"},
	}}
	v := access.Filter(p, &links.Link{Sections: []project.Section{project.SectionSchedule}}, access.Options{})
	var got []string
	for _, m := range v.Schedule {
		got = append(got, m.Title)
	}
	if want := []string{"0", "a", "b", "c", "e"}; !slices.Equal(got, want) {
		t.Errorf("schedule %v, want %v", got, want)
	}
}

// TestContactIsACopy: the View's contact is the project's, but changing
// the View does not change the Project, nor does a project without one get
// a contact.
func TestContactIsACopy(t *testing.T) {
	p := leakProject()
	v := access.Filter(p, &links.Link{}, access.Options{})
	if v.Contact == nil || *v.Contact != *p.Contact {
		t.Fatalf("Contact %+v, want %+v", v.Contact, p.Contact)
	}
	v.Contact.Name = "changed"
	if p.Contact.Name != companyContact {
		t.Errorf("changing the View's contact changed the project's")
	}
	p.Contact = nil
	if v := access.Filter(p, &links.Link{}, access.Options{}); v.Contact != nil {
		t.Errorf("Contact %+v for a project without one, want nil", v.Contact)
	}
}
