// Package sitetest writes generated vitrine sites for tests and
// benchmarks: a config.yaml and any number of projects with the records a
// real office keeps, each with read links.
package sitetest

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/links"
)

// Options shape a generated site.
type Options struct {
	Projects        int
	LinksPerProject int // at least 1
	// PhotoEdge is the long edge in pixels of the one photo per project;
	// 0 means no photo. Photos dominate the cost of a rendering.
	PhotoEdge int
	// Templates, when set, is a templates override folder written with
	// these files, e.g. {"style.css": "…"}.
	Templates map[string]string
}

// Config is the config.yaml of a generated site; storage is the folder
// public, the build cache .vitrine.
const Config = `company:
  name: Malerbetrieb Beispiel GmbH
  contact: "info@example.de · 0251 123456"
content: site
%s
locale: de
timezone: Europe/Berlin
base_url: https://projekte.example.de
prefix: p
storage:
  type: dir
  dir: public
publish:
  concurrency: 4
`

// BenchProjects is the number of projects of the generated sites that
// benchmarks use: $VITRINE_BENCH_PROJECTS, or 100 so that `make bench`
// stays quick. The README's figures are for 1000.
func BenchProjects(tb testing.TB) int {
	tb.Helper()
	v := os.Getenv("VITRINE_BENCH_PROJECTS")
	if v == "" {
		return 100
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 {
		tb.Fatalf("VITRINE_BENCH_PROJECTS=%q: want a number of projects", v)
	}
	return n
}

// Slug returns the slug of project i.
func Slug(i int) string { return fmt.Sprintf("p%05d", i) }

// Write creates a site in dir and returns the ids of each project's links
// by slug.
func Write(tb testing.TB, dir string, opts Options) map[string][]string {
	tb.Helper()
	templates := ""
	if opts.Templates != nil {
		templates = "templates: theme"
		for name, text := range opts.Templates {
			WriteFile(tb, filepath.Join(dir, "theme", name), text)
		}
	}
	WriteFile(tb, filepath.Join(dir, "config.yaml"), fmt.Sprintf(Config, templates))
	var photo []byte
	if opts.PhotoEdge > 0 {
		photo = JPEG(tb, opts.PhotoEdge, opts.PhotoEdge*3/4)
	}
	ids := map[string][]string{}
	for i := range opts.Projects {
		slug := Slug(i)
		ids[slug] = Project(tb, filepath.Join(dir, "site", "projects", slug), i, max(opts.LinksPerProject, 1), photo)
	}
	return ids
}

// Project writes project number i into the folder dir with n links and
// returns their ids.
func Project(tb testing.TB, dir string, i, n int, photo []byte) []string {
	tb.Helper()
	files := map[string]string{
		"project.yaml": fmt.Sprintf(`name: "2024-%03d Renovierung Kunde %d"
number: "2024-%03d"
status: active
customer: { name: Kunde %d, contact: "Tel. 0251 %06d" }
address: "Musterstraße %d, 48159 Münster"
description: |
  Renovierung von Wohnzimmer und Flur: Tapeten entfernen, spachteln, streichen.
start: 2024-05-06
end: 2024-06-28
planned_hours: 80
team: [Anna Schmidt, Jonas Weber]
schedule:
  - { date: 2024-05-06, title: Abdecken und Tapeten entfernen, done: true }
  - { date: 2024-05-13, title: Spachteln und Schleifen }
costs: { planned: 9000.00, actual: 4100.50, currency: EUR }
internal:
  hourly_rate: 58
`, i%1000, i, i%1000, i, i, i+1),
		"times.csv":                     times(),
		"notes/2024-05-10-tapeten.md":   "# Tapeten entfernt\n\nAlle Wände sind frei, der Untergrund ist **tragfähig**.\n",
		"notes/2024-05-14-spachteln.md": "# Spachteln\n\nRisse im Flur geschlossen.\n",
		"files/Angebot.pdf":             fmt.Sprintf("%%PDF-1.4 Angebot für Kunde %d\n", i),
	}
	ids := make([]string, n)
	var b strings.Builder
	b.WriteString("links:\n")
	for k := range ids {
		id, err := links.NewID()
		if err != nil {
			tb.Fatal(err)
		}
		ids[k] = id
		fmt.Fprintf(&b, "  - id: %s\n    label: Kunde %d (%d)\n    created: 2026-11-02T09:15:00Z\n    locale: %s\n    sections: [overview, progress, times, schedule, notes, photos, files]\n",
			id, i, k+1, []string{"de", "en"}[k%2])
	}
	b.WriteString("revoked: []\n")
	files["links.yaml"] = b.String()
	for name, text := range files {
		WriteFile(tb, filepath.Join(dir, filepath.FromSlash(name)), text)
	}
	if photo != nil {
		WriteFile(tb, filepath.Join(dir, "photos", "baustelle.jpg"), string(photo))
	}
	return ids
}

// times returns a times.csv as a German time-tracking export writes it.
func times() string {
	var b strings.Builder
	b.WriteString("Datum;Mitarbeiter;Stunden;Tätigkeit;Bemerkung\n")
	for d := 6; d <= 24; d++ {
		fmt.Fprintf(&b, "%02d.05.2024;Anna Schmidt;7,5;Malerarbeiten;Raum %d\n", d, d%4+1)
	}
	return b.String()
}

// WriteFile writes text to name, creating its folder.
func WriteFile(tb testing.TB, name, text string) {
	tb.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		tb.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		tb.Fatal(err)
	}
}

// JPEG encodes a w×h test photo with a gradient, so that it compresses
// like a photo rather than like a flat colour.
func JPEG(tb testing.TB, w, h int) []byte {
	tb.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x ^ y) & 0xff), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		tb.Fatal(err)
	}
	return buf.Bytes()
}
