package render

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"path"

	"github.com/vitrine/vitrine/internal/access"
	"github.com/vitrine/vitrine/internal/project"
)

// pageFile is the page of a link folder.
const pageFile = "index.html"

// pageData is what page.html renders: the View in the shape templates need,
// with published URLs and rendered Markdown. A nil or empty field is a
// section the link does not show, so templates test data, never settings.
type pageData struct {
	Lang     string
	Title    string
	Company  companyData
	AsOf     project.Date
	Nav      []project.Section // the sections shown, in page order
	Overview *overviewData
	Progress *progressData
	Times    *timesData
	Schedule []project.Milestone
	Notes    []noteData
	Photos   []photoData
	Files    []fileData
	Team     []string
	Costs    *costsData
}

type companyData struct {
	Name, Contact string
	Logo          string // URL of the logo, "" for none
}

type overviewData struct {
	Number      string
	Customer    project.Customer
	Address     string
	Status      project.Status
	Start, End  project.Date
	Description template.HTML
}

type progressData struct {
	Percent        int
	HoursWorked    float64
	PlannedHours   float64
	MilestonesDone int
	MilestonesAll  int
}

type timesData struct {
	Entries []project.TimeEntry
	Total   float64
	// ShowEmployee is set when any entry names an employee, which only a
	// View with the team section has.
	ShowEmployee bool
	Weeks        []weekData
	MaxWeek      float64 // the longest bar of the week chart
}

type weekData struct {
	Year, Week int // ISO 8601
	Hours      float64
}

type noteData struct {
	Date  project.Date
	Title string
	Body  template.HTML
}

type photoData struct {
	Href, Alt, Caption string
	Date               project.Date
	Width, Height      int
}

type fileData struct {
	Href, Name string
	Size       int64
}

type costsData struct {
	Planned, Actual float64
	Currency        string
	Percent         int // actual of planned; meaningless when Planned is 0
	Gauge           int // Percent clamped to 0–100 for the meter
}

// page renders index.html.
func (r *Renderer) page(th *theme, v *access.View, photos []photo) ([]byte, error) {
	d, err := r.pageData(th.loc, v, photos)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := th.page.ExecuteTemplate(&buf, pageTemplate, d); err != nil {
		return nil, fmt.Errorf("render page: %w", err)
	}
	return buf.Bytes(), nil
}

// pageData shapes v for the templates.
func (r *Renderer) pageData(loc *locale, v *access.View, photos []photo) (*pageData, error) {
	d := &pageData{
		Lang:     loc.lang,
		Title:    v.Title,
		Company:  companyData{Name: r.company.Name, Contact: r.company.Contact},
		AsOf:     v.AsOf,
		Schedule: v.Schedule,
		Team:     v.Team,
	}
	if r.company.LogoName != "" {
		d.Company.Logo = href(r.company.LogoName)
	}

	scope := mdScope{photos: make(map[string]string, len(photos)), files: make(map[string]string, len(v.Files))}
	for _, p := range photos {
		scope.photos[p.src.File] = href(p.file.Path)
	}
	for _, f := range v.Files {
		scope.files[f.File] = href(f.File)
	}

	if o := v.Overview; o != nil {
		s := scope
		s.shift = 2 // below the section's h2
		desc, err := r.markdown(o.Description, &s)
		if err != nil {
			return nil, err
		}
		d.Overview = &overviewData{
			Number: o.Number, Customer: o.Customer, Address: o.Address, Status: o.Status,
			Start: o.Start, End: o.End, Description: desc,
		}
	}
	if p := v.Progress; p != nil {
		d.Progress = &progressData{
			Percent:        int(math.Round(p.Percent)),
			HoursWorked:    round2(p.HoursWorked),
			PlannedHours:   round2(p.PlannedHours),
			MilestonesDone: p.MilestonesDone,
			MilestonesAll:  p.MilestonesAll,
		}
	}
	if v.Times != nil {
		d.Times = timesPage(v.Times)
	}
	for _, n := range v.Notes {
		s := scope
		s.dir, s.shift = path.Dir(n.File), 3 // below the note's h3
		body, err := r.markdown(n.Body, &s)
		if err != nil {
			return nil, err
		}
		d.Notes = append(d.Notes, noteData{Date: n.Date, Title: n.Title, Body: body})
	}
	for i, p := range photos {
		alt := p.src.Caption
		if alt == "" {
			var err error
			if alt, err = loc.label("photos.alt", "n", i+1); err != nil {
				return nil, err
			}
		}
		d.Photos = append(d.Photos, photoData{
			Href: href(p.file.Path), Alt: alt, Caption: p.src.Caption, Date: p.src.Date,
			Width: p.width, Height: p.height,
		})
	}
	for _, f := range v.Files {
		name := f.Name
		if name == "" {
			name = path.Base(f.File)
		}
		d.Files = append(d.Files, fileData{Href: href(f.File), Name: name, Size: f.Size})
	}
	if c := v.Costs; c != nil {
		d.Costs = &costsData{Planned: c.Planned, Actual: c.Actual, Currency: c.Currency}
		if c.Planned > 0 {
			d.Costs.Percent = percentOf(c.Actual, c.Planned)
			d.Costs.Gauge = min(max(d.Costs.Percent, 0), 100)
		}
	}
	d.Nav = d.shown()
	return d, nil
}

// timesPage adds totals and the weekly chart to the time entries, which
// the View holds oldest first.
func timesPage(t *access.Times) *timesData {
	td := &timesData{Entries: t.Entries, Total: round2(t.Total)}
	for _, e := range t.Entries {
		td.ShowEmployee = td.ShowEmployee || e.Employee != ""
		y, w := e.Date.ISOWeek()
		if n := len(td.Weeks); n > 0 && td.Weeks[n-1].Year == y && td.Weeks[n-1].Week == w {
			td.Weeks[n-1].Hours += e.Hours
		} else {
			td.Weeks = append(td.Weeks, weekData{Year: y, Week: w, Hours: e.Hours})
		}
	}
	for i := range td.Weeks {
		td.Weeks[i].Hours = round2(td.Weeks[i].Hours)
		td.MaxWeek = max(td.MaxWeek, td.Weeks[i].Hours)
	}
	return td
}

// shown lists the sections that have data, in page order, for the
// navigation.
func (d *pageData) shown() []project.Section {
	has := []struct {
		section project.Section
		ok      bool
	}{
		{project.SectionOverview, d.Overview != nil},
		{project.SectionProgress, d.Progress != nil},
		{project.SectionTimes, d.Times != nil},
		{project.SectionSchedule, len(d.Schedule) > 0},
		{project.SectionNotes, len(d.Notes) > 0},
		{project.SectionPhotos, len(d.Photos) > 0},
		{project.SectionFiles, len(d.Files) > 0},
		{project.SectionTeam, len(d.Team) > 0},
		{project.SectionCosts, d.Costs != nil},
	}
	var out []project.Section
	for _, h := range has {
		if h.ok {
			out = append(out, h.section)
		}
	}
	return out
}
