package render

import (
	"github.com/vitrine/vitrine/internal/project"
)

// probePages are rendered once per language in New: an empty page and one
// with one of everything. That makes html/template check HTML contexts up
// front, and makes an override with a misspelt field or label fail in New,
// naming its line, instead of in the middle of a publish.
func probePages(lang string) []*pageData {
	d := project.NewDate(2000, 1, 1)
	full := &pageData{
		Lang:    lang,
		Title:   "probe",
		Company: companyData{Name: "probe", Contact: "probe", Logo: "logo.svg"},
		AsOf:    d,
		Nav:     project.AllSections,
		Overview: &overviewData{
			Number: "1", Customer: project.Customer{Name: "probe", Contact: "probe"}, Address: "probe",
			Status: project.StatusActive, Start: d, End: d, Description: "<p>probe</p>",
		},
		Progress: &progressData{Percent: 50, HoursWorked: 1, PlannedHours: 2, MilestonesDone: 1, MilestonesAll: 2},
		Times: &timesData{
			Entries: []project.TimeEntry{{Date: d, Hours: 1, Employee: "probe", Activity: "probe", Note: "probe"}},
			Total:   1, ShowEmployee: true, Weeks: []weekData{{Year: 2000, Week: 1, Hours: 1}}, MaxWeek: 1,
		},
		Schedule: []project.Milestone{{Date: d, Title: "probe", Done: true}, {Date: d, Title: "probe"}},
		Notes:    []noteData{{Date: d, Title: "probe", Body: "<p>probe</p>"}},
		Photos:   []photoData{{Href: "photos/probe.jpg", Alt: "probe", Caption: "probe", Date: d, Width: 1, Height: 1}},
		Files:    []fileData{{Href: "files/probe.pdf", Name: "probe.pdf", Size: 1}},
		Team:     []string{"probe"},
		Costs:    &costsData{Planned: 2, Actual: 1, Currency: "EUR", Percent: 50, Gauge: 50},
	}
	return []*pageData{{Lang: lang}, full}
}
