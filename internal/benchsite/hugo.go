package benchsite

import (
	_ "embed"
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"

	"github.com/vitrine/vitrine/templates"
)

// layout is the Hugo site's one page layout, the counterpart of vitrine's
// page.html and section partials.
//
//go:embed hugo/single.html
var layout string

// hugoConfig leaves on what vitrine's page needs (Markdown by goldmark
// without raw HTML, dates from report file names) and switches off the
// kinds of page vitrine does not write.
const hugoConfig = `baseURL: %s/
languageCode: de-DE
defaultContentLanguage: de
title: %s
timeZone: Europe/Berlin
disableKinds: [home, section, taxonomy, term, RSS, sitemap, robotsTXT, "404"]
frontmatter:
  date: [":filename", ":default"]
markup:
  goldmark:
    renderer:
      unsafe: false
params:
  contact: "%s"
`

// icon is the page icon each folder carries, as vitrine writes it for a
// company without a logo.
const icon = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" rx="14" fill="#1b5aa6"/><text x="32" y="42" fill="#fff" font-family="system-ui, sans-serif" font-size="26" font-weight="700" text-anchor="middle">MB</text></svg>
`

// style is vitrine's stylesheet, so that both tools copy the same bytes.
var style = func() string {
	b, err := fs.ReadFile(templates.FS, "style.css")
	if err != nil {
		panic(err) // embedded: present in every build
	}
	return string(b)
}()

// writeHugoTheme writes the Hugo site's configuration and layout.
func writeHugoTheme(dir string) error {
	if err := writeFile(filepath.Join(dir, "hugo.yaml"), fmt.Sprintf(hugoConfig, baseURL, companyName, companyContact)); err != nil {
		return err
	}
	return writeFile(filepath.Join(dir, "layouts", "_default", "single.html"), layout)
}

// writeBundle writes the project as a Hugo leaf bundle into dir: the page
// index.md with the master data in front matter and the description as
// body, and as its resources the same times.csv and report files as the
// records, the stylesheet and the icon.
func (p *project) writeBundle(dir string) error {
	name, contact := p.customer()
	var b strings.Builder
	fmt.Fprintf(&b, "---\ntitle: %q\nnumber: %q\nstatus: active\n", p.title(), p.number)
	fmt.Fprintf(&b, "customer: { name: %s, contact: %q }\naddress: %q\n", name, contact, p.address())
	fmt.Fprintf(&b, "start: %q\nend: %q\nplanned_hours: %d\nschedule:\n", day(p.start), day(p.end), p.planned)
	for _, m := range p.milestones() {
		fmt.Fprintf(&b, "  - { date: %q, title: %s, done: %t }\n", day(m.date), m.title, m.done)
	}
	b.WriteString("---\n")
	b.WriteString(p.description())
	return p.writeFiles(dir, map[string]string{
		"index.md":  b.String(),
		"style.css": style,
		"icon.svg":  icon,
	})
}
