package site_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
	"github.com/vitrine/vitrine/internal/site"
	"github.com/vitrine/vitrine/internal/site/sitetest"
	"github.com/vitrine/vitrine/internal/storage/dir"
)

// mixedExport is one export for all projects, as a time-tracking tool
// writes it: rows of the projects 0, 1 and 2 (by number, by name and by an
// import name) and one of a project vitrine does not know, on line 5.
const mixedExport = "Datum;Mitarbeiter;Stunden;Tätigkeit;Bemerkung;Projekt\n" +
	"03.06.2024;Jonas Weber;2,5;ImportNull;Lack;2024-000\n" +
	"04.06.2024;Jonas Weber;4;ImportEins;Decke;2024-001 Renovierung Kunde 1\n" +
	"05.06.2024;Anna Schmidt;1,25;ImportZwei;Fenster;Kunde Zwei GmbH\n" +
	"06.06.2024;Anna Schmidt;8;ImportFremd;Fremd;Unbekannt AG\n" +
	"07.06.2024;Jonas Weber;3;ImportEins;Türen;2024-001 Renovierung Kunde 1\n"

// importSite writes a site of four projects, each with one link and the
// times.csv of sitetest (19 days of 7,5 hours), where project 2 is known
// to the export under an import name, and the export into site/imports.
func importSite(t *testing.T, export string) (folder string, ids map[string][]string) {
	t.Helper()
	folder = t.TempDir()
	ids = sitetest.Write(t, folder, sitetest.Options{Projects: 4})
	appendFile(t, filepath.Join(folder, "site", "projects", sitetest.Slug(2), "project.yaml"), "import_names: [Kunde Zwei GmbH]\n")
	sitetest.WriteFile(t, filepath.Join(folder, "site", "imports", "zeiten.csv"), export)
	return folder, ids
}

func appendFile(t *testing.T, name, text string) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	sitetest.WriteFile(t, name, string(b)+text)
}

// downloads returns the published times.csv of each project's link.
func downloads(t *testing.T, out string, ids map[string][]string) map[string]string {
	t.Helper()
	got := map[string]string{}
	for slug, l := range ids {
		b, err := os.ReadFile(filepath.Join(out, "p", l[0], "times.csv"))
		if err != nil {
			t.Fatal(err)
		}
		got[slug] = string(b)
	}
	return got
}

// TestImportsArePublishedPerProject publishes a site with one export for
// all projects: each project's page gets its rows and only its rows, and
// the row of the unknown project is published nowhere.
func TestImportsArePublishedPerProject(t *testing.T) {
	folder, ids := importSite(t, mixedExport)
	out := t.TempDir()
	run(t, folder, out, nil)
	got := downloads(t, out, ids)
	want := map[string][]string{
		sitetest.Slug(0): {"ImportNull"},
		sitetest.Slug(1): {"ImportEins", "ImportEins"},
		sitetest.Slug(2): {"ImportZwei"},
		sitetest.Slug(3): nil,
	}
	for slug, acts := range want {
		csv := got[slug]
		if n := strings.Count(csv, "Malerarbeiten"); n != 19 {
			t.Errorf("%s: %d of its own 19 entries published", slug, n)
		}
		for _, a := range []string{"ImportNull", "ImportEins", "ImportZwei"} {
			if n, w := strings.Count(csv, a), countOf(acts, a); n != w {
				t.Errorf("%s: %d rows of %s published, want %d:\n%s", slug, n, a, w, csv)
			}
		}
	}
	if all := joined(readTree(t, out)); strings.Contains(all, "ImportFremd") || strings.Contains(all, "Unbekannt AG") {
		t.Error("the row of an unknown project was published")
	}
}

func countOf(list []string, s string) int {
	n := 0
	for _, x := range list {
		if x == s {
			n++
		}
	}
	return n
}

// TestReadExportSplitsByProject checks the hours per project and the
// warning about the unknown row, with its line.
func TestReadExportSplitsByProject(t *testing.T) {
	folder, _ := importSite(t, mixedExport)
	s := openSite(t, folder)
	exp, err := s.ReadExport(context.Background(), "zeiten.csv", []byte(mixedExport))
	if err != nil {
		t.Fatal(err)
	}
	hours := map[string]float64{}
	for slug, rows := range exp.Rows {
		for _, r := range rows {
			hours[slug] += r.Entry.Hours
		}
	}
	want := map[string]float64{sitetest.Slug(0): 2.5, sitetest.Slug(1): 7, sitetest.Slug(2): 1.25}
	if len(hours) != len(want) {
		t.Errorf("hours per project %v, want %v", hours, want)
	}
	for slug, h := range want {
		if hours[slug] != h {
			t.Errorf("%s: %g hours, want %g", slug, hours[slug], h)
		}
	}
	if len(exp.Unrouted) != 1 || exp.Unrouted[0].Line != 5 || exp.Unrouted[0].Project != "Unbekannt AG" {
		t.Fatalf("unrouted rows %+v, want line 5 of Unbekannt AG", exp.Unrouted)
	}
	if len(exp.Problems) != 0 {
		t.Fatalf("problems %v", exp.Problems)
	}
	unrouted, faults := s.ImportReport(context.Background())
	if faults != nil || len(unrouted) != 1 || !strings.Contains(unrouted[0].String(), filepath.Join("imports", "zeiten.csv")+":5:") ||
		!strings.Contains(unrouted[0].String(), `"Unbekannt AG"`) {
		t.Fatalf("ImportReport = %v, %v; want the row on line 5 as a warning", unrouted, faults)
	}
}

// TestImportRowOfTwoProjects: a row whose project two projects claim is a
// problem naming both, and is published by neither; the other rows are.
func TestImportRowOfTwoProjects(t *testing.T) {
	folder, ids := importSite(t, mixedExport)
	appendFile(t, filepath.Join(folder, "site", "projects", sitetest.Slug(3), "project.yaml"), "import_names: [\"2024-000\"]\n")
	s := openSite(t, folder)
	_, faults := s.ImportReport(context.Background())
	var l problem.List
	if !errors.As(faults, &l) || len(l) != 1 {
		t.Fatalf("faults = %v, want one problem", faults)
	}
	if p := l[0]; p.Line != 2 || !strings.HasSuffix(p.File, "zeiten.csv") ||
		!strings.Contains(p.Msg, sitetest.Slug(0)) || !strings.Contains(p.Msg, sitetest.Slug(3)) {
		t.Fatalf("faults = %v, want line 2 naming %s and %s", faults, sitetest.Slug(0), sitetest.Slug(3))
	}
	out := t.TempDir()
	run(t, folder, out, nil)
	got := downloads(t, out, ids)
	if strings.Contains(got[sitetest.Slug(0)], "ImportNull") || strings.Contains(got[sitetest.Slug(3)], "ImportNull") {
		t.Error("the row of two projects was published")
	}
	if !strings.Contains(got[sitetest.Slug(1)], "ImportEins") {
		t.Error("the other rows were not published")
	}
}

// TestImportFaults: an export that cannot be split is a problem of that
// file; every project still publishes its own entries.
func TestImportFaults(t *testing.T) {
	tests := []struct{ name, export, msg string }{
		{"no project column", "Datum;Mitarbeiter;Stunden;Tätigkeit\n03.06.2024;Jonas Weber;2,5;ImportNull\n", "no project column"},
		{"no hours column", "Datum;Projekt\n03.06.2024;2024-000\n", "zeiten.csv"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			folder, ids := importSite(t, tt.export)
			s := openSite(t, folder)
			_, faults := s.ImportReport(context.Background())
			if !problem.Is(faults) || !strings.Contains(faults.Error(), "zeiten.csv") || !strings.Contains(faults.Error(), tt.msg) {
				t.Fatalf("faults = %v, want a problem of zeiten.csv about %q", faults, tt.msg)
			}
			out := t.TempDir()
			run(t, folder, out, nil)
			for slug, csv := range downloads(t, out, ids) {
				if n := strings.Count(csv, "Malerarbeiten"); n != 19 || strings.Contains(csv, "ImportNull") {
					t.Errorf("%s: %d own entries published, or a row of the faulty file:\n%s", slug, n, csv)
				}
			}
		})
	}
}

// TestImportDedupe: an entry in both the project's times.csv and an export
// counts once; equal rows within one source are two blocks of work.
func TestImportDedupe(t *testing.T) {
	export := "Datum;Mitarbeiter;Stunden;Tätigkeit;Projekt\n" +
		"06.05.2024;anna  schmidt;7.5;Malerarbeiten;2024-000\n" + // in times.csv, spelt otherwise
		"06.05.2024;Anna Schmidt;7,5;Malerarbeiten;2024-001\n" + // also, but of another project
		"01.06.2024;Anna Schmidt;2;Nacharbeit;2024-000\n" +
		"01.06.2024;Anna Schmidt;2;Nacharbeit;2024-000\n"
	folder, ids := importSite(t, export)
	out := t.TempDir()
	run(t, folder, out, nil)
	got := downloads(t, out, ids)
	if n := strings.Count(got[sitetest.Slug(0)], "Malerarbeiten"); n != 19 {
		t.Errorf("project 0: %d entries of Malerarbeiten, want its 19 (the export's copy counted once)", n)
	}
	if n := strings.Count(got[sitetest.Slug(0)], "Nacharbeit"); n != 2 {
		t.Errorf("project 0: %d entries of Nacharbeit, want both rows of the export", n)
	}
	if n := strings.Count(got[sitetest.Slug(1)], "Malerarbeiten"); n != 19 {
		t.Errorf("project 1: %d entries of Malerarbeiten, want 19", n)
	}
}

func TestMergeTimes(t *testing.T) {
	day := project.NewDate(2024, 5, 6)
	e := func(emp string, h float64, act string) project.TimeEntry {
		return project.TimeEntry{Date: day, Employee: emp, Hours: h, Activity: act}
	}
	tests := []struct {
		name    string
		sources [][]project.TimeEntry
		want    int
	}{
		{"same entry in both", [][]project.TimeEntry{{e("Anna", 7.5, "Malen")}, {e(" anna ", 7.5, "MALEN")}}, 1},
		{"other hours", [][]project.TimeEntry{{e("Anna", 7.5, "Malen")}, {e("Anna", 7, "Malen")}}, 2},
		{"other employee", [][]project.TimeEntry{{e("Anna", 7.5, "Malen")}, {e("Jonas", 7.5, "Malen")}}, 2},
		{"other activity", [][]project.TimeEntry{{e("Anna", 7.5, "Malen")}, {e("Anna", 7.5, "Spachteln")}}, 2},
		{"twice in one source", [][]project.TimeEntry{{e("Anna", 2, "Malen"), e("Anna", 2, "Malen")}, nil}, 2},
		{"twice in one, once in the other", [][]project.TimeEntry{{e("Anna", 2, "Malen"), e("Anna", 2, "Malen")}, {e("Anna", 2, "Malen")}}, 2},
		{"once in one, three times in the other", [][]project.TimeEntry{{e("Anna", 2, "Malen")}, {e("Anna", 2, "Malen"), e("Anna", 2, "Malen"), e("Anna", 2, "Malen")}}, 3},
	}
	for _, tt := range tests {
		if got := site.MergeTimes(tt.sources...); len(got) != tt.want {
			t.Errorf("%s: %d entries, want %d", tt.name, len(got), tt.want)
		}
	}
}

// TestImportChangeRendersOnlyItsProjects: a changed export renders afresh
// the links of the projects whose rows changed, and no other.
func TestImportChangeRendersOnlyItsProjects(t *testing.T) {
	folder, _ := importSite(t, mixedExport)
	out := t.TempDir()
	if st := run(t, folder, out, nil); st.Rendered != 4 {
		t.Fatalf("first publish: %+v", st)
	}
	changed := strings.Replace(mixedExport, "Fenster", "Fenster geändert", 1) + "08.06.2024;Anna Schmidt;1;ImportNeu;x;Noch Unbekannt\n"
	sitetest.WriteFile(t, filepath.Join(folder, "site", "imports", "zeiten.csv"), changed)
	if st := run(t, folder, out, nil); st.Rendered != 1 || st.Cached != 3 {
		t.Fatalf("after changing a row of project 2: %+v, want 1 rendered, 3 cached", st)
	}
	if !strings.Contains(joined(readTree(t, out)), "Fenster geändert") {
		t.Fatal("the change was not published")
	}
	fresh := t.TempDir()
	run(t, folder, fresh, noCache)
	sameTrees(t, out, fresh)
}

// TestFaultyProjectKeepsItsRows: a fault anywhere in a project's records
// (here an unsafe file name) must not drop the project out of routing, or
// a row naming it would go to another project that shares one of its
// names; the row is a conflict, published by neither.
func TestFaultyProjectKeepsItsRows(t *testing.T) {
	folder, ids := importSite(t, mixedExport)
	appendFile(t, filepath.Join(folder, "site", "projects", sitetest.Slug(3), "project.yaml"), "import_names: [\"2024-000\"]\n")
	sitetest.WriteFile(t, filepath.Join(folder, "site", "projects", sitetest.Slug(0), "files", "Angebot\x01.pdf"), "x")
	s := openSite(t, folder)
	out := t.TempDir()
	_, err := s.Publish(context.Background(), dir.New(out), site.PublishOptions{Now: testNow})
	if !strings.Contains(fmt.Sprint(err), "matches the projects") {
		t.Fatalf("Publish = %v, want the row of two projects reported", err)
	}
	got := downloads(t, out, map[string][]string{sitetest.Slug(3): ids[sitetest.Slug(3)]})
	if strings.Contains(got[sitetest.Slug(3)], "ImportNull") {
		t.Fatalf("project 0's row is published on project 3's page:\n%s", got[sitetest.Slug(3)])
	}
}

// TestRowWithContradictingProjectCells: a row whose project name names one
// project and whose project number another (here one vitrine does not
// know) is no project's, as in a project's own times.csv.
func TestRowWithContradictingProjectCells(t *testing.T) {
	export := "Datum;Mitarbeiter;Stunden;Tätigkeit;Projekt;Projektnummer\n" +
		"04.06.2024;Jonas Weber;4;FremdeArbeit;2024-001 Renovierung Kunde 1;2024-099\n"
	folder, _ := importSite(t, export)
	exp, err := openSite(t, folder).ReadExport(context.Background(), "zeiten.csv", []byte(export))
	if err != nil {
		t.Fatal(err)
	}
	if rows := exp.Rows[sitetest.Slug(1)]; len(rows) != 0 || len(exp.Unrouted) != 1 {
		t.Fatalf("rows of project 1 %+v, unrouted %+v; want the row unrouted", rows, exp.Unrouted)
	}
}

// TestTypoElsewhereDoesNotStopImports: a typo in another project's
// project.yaml that does not touch the names exports use (here status:)
// must not hold up the imported hours of every project.
func TestTypoElsewhereDoesNotStopImports(t *testing.T) {
	folder, ids := importSite(t, mixedExport)
	appendFile(t, filepath.Join(folder, "site", "projects", sitetest.Slug(3), "project.yaml"), "colour: blue\n")
	s := openSiteAllowingProblems(t, folder)
	out := t.TempDir()
	_, err := s.Publish(context.Background(), dir.New(out), site.PublishOptions{Now: testNow})
	if !strings.Contains(fmt.Sprint(err), "colour") || strings.Contains(fmt.Sprint(err), "cannot be split") {
		t.Fatalf("Publish = %v, want only project 3's own problem", err)
	}
	got := downloads(t, out, map[string][]string{sitetest.Slug(1): ids[sitetest.Slug(1)]})
	if !strings.Contains(got[sitetest.Slug(1)], "ImportEins") {
		t.Fatalf("project 1's imported rows are not published:\n%s", got[sitetest.Slug(1)])
	}
}

// TestBrokenNamesStopImports: a project.yaml whose routing names cannot be
// read stops the routing, since its rows could be taken for another's.
func TestBrokenNamesStopImports(t *testing.T) {
	folder, _ := importSite(t, mixedExport)
	appendFile(t, filepath.Join(folder, "site", "projects", sitetest.Slug(3), "project.yaml"), "import_names: Kunde Zwei GmbH\n")
	_, err := openSite(t, folder).ImportReport(context.Background())
	if !strings.Contains(fmt.Sprint(err), "cannot be split among the projects") {
		t.Fatalf("ImportReport = %v, want the routing stopped", err)
	}
	_, err = openSite(t, folder).Publish(context.Background(), dir.New(t.TempDir()), site.PublishOptions{Now: testNow})
	if n := strings.Count(fmt.Sprint(err), "cannot be split among the projects"); n != 1 {
		t.Fatalf("Publish reports the stopped routing %d times, want once: %v", n, err)
	}
}
