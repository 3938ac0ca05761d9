package render

import (
	"github.com/vitrine/vitrine/internal/access"
	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/project"
)

// probePages are rendered once per language in New: an empty page and one
// with one of everything, in every state a template distinguishes. That
// makes html/template check HTML contexts up front, and makes an override
// with a misspelt field or label fail in New, naming its line, instead of
// in the middle of a publish. The full page is shaped by pageData from a
// filtered project, as a real page is, so that the probe cannot drift from
// what templates get.
func (r *Renderer) probePages(loc *locale) ([]*pageData, error) {
	d := func(day int) project.Date { return project.NewDate(2000, 1, day) }
	p := &project.Project{
		Name: "probe", Number: "1", Status: project.StatusActive,
		Customer: project.Customer{Name: "probe", Contact: "probe"}, Address: "probe",
		Contact:     &project.Contact{Name: "probe", Role: "probe", Phone: "0251 123456", Email: "probe@example.de"},
		Description: "probe", Start: d(1), End: d(31), PlannedHours: 2,
		Team: []string{"probe"},
		Schedule: []project.Milestone{
			{Date: d(1), Title: "probe", Done: true}, {Date: d(2), Title: "probe"},
			{Date: d(10), Title: "probe", Time: "08:00", Until: "12:30"}, {Date: d(20), Title: "probe", Time: "09:00"},
		},
		Costs: &project.Costs{Planned: 1, Actual: 2, Currency: "EUR"},
		Times: []project.TimeEntry{
			{Date: d(3), Hours: 1, Employee: "probe", Activity: "probe", Note: "probe"},
			{Date: d(10), Hours: 1, Employee: "probe", Activity: "probe"},
		},
		Notes:  []project.Note{{Date: d(10), Title: "probe", File: "notes/probe.md", Body: "probe"}},
		Photos: []project.Photo{{File: "photos/probe.jpg", Caption: "probe", Date: d(10)}, {File: "photos/probe2.jpg"}},
		Files:  []project.File{{File: "files/probe.pdf", Name: "probe.pdf", Size: 1}},
	}
	v := access.Filter(p, &links.Link{Locale: loc.lang, Sections: project.AllSections}, access.Options{Today: d(10), NewDays: 7})
	photos := make([]photo, len(v.Photos))
	for i, ph := range v.Photos {
		photos[i] = photo{src: ph, rendition: rendition{file: File{Path: ph.File}, width: 1, height: 1, thumbWidth: 1, thumbHeight: 1}}
	}
	photos[0].thumb = &File{Path: thumbDir + "probe.jpg"}
	full, err := r.pageData(loc, v, photos)
	if err != nil {
		return nil, err
	}
	full.Company = companyData{
		Name: "probe", Contact: contactParts("probe@example.de, 0251 123456"), Logo: "logo.svg", Icon: "logo.svg",
		ImprintURL: "https://example.de/impressum", PrivacyURL: "https://example.de/datenschutz",
	}
	// The other side of each choice: no person to call, nothing new,
	// nothing upcoming, no activities summary, costs within the plan, no
	// logo, no legal pages.
	other := *full
	other.Contact, other.News = nil, nil
	other.Schedule = schedulePage(&texts{loc: loc}, v.Schedule[:1], v.Today, v.Title)
	times := *full.Times
	times.ByActivity = nil
	other.Times = &times
	other.Costs = costsPage(&project.Costs{Planned: 2, Actual: 1})
	other.Company.Logo, other.Company.ImprintURL, other.Company.PrivacyURL = "", "", ""
	return []*pageData{{Lang: loc.lang}, full, &other}, nil
}
