package access

import (
	"slices"
	"strings"

	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/project"
)

// Options are what Filter needs to know of the build besides project and
// link. They are given, never read from the clock, so that two builds on
// the same day give the same bytes.
type Options struct {
	// Today is the publish day in the site's time zone; zero when unknown.
	Today project.Date
	// NewDays is how many days, Today included, an item counts as new;
	// 0 marks nothing new.
	NewDays int
}

// newSince returns the first of the NewDays days that end with Today, or
// the zero Date when nothing is new.
func (o Options) newSince() project.Date {
	if o.NewDays <= 0 || o.Today.IsZero() {
		return project.Date{}
	}
	return project.Date{Time: o.Today.AddDate(0, 0, 1-o.NewDays)}
}

// Filter returns the View of p that link l permits. Each section is copied
// only when permitted; slices are cloned so that the View shares no backing
// array with the Project.
func Filter(p *project.Project, l *links.Link, opt Options) *View {
	v := &View{
		sealed:   true,
		LinkID:   l.ID,
		Locale:   l.Locale,
		Title:    p.Title(),
		Today:    opt.Today,
		NewSince: opt.newSince(),
		Sections: slices.Clone(l.Sections),
	}
	if p.Contact != nil {
		c := *p.Contact
		v.Contact = &c
	}
	if l.Has(project.SectionOverview) {
		customer := project.Customer{Name: p.Customer.Name}
		if l.Has(project.SectionCustomerContact) {
			customer.Contact = p.Customer.Contact
		}
		v.Overview = &Overview{
			Number:      p.Number,
			Customer:    customer,
			Address:     p.Address,
			Status:      p.Status,
			Start:       p.Start,
			End:         p.End,
			Description: p.Description,
		}
	}
	if l.Has(project.SectionProgress) {
		v.Progress = progress(p)
	}
	if l.Has(project.SectionTimes) {
		t := &Times{Entries: slices.Clone(p.Times)}
		for i := range t.Entries {
			if !l.Has(project.SectionTeam) {
				t.Entries[i].Employee = ""
			}
			t.Total += t.Entries[i].Hours
		}
		slices.SortStableFunc(t.Entries, func(a, b project.TimeEntry) int {
			return a.Date.Compare(b.Date.Time)
		})
		v.Times = t
	}
	if l.Has(project.SectionSchedule) {
		v.Schedule = slices.Clone(p.Schedule)
		// An appointment without a time (all day) comes first on its day.
		slices.SortStableFunc(v.Schedule, func(a, b project.Milestone) int {
			if c := a.Date.Compare(b.Date.Time); c != 0 {
				return c
			}
			return strings.Compare(a.Time, b.Time)
		})
	}
	if l.Has(project.SectionNotes) {
		v.Notes = slices.Clone(p.Notes)
		slices.SortStableFunc(v.Notes, func(a, b project.Note) int {
			if c := b.Date.Compare(a.Date.Time); c != 0 {
				return c
			}
			return strings.Compare(a.File, b.File)
		})
	}
	if l.Has(project.SectionPhotos) {
		v.Photos = slices.Clone(p.Photos)
	}
	if l.Has(project.SectionFiles) {
		v.Files = slices.Clone(p.Files)
	}
	if l.Has(project.SectionTeam) {
		v.Team = slices.Clone(p.Team)
	}
	if l.Has(project.SectionCosts) && p.Costs != nil {
		c := *p.Costs
		v.Costs = &c
	}
	return v
}

// progress derives the progress figures. A manual percentage wins; a done
// project is complete; otherwise hours against the budget, and without a
// budget the share of milestones done.
func progress(p *project.Project) *Progress {
	pr := &Progress{PlannedHours: p.PlannedHours, MilestonesAll: len(p.Schedule)}
	for _, t := range p.Times {
		pr.HoursWorked += t.Hours
	}
	for _, m := range p.Schedule {
		if m.Done {
			pr.MilestonesDone++
		}
	}
	switch {
	case p.Progress > 0:
		pr.Percent = p.Progress
	case p.Status == project.StatusDone:
		pr.Percent = 100
	case p.PlannedHours > 0:
		pr.Percent = 100 * pr.HoursWorked / p.PlannedHours
	case pr.MilestonesAll > 0:
		pr.Percent = 100 * float64(pr.MilestonesDone) / float64(pr.MilestonesAll)
	}
	pr.Percent = min(max(pr.Percent, 0), 100)
	return pr
}
