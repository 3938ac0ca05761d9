package render

import (
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/project"
)

func TestDates(t *testing.T) {
	loc := locales(t)
	de, en := loc["de"], loc["en"]
	d := project.NewDate(2024, 3, 4) // a Monday
	for _, c := range []struct{ got, want string }{
		{de.date(d), "04.03.2024"},
		{en.date(d), "4 Mar 2024"},
		{de.dateShort(d), "04.03."},
		{en.dateShort(d), "4 Mar"},
		{de.month(d), "März 2024"},
		{en.month(d), "March 2024"},
		{de.csvDate(d), "04.03.2024"},
		{en.csvDate(d), "2024-03-04"},
		{de.weekday(d), "Mo"},
		{en.weekday(project.NewDate(2024, 3, 10)), "Sun"},
		{de.month(project.Date{}), ""},
	} {
		if c.got != c.want {
			t.Errorf("got %q, want %q", c.got, c.want)
		}
	}
}

func TestDatePattern(t *testing.T) {
	l := &locale{Months: make([]string, 12), MonthsShort: make([]string, 12), Weekdays: make([]string, 7), WeekdaysShort: make([]string, 7)}
	l.Weekdays[4] = "jeudi"
	p, err := parseDatePattern("le {weekday} {d}/{m}/{yyyy}!")
	if err != nil {
		t.Fatal(err)
	}
	if got := l.format(p, project.NewDate(2024, 5, 2)); got != "le jeudi 2/5/2024!" {
		t.Errorf("got %q", got)
	}
	if got := l.format(p, project.NewDate(987, 1, 5)); got != "le  5/1/0987!" {
		t.Errorf("got %q", got)
	}
	for _, bad := range []string{"", "{dd}.{mm}.{yy}", "{dd"} {
		if _, err := parseDatePattern(bad); err == nil {
			t.Errorf("pattern %q accepted", bad)
		}
	}
}

// TestThirdLanguageIsAFile builds a language from a translation table
// alone, the way New builds one for each i18n/*.json of the theme.
func TestThirdLanguageIsAFile(t *testing.T) {
	en, err := readSource(nil, "i18n/en.json")
	if err != nil {
		t.Fatal(err)
	}
	fr := strings.NewReplacer(`"months": ["January"`, `"months": ["janvier"`, `"Overview"`, `"Aperçu"`).Replace(string(en.data))
	loc, err := parseLocale(source{name: "i18n/fr.json", data: []byte(fr)})
	if err != nil {
		t.Fatal(err)
	}
	pages, err := readSources(nil, "*.html")
	if err != nil {
		t.Fatal(err)
	}
	r := newRenderer(t, Options{})
	probes, err := r.probePages(loc)
	if err != nil {
		t.Fatal(err)
	}
	page, err := parsePage(pages, loc, probes)
	if err != nil {
		t.Fatal(err)
	}
	r.themes[loc.lang] = &theme{loc: loc, page: page}
	out, err := r.Render(t.Context(), view("fr", project.SectionOverview), fixtureFS(t))
	if err != nil {
		t.Fatal(err)
	}
	got := string(byPath(t, out)["index.html"].Body)
	for _, want := range []string{`<html lang="fr">`, "Aperçu", "1 May 2024"} {
		if !strings.Contains(got, want) {
			t.Errorf("French page lacks %q", want)
		}
	}
}
