package site_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitrine/vitrine/internal/access"
	"github.com/vitrine/vitrine/internal/content"
	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/project"
	"github.com/vitrine/vitrine/internal/render"
)

// markers maps each section to marker strings placed in every one of its
// fields. A marker may appear in published bytes only when its section is
// permitted; "internal" markers never may. Each dated section has a year of
// its own, so that a date derived from a hidden section (such as the "as
// of" date) is caught too; the status is marked by its rare value.
var markers = map[project.Section][]string{
	project.SectionOverview: {"LKovwNumber", "LKovwCustName", "LKovwAddress", "LKovwDescription", "2039", `class="badge status-paused"`},
	// The customer's own contact details need overview and customer_contact
	// (shown).
	project.SectionCustomerContact: {"LKovwCustContact"},
	project.SectionTimes:           {"LKtimesActivity", "LKtimesNote", "2040"},
	project.SectionSchedule:        {"LKschedTitle", "LKschedUpcoming", "2043", "2044"},
	project.SectionNotes:           {"LKnotesTitle", "LKnotesBody", "LKnotesAlt", "LKnotesFileName", "2042", "LKnotesNewTitle"},
	project.SectionPhotos:          {"LKphotosCaption", "LKphotosFile"},
	project.SectionFiles:           {"LKfilesName", "LKfilesContent"},
	project.SectionTeam:            {"LKteamMember", "LKteamEmployee"},
	project.SectionCosts:           {"98.765", "98,765"},
}

// internalMarkers are never published: the internal block, photo metadata,
// and the columns of a time export that vitrine does not know (rates,
// amounts, e-mail addresses, staff numbers, tags).
var internalMarkers = []string{"LKinternalNote", "LKinternalDeep", "LKinternalExif",
	"LKinternalRate", "LKinternalAmount", "LKinternalMail", "LKinternalStaffNo", "LKinternalTag"}

// proof is one marker per section that must appear when the section is
// permitted, so that the test cannot pass by publishing nothing.
var proof = map[project.Section]string{
	project.SectionOverview: "LKovwAddress",
	project.SectionTimes:    "LKtimesActivity",
	project.SectionSchedule: "LKschedTitle",
	project.SectionNotes:    "LKnotesBody",
	project.SectionPhotos:   "LKphotosCaption",
	project.SectionFiles:    "LKfilesName",
	project.SectionTeam:     "LKteamMember",
	project.SectionProgress: `id="progress"`,
	project.SectionCosts:    `id="costs"`,

	project.SectionCustomerContact: "LKovwCustContact",
}

// contactMarker is in the project's contact, the company's person for the
// project, whom every page names whatever its sections.
const contactMarker = "LKcontactName"

// newsWords are the words of the "Neu" line for each section it counts,
// in both languages: the line must count a section's new items exactly
// when the link shows the section (the fixture has one new item of each).
var newsWords = map[project.Section][]string{
	project.SectionNotes:  {"neuer Bericht", "new report"},
	project.SectionPhotos: {"1 Foto", "1 photo"},
	project.SectionTimes:  {"Stunden", "hours"},
}

// checkNews checks the "Neu" line of the page in out.
func checkNews(t *testing.T, sections []project.Section, locale string, l *links.Link, out string) {
	t.Helper()
	var news string
	if i := strings.Index(out, `<p class="news">`); i >= 0 {
		news = out[i : i+strings.Index(out[i:], "</p>")]
	}
	for s, words := range newsWords {
		counted := strings.Contains(news, words[0]) || strings.Contains(news, words[1])
		if counted != l.Has(s) {
			t.Fatalf("sections %v (%s): the Neu line %q counts %s: %v, want %v", sections, locale, news, s, counted, l.Has(s))
		}
	}
}

// shown reports whether link l shows the data of section s.
func shown(l *links.Link, s project.Section) bool {
	if s == project.SectionCustomerContact {
		return l.Has(s) && l.Has(project.SectionOverview)
	}
	return l.Has(s)
}

const leakProject = `name: "Projekt Leak"
number: "LKovwNumber"
status: paused
customer: { name: LKovwCustName, contact: LKovwCustContact }
contact: { name: LKcontactName, role: Bauleitung, phone: "0251 555123", email: bauleitung@example.de }
address: "LKovwAddress"
description: "LKovwDescription"
start: 2039-05-01
end: 2039-07-31
planned_hours: 100
team: [LKteamMember]
schedule:
  - { date: 2043-05-03, title: LKschedTitle, done: true }
  - { date: 2044-06-16, title: LKschedUpcoming }
costs: { planned: 98765.43, actual: 500, currency: EUR }
photos:
  - { file: photos/LKphotosFile.jpg, caption: LKphotosCaption, date: 2041-01-01 }
internal:
  note: LKinternalNote
  nested: { deep: LKinternalDeep }
`

const leakNote = "# LKnotesTitle\n\nLKnotesBody ![LKnotesAlt](photos/LKphotosFile.jpg) and [the offer](files/LKfilesName.pdf).\n"

func writeLeakProject(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "leak")
	files := map[string][]byte{
		"project.yaml": []byte(leakProject),
		"times.csv": []byte("Datum;Mitarbeiter;Stunden;Tätigkeit;Bemerkung;Projekt;Stundensatz;Betrag;E-Mail;Personalnummer;Tags\n" +
			"30.12.2040;LKteamEmployee;7,5;LKtimesActivity;LKtimesNote;Projekt Leak;LKinternalRate;LKinternalAmount;LKinternalMail@example.de;LKinternalStaffNo;LKinternalTag\n"),
		"notes/2042-04-14-LKnotesFileName.md": []byte(leakNote),
		"notes/2041-01-01-neu.md":             []byte("# LKnotesNewTitle\n\nNeu.\n"),
		"photos/LKphotosFile.jpg":             jpegWithComment(t, "LKinternalExif"),
		"files/LKfilesName.pdf":               []byte("%PDF-1.4 LKfilesContent"),
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// jpegWithComment encodes a small JPEG and inserts a COM segment holding
// text right after the SOI marker, as cameras and editors store metadata.
func jpegWithComment(t *testing.T, text string) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		for y := range 30 {
			img.Set(x, y, color.RGBA{uint8(x * 6), uint8(y * 8), 90, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	n := len(text) + 2
	seg := append([]byte{0xFF, 0xFE, byte(n >> 8), byte(n)}, text...)
	return append(append(append([]byte{}, b[:2]...), seg...), b[2:]...)
}

// published returns every byte a link folder would publish: the paths
// and the contents, one string.
func published(t *testing.T, files []render.File) string {
	t.Helper()
	var all strings.Builder
	for _, f := range files {
		all.WriteString(f.Path + "\n")
		body := f.Body
		if f.Open != nil {
			r, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			body, err = io.ReadAll(r)
			r.Close()
			if err != nil {
				t.Fatal(err)
			}
		}
		all.Write(body)
		all.WriteString("\n")
	}
	return all.String()
}

// TestNoHiddenByteIsPublished renders the marker project for every subset
// of the nine sections, in both languages, and checks that no marker of a
// hidden section and no internal marker reaches any published byte.
func TestNoHiddenByteIsPublished(t *testing.T) {
	dir := writeLeakProject(t)
	ctx := context.Background()
	p, err := content.Load(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(leakNote, "LKphotosFile") || len(p.Photos) != 1 || len(p.Files) != 1 || len(p.Notes) != 2 || len(p.Times) != 1 {
		t.Fatalf("fixture not loaded completely: %+v", p)
	}
	r, err := render.New(render.Options{Company: render.Company{Name: "Firma"}})
	if err != nil {
		t.Fatal(err)
	}
	fsys := os.DirFS(dir)
	all := project.AllSections
	for mask := range 1 << len(all) {
		var sections []project.Section
		for i, s := range all {
			if mask&(1<<i) != 0 {
				sections = append(sections, s)
			}
		}
		for _, locale := range []string{"de", "en"} {
			l := &links.Link{ID: "0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e21", Locale: locale, Sections: sections}
			// Three days after the time entry, in a year of no marker: the
			// entry is new, the schedule ahead (calendar files).
			files, err := r.Render(ctx, access.Filter(p, l, access.Options{Today: project.NewDate(2041, time.January, 2), NewDays: 7}), fsys)
			if err != nil {
				t.Fatalf("sections %v: %v", sections, err)
			}
			out := published(t, files)
			for _, m := range internalMarkers {
				if strings.Contains(out, m) {
					t.Fatalf("sections %v (%s): internal marker %q published", sections, locale, m)
				}
			}
			checkNews(t, sections, locale, l, out)
			if !strings.Contains(out, contactMarker) {
				t.Fatalf("sections %v (%s): the project's contact is not on the page", sections, locale)
			}
			for s, ms := range markers {
				shown := shown(l, s)
				for _, m := range ms {
					if !shown && strings.Contains(out, m) {
						t.Fatalf("sections %v (%s): marker %q of hidden section %s published", sections, locale, m, s)
					}
				}
				if want, ok := proof[s]; ok && shown && !strings.Contains(out, want) {
					t.Fatalf("sections %v (%s): permitted section %s not published (%q missing)", sections, locale, s, want)
				}
			}
		}
	}
}
