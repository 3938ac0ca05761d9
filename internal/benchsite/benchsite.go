// Package benchsite writes the synthetic content of issue 11's comparison
// twice: as vitrine records and as an equivalent Hugo site. Each of N
// projects has one read link with the sections overview, progress, times,
// schedule and notes; 100 time entries as a German Kimai export, 5
// Markdown reports and 4 milestones. The Hugo site renders the same data
// to p/<id>/index.html from the same times.csv and report files, with one
// layout, and copies times.csv, style.css and icon.svg into each page's
// folder as vitrine does, so that the two builds do the same work.
//
// scripts/benchcompare builds and publishes both; Go benchmarks may use
// it too, which is why it does not depend on package testing.
package benchsite

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/vitrine/vitrine/internal/links"
)

// Folders of a written site, below the folder given to Write.
const (
	VitrineDir = "vitrine" // config.yaml, site/projects/<slug>/
	HugoDir    = "hugo"    // hugo.yaml, layouts/, content/p/<id>/
)

// Sizes of each project's records.
const (
	Entries    = 100
	Reports    = 5
	Milestones = 4
)

// Markers are strings that a complete page shows: the note of the last time
// entry and the title of the last report. A page that lacks either was cut
// short, whichever tool built it.
var Markers = []string{
	fmt.Sprintf("Eintrag %d von %d", Entries, Entries),
	fmt.Sprintf("Bericht %d von %d", Reports, Reports),
}

// Site is a written site.
type Site struct {
	Dir string   // the folder given to Write
	IDs []string // the link ids, one per project, in project order
}

// Vitrine is the folder of the vitrine records and config.yaml.
func (s *Site) Vitrine() string { return filepath.Join(s.Dir, VitrineDir) }

// Project is the folder of the records of project i.
func (s *Site) Project(i int) string {
	return filepath.Join(s.Vitrine(), "site", "projects", slug(i))
}

// slug names project i.
func slug(i int) string { return fmt.Sprintf("b%06d", i) }

// Hugo is the folder of the Hugo site.
func (s *Site) Hugo() string { return filepath.Join(s.Dir, HugoDir) }

// Write writes n projects into dir, as vitrine records and as a Hugo site.
func Write(dir string, n int) (*Site, error) {
	s := &Site{Dir: dir, IDs: make([]string, n)}
	if err := writeFile(filepath.Join(s.Vitrine(), "config.yaml"), Config("type: dir\n  dir: public")); err != nil {
		return nil, err
	}
	if err := writeHugoTheme(s.Hugo()); err != nil {
		return nil, err
	}
	for i := range n {
		id, err := links.NewID()
		if err != nil {
			return nil, err
		}
		s.IDs[i] = id
		p := newProject(i, id)
		if err := p.writeRecords(filepath.Join(s.Vitrine(), "site", "projects", p.slug)); err != nil {
			return nil, err
		}
		if err := p.writeBundle(filepath.Join(s.Hugo(), "content", "p", id)); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// Config returns a config.yaml for the records of a written site; storage
// is the body of its storage: key, indented by two spaces after its first
// line, e.g. "type: dir\n  dir: public".
func Config(storage string) string {
	return fmt.Sprintf(`company:
  name: %s
  contact: "%s"
content: site
locale: de
timezone: Europe/Berlin
base_url: %s
prefix: p
storage:
  %s
defaults:
  sections: [overview, progress, times, schedule, notes]
`, companyName, companyContact, baseURL, storage)
}

const (
	companyName    = "Malerbetrieb Beispiel GmbH"
	companyContact = "info@example.de · 0251 123456"
	baseURL        = "https://projekte.example.de"
)

// project is the data of one generated project, from which both forms are
// written.
type project struct {
	i          int
	slug, id   string
	number     string
	start, end time.Time
	planned    int
}

func newProject(i int, id string) *project {
	// Projects start on different Mondays, so that weeks and months differ.
	start := time.Date(2024, 3, 4, 0, 0, 0, 0, time.UTC).AddDate(0, 0, 7*(i%26))
	return &project{
		i:       i,
		slug:    slug(i),
		id:      id,
		number:  fmt.Sprintf("B-%06d", i),
		start:   start,
		end:     start.AddDate(0, 0, 7*Entries/entriesPerWeek),
		planned: 400 + 10*(i%30),
	}
}

func writeFile(name, text string) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return os.WriteFile(name, []byte(text), 0o644)
}
