package desk

import (
	"cmp"
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/vitrine/vitrine/internal/content"
	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
	"github.com/vitrine/vitrine/internal/site"
)

// indexData is the desk's main page.
type indexData struct {
	page
	Query       string
	Notice      string       // what the last action did
	NoticeLines []string     // e.g. the CDN's answer
	Problems    []problemRow // not of one project: config, content folder, imports
	Unrouted    []string     // rows of the imports that name no project of the site
	Projects    []projectRow
	Total       int // projects before the search
	Published   time.Time
	Pending     bool     // some project has unpublished changes
	Run         *runView // the desk's last publish, if any
}

type projectRow struct {
	Slug, Title, Number, Status, Customer string
	Unpublished                           bool
	Problems                              []problemRow
	Links                                 []linkRow // active first
	Form                                  createForm
}

// createForm is the "Lese-Link erstellen" form of a project, preset from
// the config's defaults or, after a refused try, with what was typed.
type createForm struct {
	Label, Locale, Expires string
	Sections               []sectionSwitch
	Error                  string
}

type linkRow struct {
	ID, Label, Locale, Created, Expires, URL, Preview string
	Active                                            bool
	Ended                                             string // why an ended link has no page
	Sections                                          []sectionSwitch
	Fresh                                             bool // just created or changed
}

// sectionSwitch is one section's checkbox.
type sectionSwitch struct {
	ID, Name string
	On       bool
}

// problemRow is a fault in the records, in words the office can act on.
type problemRow struct {
	File string
	Line int
	Text string
	Hint string
}

// in reports whether the problem lies in folder dir (as rel writes it).
func (p problemRow) in(dir string) bool { return p.File == dir || strings.HasPrefix(p.File, dir+"/") }

// switches returns a checkbox per section, in page order, on for those in
// on.
func (s *Server) switches(l string, on []project.Section) []sectionSwitch {
	out := make([]sectionSwitch, len(project.AllSections))
	for i, sec := range project.AllSections {
		out[i] = sectionSwitch{ID: string(sec), Name: project.SectionNames[l][sec], On: slices.Contains(on, sec)}
	}
	return out
}

// problemRows turns err, the problems of the records, into rows, with
// file names relative to config.yaml as the office sees them in its
// folder.
func (s *Server) problemRows(err error) []problemRow {
	var list problem.List
	var one *problem.Problem
	switch {
	case errors.As(err, &list):
	case errors.As(err, &one):
		list = problem.List{one}
	case err != nil:
		return []problemRow{{Text: err.Error()}}
	}
	rows := make([]problemRow, len(list))
	for i, p := range list {
		text := p.Msg
		if p.Field != "" {
			text = p.Field + ": " + text
		}
		rows[i] = problemRow{File: s.rel(p.File), Line: p.Line, Text: text, Hint: p.Hint}
	}
	return rows
}

// rel returns path relative to the folder of config.yaml, when inside it.
func (s *Server) rel(path string) string {
	if path == "" {
		return ""
	}
	if r, err := filepath.Rel(s.opt.Config.Path("."), path); err == nil && !strings.HasPrefix(r, "..") {
		return filepath.ToSlash(r)
	}
	return path
}

// index builds the main page from the records as they are now: every
// request reads them afresh, so that edits on disk show without a
// restart.
func (s *Server) index(ctx context.Context, l, query string) (*indexData, *site.Site, error) {
	cfg := s.opt.Config
	st, openErr := site.Open(cfg)
	if openErr != nil && !problem.Is(openErr) {
		return nil, nil, openErr
	}
	d := &indexData{page: s.newPage(l, texts[l]["title"]), Query: query}
	saved := loadState(s.statePath())
	d.Published, d.Run = saved.Published, s.lastRun()
	slugs, err := content.Slugs(cfg.Path(cfg.Content))
	if err != nil && !problem.Is(err) {
		return nil, nil, err
	}
	unrouted, importErr := st.ImportReport(ctx)
	if importErr != nil && !problem.Is(importErr) {
		return nil, nil, importErr
	}
	for _, u := range unrouted {
		d.Unrouted = append(d.Unrouted, u.String())
	}
	open := s.problemRows(errors.Join(openErr, err, importErr))
	now, loc := s.opt.Now(), cfg.Location()
	defaults, _ := project.ParseSections(cfg.Defaults.Sections) // validated with the config
	published := publishedAt(st, now)
	for _, slug := range slugs {
		dir := filepath.Join(cfg.Path(cfg.Content), "projects", slug)
		row := projectRow{Slug: slug, Title: slug,
			Unpublished: saved.Digests[slug] != folderDigest(dir),
			Form:        createForm{Locale: cfg.Locale, Sections: s.switches(l, defaults)}}
		open = slices.DeleteFunc(open, func(p problemRow) bool {
			if !p.in(s.rel(dir)) {
				return false
			}
			row.Problems = append(row.Problems, p)
			return true
		})
		if proj, err := content.Load(ctx, dir); err == nil {
			row.Title, row.Number, row.Customer = proj.Title(), proj.Number, proj.Customer.Name
			row.Status = cmp.Or(statusNames[l][proj.Status], string(proj.Status))
		} else {
			row.Problems = append(row.Problems, s.problemRows(err)...)
		}
		if p := st.Project(slug); p != nil {
			row.Links = s.linkRows(l, p.Links, now, loc, published)
		}
		d.Pending = d.Pending || row.Unpublished
		d.Total++
		if matches(&row, query) {
			d.Projects = append(d.Projects, row)
		}
	}
	d.Problems = open
	return d, st, nil
}

// publishedAt returns the test for whether the site publishes link id at
// now: an entry can be active in its links.yaml and still not be published
// (its id deactivated in another project, or claimed by two projects).
func publishedAt(st *site.Site, now time.Time) func(id string) bool {
	ids := st.Active(now)
	return func(id string) bool { return slices.Contains(ids, id) }
}

// linkRows lists the links of a project, the active ones first, each
// group in the order of links.yaml. A link the site does not publish
// (published) is shown as ended, with the reason among the problems.
func (s *Server) linkRows(l string, f *links.File, now time.Time, loc *time.Location, published func(id string) bool) []linkRow {
	var active, ended []linkRow
	for i := range f.Links {
		k := &f.Links[i]
		row := linkRow{
			ID: k.ID, Label: k.Label, Locale: k.Locale, Created: k.Created.In(loc).Format("02.01.2006 15:04"),
			Expires: dayString(l, k.Expires), URL: s.opt.Config.LinkURL(k.ID),
			Preview: "/" + s.opt.Config.Prefix + "/" + k.ID + "/", Sections: s.switches(l, k.Sections),
		}
		switch k.StateAt(now, loc) {
		case links.Active:
			if !published(k.ID) {
				row.Ended = texts[l]["notPublished"]
				break
			}
			row.Active = true
			active = append(active, row)
			continue
		case links.Deactivated:
			row.Ended = texts[l]["deactivatedOn"] + " " + k.Deactivated.In(loc).Format("02.01.2006")
		case links.Expired:
			row.Ended = texts[l]["expiredOn"] + " " + row.Expires
		}
		ended = append(ended, row)
	}
	return append(active, ended...)
}

// dayString writes a day as the page language does; "" for none.
func dayString(l string, d project.Date) string {
	if d.IsZero() {
		return ""
	}
	if l == "de" {
		return d.Format("02.01.2006")
	}
	return d.Format(time.DateOnly)
}

// matches reports whether a project matches the search: every word of q
// must occur in its slug, title, number, customer or a link's label.
func matches(p *projectRow, q string) bool {
	hay := []string{p.Slug, p.Title, p.Number, p.Customer}
	for _, l := range p.Links {
		hay = append(hay, l.Label)
	}
	text := strings.ToLower(strings.Join(hay, "\n"))
	for _, word := range strings.Fields(strings.ToLower(q)) {
		if !strings.Contains(text, word) {
			return false
		}
	}
	return true
}
