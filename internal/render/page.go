package render

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"path"
	"slices"

	"github.com/vitrine/vitrine/internal/access"
	"github.com/vitrine/vitrine/internal/project"
)

// pageFile is the page of a link folder.
const pageFile = "index.html"

// pageData is what page.html renders: the View in the shape templates need,
// with published URLs, rendered Markdown and the figures of charts. A nil
// or empty field is a section the link does not show, so templates test
// data, never settings.
type pageData struct {
	Lang    string
	Title   string
	Company companyData
	// AsOf is the day of the "as of" line: the publish day (View.Today),
	// against which the schedule is next or overdue too.
	AsOf project.Date
	// Contact is the company's person for the project, whom the top of
	// the page offers to call; nil shows the company's contact instead.
	Contact *personData
	// News says what is new, nil when nothing is.
	News *newsData
	// Status belongs to the overview: without it, the header shows none.
	Status   project.Status
	Nav      []project.Section // the sections shown, in page order
	Overview *overviewData
	Progress *progressData
	Times    *timesData
	Schedule []milestoneData
	// Next is the schedule's next entry from the publish day on, which
	// the header shows: what a customer most wants to know. Nil without
	// one.
	Next   *milestoneData
	Notes  []noteData
	Photos []photoData
	Files  []fileData
	Team   []member
	Costs  *costsData
}

type companyData struct {
	Name    string
	Contact []contactPart
	Logo    string // URL of the logo, "" for none
	Icon    string // URL of the page's icon: the logo, else iconFile
	// ImprintURL and PrivacyURL are the legal pages the footer links,
	// "" for none.
	ImprintURL, PrivacyURL string
}

type overviewData struct {
	Number      string
	Customer    project.Customer
	Address     string
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

type noteData struct {
	Date  project.Date
	Title string
	Body  template.HTML
	New   bool
}

type photoData struct {
	Href, Thumb, Alt, Caption string
	Date                      project.Date
	Width, Height             int // of the thumbnail
	New                       bool
}

type fileData struct {
	Href, Name string
	Size       int64
	Kind, Ext  string // see fileKind
}

type costsData struct {
	Planned, Actual float64
	Currency        string
	// Percent is actual of planned; the rest is meaningless when Planned
	// is 0.
	Percent int
	// PlannedBar and ActualBar are the bars' lengths, percent of the
	// larger amount.
	PlannedBar, ActualBar string
	Over                  bool    // actual exceeds planned
	Difference            float64 // |planned − actual|
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
	tx := &texts{loc: loc}
	d := &pageData{
		Lang:  loc.lang,
		Title: v.Title,
		Company: companyData{
			Name: r.company.Name, Contact: r.contact,
			ImprintURL: r.company.ImprintURL, PrivacyURL: r.company.PrivacyURL,
		},
		AsOf:     v.Today,
		Contact:  person(v.Contact),
		Schedule: schedulePage(tx, v.Schedule, v.Today, v.Title),
	}
	d.Company.Icon = iconFile
	if r.company.LogoName != "" {
		d.Company.Logo = href(r.company.LogoName)
		d.Company.Icon = d.Company.Logo
	}
	for _, name := range v.Team {
		d.Team = append(d.Team, member{Name: name, Initials: initials(name)})
	}

	scope := mdScope{photos: make(map[string]string, len(photos)), files: make(map[string]string, len(v.Files))}
	for _, p := range photos {
		scope.photos[published(p.src.File)] = href(p.file.Path)
	}
	for _, f := range v.Files {
		scope.files[published(f.File)] = href(published(f.File))
	}

	if o := v.Overview; o != nil {
		s := scope
		s.shift = 2 // below the section's h2
		desc, err := r.markdown(o.Description, &s)
		if err != nil {
			return nil, err
		}
		d.Status = o.Status
		d.Overview = &overviewData{
			Number: o.Number, Customer: o.Customer, Address: o.Address,
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
		var err error
		if d.Times, err = timesPage(loc, v.Times, v.IsNew); err != nil {
			return nil, err
		}
	}
	for _, n := range v.Notes {
		s := scope
		s.dir, s.shift = path.Dir(n.File), 3 // below the note's h3
		body, err := r.markdown(n.Body, &s)
		if err != nil {
			return nil, err
		}
		d.Notes = append(d.Notes, noteData{Date: n.Date, Title: n.Title, Body: body, New: v.IsNew(n.Date)})
	}
	for i, p := range newestFirst(photos) {
		alt := p.src.Caption
		if alt == "" {
			var err error
			if alt, err = loc.label("photos.alt", "n", i+1); err != nil {
				return nil, err
			}
		}
		d.Photos = append(d.Photos, photoData{
			Href: href(p.file.Path), Thumb: p.thumbHref(), Alt: alt, Caption: p.src.Caption, Date: p.src.Date,
			Width: p.thumbWidth, Height: p.thumbHeight, New: v.IsNew(p.src.Date),
		})
	}
	for _, f := range v.Files {
		name := published(f.Name)
		if name == "" {
			name = path.Base(published(f.File))
		}
		kind, ext := fileKind(name)
		d.Files = append(d.Files, fileData{Href: href(published(f.File)), Name: name, Size: f.Size, Kind: kind, Ext: ext})
	}
	if c := v.Costs; c != nil {
		d.Costs = costsPage(c)
	}
	for i, m := range d.Schedule {
		if m.State == stateToday || m.State == stateUpcoming {
			d.Next = &d.Schedule[i]
			break
		}
	}
	d.News = news(tx, v.NewSince, d)
	d.Nav = d.shown()
	return d, tx.err
}

// newestFirst orders photos by date, the latest first, as the customer
// looks for what is new; undated photos keep the office's order after
// them, as do photos of one day.
func newestFirst(photos []photo) []photo {
	out := slices.Clone(photos)
	slices.SortStableFunc(out, func(a, b photo) int {
		az, bz := a.src.Date.IsZero(), b.src.Date.IsZero()
		switch {
		case az && bz:
			return 0
		case az:
			return 1
		case bz:
			return -1
		}
		return b.src.Date.Compare(a.src.Date.Time)
	})
	return out
}

// costsPage compares planned and actual costs.
func costsPage(c *project.Costs) *costsData {
	cd := &costsData{
		Planned: c.Planned, Actual: c.Actual, Currency: c.Currency,
		Over: c.Actual > c.Planned, Difference: math.Abs(c.Planned - c.Actual),
	}
	if c.Planned > 0 {
		cd.Percent = percentOf(c.Actual, c.Planned)
	}
	top := max(c.Planned, c.Actual)
	cd.PlannedBar, cd.ActualBar = ratio(c.Planned, top), ratio(c.Actual, top)
	return cd
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
