package render

import (
	"maps"
	"mime"
	"slices"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/project"
)

// locales loads the built-in translation tables.
func locales(t *testing.T) map[string]*locale {
	t.Helper()
	srcs, err := readSources(nil, "i18n/*.json")
	if err != nil {
		t.Fatal(err)
	}
	m := map[string]*locale{}
	for _, src := range srcs {
		l, err := parseLocale(src)
		if err != nil {
			t.Fatal(err)
		}
		m[l.lang] = l
	}
	return m
}

// nbsp keeps number and unit on one line; the tables write it as \u00a0.
const nbsp = "\u00a0"

func TestFormat(t *testing.T) {
	loc := locales(t)
	de, en := loc["de"], loc["en"]
	must := func(s string, err error) string {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	cases := []struct{ got, want string }{
		{de.number(7.5, 2, true), "7,5"},
		{en.number(7.5, 2, true), "7.5"},
		{de.number(1234.5, 2, false), "1.234,50"},
		{en.number(1234.5, 2, false), "1,234.50"},
		{de.number(1234567, 0, false), "1.234.567"},
		{de.number(-0.001, 2, false), "0,00"},
		{de.number(-1500, 2, true), "-1.500"},
		{de.number(7.1+0.2, 2, true), "7,3"},
		{de.money(18000, "EUR"), "18.000,00" + nbsp + "€"},
		{en.money(18000, "EUR"), "€18,000.00"},
		{de.money(99.5, "CHF"), "99,50" + nbsp + "CHF"},
		{en.money(99.5, "CHF"), "CHF" + nbsp + "99.50"},
		{en.money(99.5, ""), "99.50"},
		{must(de.hours(7.5)), "7,5" + nbsp + "Std."},
		{must(en.hours(7.5)), "7.5" + nbsp + "h"},
		{must(de.percent(63)), "63" + nbsp + "%"},
		{must(en.percent(63)), "63%"},
		{de.date(project.NewDate(2024, 5, 3)), "03.05.2024"},
		{en.date(project.NewDate(2024, 5, 3)), "3 May 2024"},
		{de.date(project.Date{}), ""},
		{must(de.size(1)), "1" + nbsp + "Byte"},
		{must(en.size(999)), "999" + nbsp + "bytes"},
		{must(de.size(1234567)), "1,2" + nbsp + "MB"},
		{must(en.size(1234567)), "1.2" + nbsp + "MB"},
		{must(de.size(340_000)), "340" + nbsp + "kB"},
		{must(de.size(999_960)), "1" + nbsp + "MB"},
		{must(en.size(2_500_000_000)), "2.5" + nbsp + "GB"},
	}
	for i, c := range cases {
		if c.got != c.want {
			t.Errorf("case %d: got %q, want %q", i, c.got, c.want)
		}
	}
}

func TestLabel(t *testing.T) {
	en := locales(t)["en"]
	for _, c := range []struct {
		key  string
		args []any
		want string
	}{
		{"photos.count", []any{"n", 1}, "1 photo"},
		{"photos.count", []any{"n", 2}, "2 photos"},
		{"photos.count", []any{"n", 0}, "0 photos"},
		{"progress.milestones", []any{"done", 1, "n", 3}, "1 of 3 milestones reached"},
		{"as_of", []any{"date", "3 May 2024"}, "As of 3 May 2024"},
	} {
		if got, err := en.label(c.key, c.args...); err != nil || got != c.want {
			t.Errorf("label(%q, %v) = %q, %v; want %q", c.key, c.args, got, err, c.want)
		}
	}
	if _, err := en.label("no.such.label"); err == nil {
		t.Error("unknown label accepted")
	}
	if _, err := en.label("as_of", "date"); err == nil {
		t.Error("odd arguments accepted")
	}
}

// TestParseLabel checks that labels split once fill in as replacing each
// {name} in the text would: unknown and malformed braces stay as written,
// and a value is never filled in again.
func TestParseLabel(t *testing.T) {
	args := []any{"n", 3, "name", "{n}", "x", 1.5}
	for _, text := range []string{
		"", "plain", "{n}", "{n} of {n}", "a {n} b {name} c", "{unknown} {n}", "{{n}}", "{n", "n}", "{}", "{ n }", "{x}{n}{",
	} {
		l := &locale{parsed: map[string][]part{"k": parseLabel(text)}}
		got, err := l.label("k", args...)
		want := strings.NewReplacer("{n}", "3", "{name}", "{n}", "{x}", "1.5").Replace(text)
		if err != nil || got != want {
			t.Errorf("label %q = %q, %v; want %q", text, got, err, want)
		}
	}
}

// TestLocalesComplete keeps the built-in languages in step: a label added
// to one table must be added to all.
func TestLocalesComplete(t *testing.T) {
	loc := locales(t)
	if len(loc) < 2 {
		t.Fatalf("found %d translation tables, want de and en at least", len(loc))
	}
	want := slices.Sorted(maps.Keys(loc[defaultLocale].Labels))
	for lang, l := range loc {
		if got := slices.Sorted(maps.Keys(l.Labels)); !slices.Equal(got, want) {
			t.Errorf("%s labels differ from %s:\n%v\n%v", lang, defaultLocale, got, want)
		}
	}
}

func TestDocumentType(t *testing.T) {
	// A machine's MIME table may know types of the +xml family, which
	// browsers run like a web page (RSS, Atom, MathML, …).
	if err := mime.AddExtensionType(".vtfeed", "application/rss+xml"); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]string{
		"files/news.vtfeed":  "application/octet-stream",
		"files/x.mjs":        "application/octet-stream",
		"files/Angebot.pdf":  "application/pdf",
		"files/Angebot.PDF":  "application/pdf",
		"files/Plan.docx":    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
		"files/liesmich.txt": "text/plain; charset=utf-8",
		"files/export.csv":   "text/csv; charset=utf-8",
		"files/foto.jpg":     "image/jpeg",
		"files/seite.html":   "application/octet-stream",
		"files/skizze.svg":   "application/octet-stream",
		"files/x.js":         "application/octet-stream",
		"files/plan.dwg123":  "application/octet-stream",
		"files/ohne":         "application/octet-stream",
	} {
		if got := documentType(name); got != want {
			t.Errorf("documentType(%q) = %q, want %q", name, got, want)
		}
	}
}

func TestHref(t *testing.T) {
	for p, want := range map[string]string{
		"photos/bad.jpg":         "photos/bad.jpg",
		"files/Plan #2 für?.pdf": "files/Plan%20%232%20f%C3%BCr%3F.pdf",
		"files/100% fertig.pdf":  "files/100%25%20fertig.pdf",
		"files/a:b.pdf":          "files/a:b.pdf",
	} {
		if got := href(p); got != want {
			t.Errorf("href(%q) = %q, want %q", p, got, want)
		}
	}
}

func TestCSVCell(t *testing.T) {
	for in, want := range map[string]string{
		"=SUM(A1)": "'=SUM(A1)",
		"+49 251":  "'+49 251",
		"-Wand":    "'-Wand",
		"@user":    "'@user",
		"Fliesen":  "Fliesen",
		"":         "",
		"5 = fünf": "5 = fünf",
	} {
		if got := cell(in); got != want {
			t.Errorf("cell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTimesCSVFormat(t *testing.T) {
	r := newRenderer(t, Options{})
	out, err := r.Render(t.Context(), view("en", project.SectionTimes), fixtureFS(t))
	if err != nil {
		t.Fatal(err)
	}
	csv := string(byPath(t, out)["times.csv"].Body)
	if !strings.HasPrefix(csv, "\ufeffDate;Hours;Activity;Note\r\n") {
		t.Errorf("times.csv starts %q", csv[:min(len(csv), 40)])
	}
	if strings.Count(csv, "\r\n") != 5 || strings.Count(csv, "\n") != 5 {
		t.Errorf("times.csv has not 5 CRLF-terminated lines:\n%q", csv)
	}
}
