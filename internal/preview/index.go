package preview

import (
	"bytes"
	_ "embed"
	"html/template"
	"net/http"
	"strings"
	"time"

	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/site"
)

// styleURL is where the office pages find their stylesheet. It lies
// outside every link folder, like the index itself.
const styleURL = "/_vitrine/office.css"

var (
	//go:embed office.html
	officeHTML string
	//go:embed office.css
	officeStyle []byte

	office = template.Must(template.New("office").Parse(officeHTML))
)

// indexData is the office index: every project with its active links.
type indexData struct {
	Title    string
	Style    string
	Company  string
	Problems []string
	Projects []projectRow
	Active   int
}

type projectRow struct {
	Slug  string
	Links []linkRow
	Ended []endedRow // deactivated or expired links, which have no page
}

// endedRow is a link that publish takes offline, and why: the office must
// see that its customer no longer has a page.
type endedRow struct {
	Label, State, Since string
}

type linkRow struct {
	Label, Locale, Sections, Expires string
	Preview, Public                  string // URLs
}

// serveIndex lists the projects and active links of the records as they
// are now.
func (s *Server) serveIndex(w http.ResponseWriter, r *http.Request) {
	st, err := site.Open(s.cfg)
	d := indexData{Title: "Preview – " + s.cfg.Company.Name, Style: styleURL, Company: s.cfg.Company.Name}
	var probs problem.List
	if err != nil && !probs.Add(err) {
		s.fail(w, http.StatusInternalServerError, "Cannot read the records", err)
		return
	}
	for _, p := range probs {
		d.Problems = append(d.Problems, p.Error())
	}
	now, loc := s.now(), s.cfg.Location()
	for _, p := range st.Projects {
		row := projectRow{Slug: p.Slug}
		for i := range p.Links.Links {
			l := &p.Links.Links[i]
			switch l.StateAt(now, loc) {
			case links.Expired:
				row.Ended = append(row.Ended, endedRow{Label: l.Label, State: "expired", Since: "last day " + l.Expires.String()})
				continue
			case links.Deactivated:
				row.Ended = append(row.Ended, endedRow{Label: l.Label, State: "deactivated", Since: "on " + l.Deactivated.In(loc).Format(time.DateOnly)})
				continue
			}
			sections := make([]string, len(l.Sections))
			for i, sec := range l.Sections {
				sections[i] = string(sec)
			}
			row.Links = append(row.Links, linkRow{
				Label: l.Label, Locale: l.Locale, Sections: strings.Join(sections, ", "), Expires: l.Expires.String(),
				Preview: "/" + s.cfg.Prefix + "/" + l.ID + "/", Public: s.cfg.LinkURL(l.ID),
			})
			d.Active++
		}
		d.Projects = append(d.Projects, row)
	}
	s.page(w, http.StatusOK, "index", d)
}

// errorData is an office page that explains why a request failed.
type errorData struct {
	Style, Title string
	Lines        []string
}

// fail answers with an office page that shows err, one line per problem.
func (s *Server) fail(w http.ResponseWriter, status int, title string, err error) {
	s.page(w, status, "error", errorData{Style: styleURL, Title: title, Lines: strings.Split(err.Error(), "\n")})
}

// page renders the office template name. The office pages carry the same
// kind of policy as the customer pages: nothing but their own stylesheet.
func (s *Server) page(w http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	if err := office.ExecuteTemplate(&buf, name, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
