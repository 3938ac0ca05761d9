package render

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/vitrine/vitrine/internal/access"
	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
	"github.com/vitrine/vitrine/templates"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// golden compares got with testdata/golden/name, or rewrites it with -update.
func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	file := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.WriteFile(file, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the golden file; run go test -update and review the diff\ngot:\n%s", name, got)
	}
}

var defaultSections = []project.Section{
	project.SectionOverview, project.SectionProgress, project.SectionTimes, project.SectionSchedule,
	project.SectionNotes, project.SectionPhotos, project.SectionFiles,
}

func TestGolden(t *testing.T) {
	r := newRenderer(t, Options{})
	cases := []struct {
		name string
		view *access.View
	}{
		{"all-de", view("de", project.AllSections...)},
		{"all-en", view("en", project.AllSections...)},
		{"defaults-de", view("de", defaultSections...)},
		{"overview-only", view("", project.SectionOverview)},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := r.Render(context.Background(), c.view, fixtureFS(t))
			if err != nil {
				t.Fatal(err)
			}
			fs := byPath(t, out)
			golden(t, c.name+".html.golden", fs["index.html"].Body)
			if csv, ok := fs["times.csv"]; ok {
				golden(t, c.name+".csv.golden", csv.Body)
			} else if c.view.Times != nil {
				t.Error("times.csv missing although the times section is shown")
			}
		})
	}
}

// TestGoldenSections renders each section alone, in each language, and
// compares the section's HTML: a change to one partial shows as a diff of
// that partial only.
func TestGoldenSections(t *testing.T) {
	r := newRenderer(t, Options{})
	for _, s := range project.AllSections {
		if s == project.SectionCustomerContact {
			continue // no section of its own: it adds to the overview's customer
		}
		for _, lang := range []string{"de", "en"} {
			t.Run(string(s)+"-"+lang, func(t *testing.T) {
				out, err := r.Render(context.Background(), view(lang, s), fixtureFS(t))
				if err != nil {
					t.Fatal(err)
				}
				golden(t, "section-"+string(s)+"-"+lang+".html.golden", sectionHTML(t, byPath(t, out)["index.html"].Body, s))
			})
		}
	}
}

// sectionHTML cuts the section s out of a page.
func sectionHTML(t *testing.T, page []byte, s project.Section) []byte {
	t.Helper()
	start := bytes.Index(page, []byte(`<section id="`+string(s)+`"`))
	if start < 0 {
		t.Fatalf("page has no section %s:\n%s", s, page)
	}
	end := bytes.Index(page[start:], []byte("</section>"))
	return page[start : start+end+len("</section>\n")]
}

func TestRenderFiles(t *testing.T) {
	r := newRenderer(t, Options{})
	out, err := r.Render(context.Background(), view("de", project.AllSections...), fixtureFS(t))
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		"index.html":            "text/html; charset=utf-8",
		"style.css":             "text/css; charset=utf-8",
		"logo.svg":              "image/svg+xml",
		"times.csv":             "text/csv; charset=utf-8",
		"photos/vorher.jpg":     "image/jpeg",
		"photos/nachher.png":    "image/png",
		"files/Angebot Bad.pdf": "application/pdf",
		"files/Grundriss.pdf":   "application/pdf",
		// The two upcoming appointments, and both in one file.
		"calendar/6f844b004b1d93e81936.ics": calendarType,
		"calendar/af7ef975ca9130a288b7.ics": calendarType,
		"calendar.ics":                      calendarType,
	}
	var paths []string
	for _, f := range out {
		paths = append(paths, f.Path)
		if ct, ok := want[f.Path]; !ok {
			t.Errorf("unexpected file %s", f.Path)
		} else if f.ContentType != ct {
			t.Errorf("%s: content type %q, want %q", f.Path, f.ContentType, ct)
		}
		if (f.Body == nil) == (f.Open == nil) {
			t.Errorf("%s: exactly one of Body and Open must be set", f.Path)
		}
	}
	if len(out) != len(want) {
		t.Errorf("got files %v, want %d files", paths, len(want))
	}
	if !slices.IsSorted(paths) {
		t.Errorf("files not sorted by path: %v", paths)
	}
	rc, err := byPath(t, out)["files/Grundriss.pdf"].Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	if b, _ := io.ReadAll(rc); string(b) != "%PDF-1.4 Grundriss" {
		t.Errorf("document streams %q", b)
	}
}

func TestRenderRefusesUnsealedView(t *testing.T) {
	r := newRenderer(t, Options{})
	for _, v := range []*access.View{nil, {Title: "forged", Team: []string{"x"}}} {
		if _, err := r.Render(context.Background(), v, fstest.MapFS{}); !errors.Is(err, ErrUnsealed) {
			t.Errorf("Render(%v) = %v, want ErrUnsealed", v, err)
		}
	}
}

func TestRenderUnknownLocale(t *testing.T) {
	r := newRenderer(t, Options{})
	if _, err := r.Render(context.Background(), view("fr", project.SectionOverview), fixtureFS(t)); err == nil {
		t.Error("rendered a locale without translation table")
	}
}

// TestHiddenSectionsLeakNothing checks the privacy rule end to end: what a
// link does not show appears in no byte of its folder.
func TestHiddenSectionsLeakNothing(t *testing.T) {
	r := newRenderer(t, Options{})
	out, err := r.Render(context.Background(), view("de", project.SectionOverview), fixtureFS(t))
	if err != nil {
		t.Fatal(err)
	}
	var all []byte
	for _, f := range out {
		all = append(all, f.Path...)
		// The theme's stylesheet and the logo are the same for every link
		// and hold no project data; colours like #6b7582 would only
		// match the short secrets below by chance.
		if f.Path != styleFile && f.Path != "logo.svg" {
			all = append(all, f.Body...)
		}
	}
	for _, secret := range []string{
		"Anna", "Jonas", "Abbruch", "Rohinstallation", "Fliesenleger", "Kunde zahlt", "58",
		"vorher", "Angebot Bad", "Angebot%20Bad", "files/", "photos/", "Grundriss", "11.250",
		"18.000", "times.csv", "Fortschritt", "Zeiten", "Vor Beginn", "2024-017 Bad",
	} {
		if bytes.Contains(all, []byte(secret)) {
			t.Errorf("overview-only link folder contains %q", secret)
		}
	}
	if len(out) != 3 { // index.html, logo.svg, style.css
		t.Errorf("got %d files, want 3", len(out))
	}
}

// TestEmployeesNeedTeam checks that names stay out of page and CSV without
// the team section, and appear with it.
func TestEmployeesNeedTeam(t *testing.T) {
	r := newRenderer(t, Options{})
	for _, team := range []bool{false, true} {
		sections := []project.Section{project.SectionTimes}
		if team {
			sections = append(sections, project.SectionTeam)
		}
		out, err := r.Render(context.Background(), view("de", sections...), fixtureFS(t))
		if err != nil {
			t.Fatal(err)
		}
		fs := byPath(t, out)
		for _, name := range []string{"index.html", "times.csv"} {
			body := string(fs[name].Body)
			if got := strings.Contains(body, "Jonas Weber"); got != team {
				t.Errorf("team=%v: %s names employees: %v", team, name, got)
			}
			if got := strings.Contains(body, "Mitarbeiter"); got != team {
				t.Errorf("team=%v: %s has an employee column: %v", team, name, got)
			}
		}
	}
}

func TestRenderIsDeterministic(t *testing.T) {
	r := newRenderer(t, Options{})
	v := view("de", project.AllSections...)
	first, err := r.Render(context.Background(), v, fixtureFS(t))
	if err != nil {
		t.Fatal(err)
	}
	second, err := r.Render(context.Background(), view("de", project.AllSections...), fixtureFS(t))
	if err != nil {
		t.Fatal(err)
	}
	assertSameFiles(t, first, second)
}

// TestRenderConcurrently shares one Renderer between goroutines, as
// publish does; run with -race.
func TestRenderConcurrently(t *testing.T) {
	r := newRenderer(t, Options{})
	dir := fixtureFS(t)
	want, err := r.Render(context.Background(), view("en", project.AllSections...), dir)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	results := make([][]File, 8)
	for i := range results {
		wg.Go(func() {
			locale := []string{"de", "en"}[i%2]
			out, err := r.Render(context.Background(), view(locale, project.AllSections...), dir)
			if err != nil {
				t.Error(err)
			}
			results[i] = out
		})
	}
	wg.Wait()
	for i := 1; i < len(results); i += 2 {
		assertSameFiles(t, want, results[i])
	}
}

func assertSameFiles(t *testing.T, a, b []File) {
	t.Helper()
	if len(a) != len(b) {
		t.Fatalf("%d files, then %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Path != b[i].Path || a[i].ContentType != b[i].ContentType || !bytes.Equal(a[i].Body, b[i].Body) {
			t.Errorf("file %d differs: %s and %s", i, a[i].Path, b[i].Path)
		}
	}
}

func TestRenderStopsWhenCancelled(t *testing.T) {
	r := newRenderer(t, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := r.Render(ctx, view("de", project.SectionPhotos), fixtureFS(t)); !errors.Is(err, context.Canceled) {
		t.Errorf("got %v, want context.Canceled", err)
	}
}

func TestNewRejectsBadLogo(t *testing.T) {
	for _, c := range []Company{
		{Name: "x", Logo: []byte("<svg/>")},
		{Name: "x", LogoName: "logo.svg"},
		{Name: "x", Logo: []byte("<svg/>"), LogoName: "../logo.svg"},
		{Name: "x", Logo: []byte("<svg/>"), LogoName: "style.css"},
		{Name: "x", Logo: []byte("#!/bin/sh"), LogoName: "logo.sh"},
	} {
		if _, err := New(Options{Company: c}); err == nil {
			t.Errorf("New accepted logo %q with %d bytes", c.LogoName, len(c.Logo))
		}
	}
}

func TestOverrides(t *testing.T) {
	r := newRenderer(t, Options{Overrides: fstest.MapFS{
		"section-team.html": {Data: []byte(`<section id="team"><p>Ihr Team: {{range .}}{{.Name}} {{end}}</p></section>`)},
		"style.css":         {Data: []byte("body{color:red}")},
		"unrelated.txt":     {Data: []byte("ignored")},
	}})
	out, err := r.Render(context.Background(), view("de", project.SectionTeam), fixtureFS(t))
	if err != nil {
		t.Fatal(err)
	}
	fs := byPath(t, out)
	if page := string(fs["index.html"].Body); !strings.Contains(page, "<p>Ihr Team: Anna Schmidt Jonas Weber </p>") {
		t.Errorf("override of section-team.html not used:\n%s", page)
	}
	if css := string(fs["style.css"].Body); css != "body{color:red}" {
		t.Errorf("style.css = %q, want the override", css)
	}
}

// TestOverridesSavedByNotepad checks that theme files saved on Windows,
// with a byte order mark and CRLF, work: the mark must neither break the
// JSON nor reach the page.
func TestOverridesSavedByNotepad(t *testing.T) {
	de, err := fs.ReadFile(templates.FS, "i18n/de.json")
	if err != nil {
		t.Fatal(err)
	}
	de = bytes.Replace(de, []byte(`"section.team": "Team"`), []byte(`"section.team": "Unser Team"`), 1)
	bom := func(s []byte) []byte {
		return append([]byte("\ufeff"), bytes.ReplaceAll(s, []byte("\n"), []byte("\r\n"))...)
	}
	r, err := New(Options{Overrides: fstest.MapFS{
		"i18n/de.json":      {Data: bom(de)},
		"section-team.html": {Data: bom([]byte("<section id=\"team\">\n<p>{{t \"section.team\"}}: {{range .}}{{.Name}} {{end}}</p>\n</section>"))},
	}})
	if err != nil {
		t.Fatal(err)
	}
	out, err := r.Render(context.Background(), view("de", project.SectionTeam), fixtureFS(t))
	if err != nil {
		t.Fatal(err)
	}
	page := string(byPath(t, out)["index.html"].Body)
	if !strings.Contains(page, "<p>Unser Team: Anna Schmidt Jonas Weber </p>") {
		t.Errorf("overrides not used:\n%s", page)
	}
	if strings.Contains(page, "\ufeff") {
		t.Error("byte order mark of an override reached the page")
	}
}

func TestBrokenOverrideNamesFileAndLine(t *testing.T) {
	cases := []struct {
		file, data string
		line       int
	}{
		{"section-notes.html", "<section>\n{{range .}}\n{{.Title}\n</section>", 3},
		{"page.html", "<html>\n{{if .Title}}<a href=\"{{else}}<b>{{end}}\n</html>", 2},
		{"page.html", "<p>\n{{template \"section-overview.html\" .Nope}}</p>", 2},
		{"section-team.html", "<ul>\n{{range .}}<li>{{t \"tema\"}}</li>{{end}}</ul>", 2},
		{"i18n/en.json", "{\n  \"decimal\": \".\",\n  \"colour\": \"x\"\n}", 0},
		{"i18n/de.json", "{\n  \"decimal\": \",\"\n  \"group\": \".\"\n}", 3},
	}
	for _, c := range cases {
		_, err := New(Options{Overrides: fstest.MapFS{c.file: {Data: []byte(c.data)}}})
		var p *problem.Problem
		if !errors.As(err, &p) {
			t.Errorf("%s: got %v, want a *problem.Problem", c.file, err)
			continue
		}
		if p.File != c.file || p.Line != c.line {
			t.Errorf("%s: problem at %s:%d, want %s:%d (%v)", c.file, p.File, p.Line, c.file, c.line, p)
		}
	}
}

// TestIconWithoutLogo: a page without a logo still names an icon of its
// own folder, so that no browser asks for /favicon.ico outside it.
func TestIconWithoutLogo(t *testing.T) {
	r, err := New(Options{Company: Company{Name: "Malerbetrieb Beispiel GmbH"}})
	if err != nil {
		t.Fatal(err)
	}
	out, err := r.Render(t.Context(), view("de", project.SectionOverview), fixtureFS(t))
	if err != nil {
		t.Fatal(err)
	}
	files := byPath(t, out)
	if ico := string(files["icon.svg"].Body); !strings.Contains(ico, ">MB</text>") || files["icon.svg"].ContentType != "image/svg+xml" {
		t.Errorf("icon.svg = %q", ico)
	}
	if page := string(files["index.html"].Body); !strings.Contains(page, `<link rel="icon" href="icon.svg">`) || strings.Contains(page, "logo") {
		t.Error("page without logo does not name icon.svg as its icon")
	}
}
