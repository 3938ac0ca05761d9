package render

import (
	"bytes"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
	"testing/fstest"
	"time"

	"github.com/vitrine/vitrine/internal/access"
	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/project"
)

// The fixture: one project with data in every section, and the project
// folder its photos and documents are read from.

const linkID = "0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e21"

func date(y int, m time.Month, d int) project.Date { return project.NewDate(y, m, d) }

func fixtureProject() *project.Project {
	return &project.Project{
		Slug:       "2024-017-bad-mueller",
		Name:       "2024-017 Bad Sanierung Müller",
		PublicName: "Badsanierung Familie Müller",
		Number:     "2024-017",
		Status:     project.StatusActive,
		Customer:   project.Customer{Name: "Familie Müller", Contact: "Herr Müller"},
		Address:    "Musterstraße 1, 48159 Münster",
		Contact:    &project.Contact{Name: "Petra Klein", Role: "Bauleitung", Phone: "0251 123456-12", Email: "p.klein@example.de"},
		Description: "Komplettsanierung des **Badezimmers** im 1. OG.\n" +
			"Details im [Angebot](files/Angebot%20Bad.pdf), Ausgangslage: ![Bad vor Beginn](photos/vorher.jpg)\n\n" +
			"# Umfang\n\nFliesen, Sanitär, Elektro.",
		Start:        date(2024, 5, 1),
		End:          date(2024, 7, 31),
		PlannedHours: 120,
		Team:         []string{"Anna Schmidt", "Jonas Weber"},
		Schedule: []project.Milestone{
			{Date: date(2024, 5, 3), Title: "Abbruch alte Fliesen", Done: true},
			{Date: date(2024, 5, 10), Title: "Elektroprüfung", Done: false},
			{Date: date(2024, 5, 13), Title: "Rohinstallation Sanitär", Done: true},
			{Date: date(2024, 5, 13), Time: "08:00", Until: "09:30", Title: "Baubesprechung vor Ort", Done: false},
			{Date: date(2024, 6, 3), Time: "07:30", Title: "Fliesenleger, Bad; 1. OG", Done: false},
		},
		Costs: &project.Costs{Planned: 18000, Actual: 11250.5, Currency: "EUR"},
		Times: []project.TimeEntry{
			{Date: date(2024, 5, 3), Hours: 7.5, Employee: "Anna Schmidt", Activity: "Abbruch", Note: "Fliesen; Estrich \"lose\""},
			{Date: date(2024, 5, 3), Hours: 8, Employee: "Jonas Weber", Activity: "Abbruch", Note: ""},
			{Date: date(2024, 5, 6), Hours: 6.25, Employee: "Jonas Weber", Activity: "Entsorgung", Note: "=HYPERLINK(\"http://x\")"},
			{Date: date(2024, 5, 13), Hours: 12.5, Employee: "Anna Schmidt", Activity: "Rohinstallation", Note: "Testwert"},
		},
		Notes: []project.Note{
			{
				Date: date(2024, 5, 13), Title: "Rohinstallation fertig", File: "notes/2024-05-13-rohinstallation.md",
				Body: "Leitungen liegen, siehe ![neue Leitungen](../photos/nachher.png).\n" +
					"Frage an Sie: <script>alert(1)</script> bitte [anrufen](tel:+49251123456).\n\n" +
					"## Nächste Schritte\n\nMehr unter <https://example.de/info>.",
			},
			{
				Date: date(2024, 5, 3), Title: "Abbruch begonnen", File: "notes/2024-05-03-abbruch.md",
				Body: "Der Abbruch hat begonnen. Plan: [Grundriss](files/Grundriss.pdf).",
			},
		},
		Photos: []project.Photo{
			{File: "photos/vorher.jpg", Caption: "Vor Beginn", Date: date(2024, 5, 1)},
			{File: "photos/nachher.png", Date: date(2024, 5, 8)},
		},
		Files: []project.File{
			{File: "files/Angebot Bad.pdf", Name: "Angebot Bad.pdf", Size: 1234567},
			{File: "files/Grundriss.pdf", Name: "Grundriss.pdf", Size: 532},
		},
		Internal: map[string]any{"hourly_rate": 58, "notes": "Kunde zahlt langsam."},
	}
}

// fixtureFS is the project folder of fixtureProject.
func fixtureFS(t testing.TB) fstest.MapFS {
	t.Helper()
	return fstest.MapFS{
		"photos/vorher.jpg":     {Data: encodeJPEG(t, pattern(64, 48))},
		"photos/nachher.png":    {Data: encodePNG(t, pattern(30, 20))},
		"files/Angebot Bad.pdf": {Data: []byte("%PDF-1.4 Angebot")},
		"files/Grundriss.pdf":   {Data: []byte("%PDF-1.4 Grundriss")},
	}
}

func link(locale string, sections ...project.Section) *links.Link {
	return &links.Link{ID: linkID, Label: "Familie Müller", Locale: locale, Sections: sections}
}

// publishDay is the day the fixture's pages are published, and fixtureNew
// the days before it whose items are new: the report and the hours of
// 13.05. and the photo of 08.05.
var (
	publishDay = date(2024, 5, 13)
	fixtureNew = access.Options{Today: publishDay, NewDays: 7}
)

// view filters the fixture through access.Filter, as the pipeline does.
func view(locale string, sections ...project.Section) *access.View {
	return access.Filter(fixtureProject(), link(locale, sections...), fixtureNew)
}

// pattern returns a w×h image with distinct colours so that scaling and
// rotation show.
func pattern(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(255 * x / w), uint8(255 * y / h), 128, 255})
		}
	}
	return img
}

func encodeJPEG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func encodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func newRenderer(t testing.TB, opts Options) *Renderer {
	t.Helper()
	if opts.Company.Name == "" {
		opts.Company = Company{
			Name: "Malerbetrieb Beispiel GmbH", Contact: "info@example.de · 0251 123456",
			Logo: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`), LogoName: "logo.svg",
			ImprintURL: "https://www.example.de/impressum", PrivacyURL: "https://www.example.de/datenschutz",
		}
	}
	r, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// byPath returns the rendered files by path.
func byPath(t testing.TB, fs []File) map[string]File {
	t.Helper()
	m := make(map[string]File, len(fs))
	for _, f := range fs {
		m[f.Path] = f
	}
	return m
}
