package message

import (
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/project"
)

const id = "0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e21"

func testConfig() *config.Config {
	cfg := config.Default()
	cfg.Company.Name = "Malerbetrieb Beispiel GmbH"
	cfg.BaseURL = "https://projekte.example.de/"
	return cfg
}

// TestText pins the message word for word in both languages: it is what
// the office sends to its customers.
func TestText(t *testing.T) {
	for _, c := range []struct {
		name, title string
		link        links.Link
		want        string
	}{
		{"de", "2024-017 Bad Sanierung Müller", links.Link{
			ID: id, Locale: "de", Sections: []project.Section{project.SectionOverview, project.SectionPhotos},
			Expires: project.NewDate(2027, time.March, 5),
		}, `Guten Tag,

unter diesem Link sehen Sie jederzeit den aktuellen Stand Ihres Projekts „2024-017 Bad Sanierung Müller“:
https://projekte.example.de/p/` + id + `/

Sie finden dort: Projektübersicht und Fotos.
Die Seite ist nur zum Ansehen: Sie brauchen weder Anmeldung noch App, und niemand kann dort etwas ändern.
Der Link ist bis einschließlich 05.03.2027 gültig.
Bitte geben Sie den Link nur an Personen weiter, die den Stand Ihres Projekts sehen sollen.

Mit freundlichen Grüßen
Malerbetrieb Beispiel GmbH
`},
		{"en", "Bathroom", links.Link{
			ID: id, Locale: "en", Sections: []project.Section{project.SectionOverview, project.SectionTimes, project.SectionCosts},
			Expires: project.NewDate(2027, time.March, 5),
		}, `Hello,

at this link you can follow the current state of your project “Bathroom” at any time:
https://projekte.example.de/p/` + id + `/

You will find: project overview, working hours and costs.
The page is read-only: no login or app is needed, and nobody can change anything there.
The link works up to and including 5 March 2027.
Please share the link only with people who should see the state of your project.

Kind regards
Malerbetrieb Beispiel GmbH
`},
		// Without a title, sections or expiry, their sentences go.
		{"en bare", "", links.Link{ID: id, Locale: "en"}, `Hello,

at this link you can follow the current state of your project at any time:
https://projekte.example.de/p/` + id + `/

The page is read-only: no login or app is needed, and nobody can change anything there.
Please share the link only with people who should see the state of your project.

Kind regards
Malerbetrieb Beispiel GmbH
`},
		{"de one section", "", links.Link{ID: id, Locale: "de", Sections: []project.Section{project.SectionFiles}}, `Guten Tag,

unter diesem Link sehen Sie jederzeit den aktuellen Stand Ihres Projekts:
https://projekte.example.de/p/` + id + `/

Sie finden dort: Dokumente zum Herunterladen.
Die Seite ist nur zum Ansehen: Sie brauchen weder Anmeldung noch App, und niemand kann dort etwas ändern.
Bitte geben Sie den Link nur an Personen weiter, die den Stand Ihres Projekts sehen sollen.

Mit freundlichen Grüßen
Malerbetrieb Beispiel GmbH
`},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := Text(testConfig(), c.title, &c.link)
			if err != nil {
				t.Fatal(err)
			}
			if got != c.want {
				t.Errorf("got\n%s\nwant\n%s", got, c.want)
			}
		})
	}
}

// TestLanguage checks that a link in a language without a table gets the
// config's language, and that no table at all is an error.
func TestLanguage(t *testing.T) {
	cfg := testConfig()
	cfg.Locale = "en"
	for _, locale := range []string{"", "fr"} {
		lines, err := Lines(cfg, "", &links.Link{ID: id, Locale: locale})
		if err != nil || lines[0] != "Hello," {
			t.Errorf("link in %q, config in en: %q, %v", locale, lines, err)
		}
	}
	cfg.Locale = "xx"
	if _, err := Lines(cfg, "", &links.Link{ID: id, Locale: "fr"}); err == nil || !strings.Contains(err.Error(), "i18n/fr.json") {
		t.Errorf("no table for fr nor xx: %v", err)
	}
}

// TestEveryLanguageComplete writes the fullest message in every built-in
// language, so that a table short of a label fails here and not in a
// customer's message.
func TestEveryLanguageComplete(t *testing.T) {
	tables, err := loadTables()
	if err != nil {
		t.Fatal(err)
	}
	if len(tables) < 2 {
		t.Fatalf("%d translation tables, want de and en at least", len(tables))
	}
	for lang := range tables {
		l := &links.Link{ID: id, Locale: lang, Sections: project.AllSections, Expires: project.NewDate(2027, time.December, 31)}
		lines, err := Lines(testConfig(), "Bad", l)
		if err != nil {
			t.Errorf("%s: %v", lang, err)
			continue
		}
		for _, line := range lines {
			if strings.ContainsAny(line, "{}") {
				t.Errorf("%s: a placeholder is left: %q", lang, line)
			}
		}
	}
}

// TestValuesStayOnTheirLine checks that a line break in a value from the
// records does not split the message's lines, so that a caller escaping
// line by line sees it.
func TestValuesStayOnTheirLine(t *testing.T) {
	cfg := testConfig()
	cfg.Company.Name = "Maler\nbetrieb"
	lines, err := Lines(cfg, "Bad\n{sections}", &links.Link{ID: id, Locale: "de"})
	if err != nil {
		t.Fatal(err)
	}
	if want := "unter diesem Link sehen Sie jederzeit den aktuellen Stand Ihres Projekts „Bad\n{sections}“:"; lines[2] != want {
		t.Errorf("title line %q, want %q", lines[2], want)
	}
	if last := lines[len(lines)-1]; last != "Maler\nbetrieb" {
		t.Errorf("last line %q", last)
	}
}

func TestMissingLabel(t *testing.T) {
	w := words{table: &table{lang: "fr", Labels: map[string]string{"message.greeting": "Bonjour,"}}}
	if got := w.label("greeting"); got != "Bonjour," {
		t.Errorf("greeting = %q", got)
	}
	if got := w.label("closing"); got != "" || w.err == nil || !strings.Contains(w.err.Error(), `i18n/fr.json has no label "message.closing"`) {
		t.Errorf("missing label: %q, %v", got, w.err)
	}
	if got := w.label("greeting"); got != "" {
		t.Errorf("a label after an error: %q", got)
	}
}

func TestReadTables(t *testing.T) {
	months := `["1","2","3","4","5","6","7","8","9","10","11","12"]`
	tables, err := readTables(fstest.MapFS{
		"i18n/fr.json": {Data: []byte(`{"decimal": ",", "months": ` + months + `, "labels": {"message.and": "et"}}`)},
	})
	if err != nil || tables["fr"] == nil || tables["fr"].Labels["message.and"] != "et" {
		t.Fatalf("readTables: %v, %v", tables, err)
	}
	for name, data := range map[string]string{
		"not JSON":     `{"months": `,
		"short months": `{"months": ["Jan"]}`,
	} {
		if _, err := readTables(fstest.MapFS{"i18n/fr.json": {Data: []byte(data)}}); err == nil || !strings.Contains(err.Error(), "i18n/fr.json") {
			t.Errorf("%s: %v", name, err)
		}
	}
}
