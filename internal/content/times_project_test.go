package content

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/project"
)

// TestLoadRefusesOtherProjectsRows: a time export often covers several
// projects; a row of another project in this project's times.csv would
// publish another customer's work.
func TestLoadRefusesOtherProjectsRows(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "bad-mueller")
	writeTree(t, dir, map[string]string{
		"project.yaml": "name: 2024-017 Bad Sanierung Müller\nnumber: 2024-017\n",
		"times.csv": "Datum;Projekt;Stunden;Tätigkeit\n" +
			"03.05.2024;2024-017;8;Abbruch\n" +
			"03.05.2024;2024-019 Dach Schneider;6;Dachrinne\n" +
			"04.05.2024;2024-017 Bad Sanierung Müller;8;Fliesen\n" +
			"04.05.2024;2024-020 Fassade Weber;kaputt;Gerüst\n",
	})
	p, err := Load(context.Background(), dir)
	if p != nil {
		t.Fatalf("loaded %+v with rows of other projects", p.Times)
	}
	list := flatten(t, err)
	if len(list) != 2 {
		t.Errorf("got %d problems, want one per foreign row:\n%v", len(list), list)
	}
	file := filepath.Join(dir, "times.csv")
	assertProblem(t, err, want{file, 3, "Projekt", `"2024-019 Dach Schneider" is another project; this file belongs to 2024-017 Bad Sanierung Müller`})
	assertProblem(t, err, want{file, 5, "Projekt", `"2024-020 Fassade Weber" is another project`})
	if !strings.Contains(list[0].Hint, "import_names in project.yaml") {
		t.Errorf("hint %q does not name import_names", list[0].Hint)
	}
}

func TestReadTimesProjectColumn(t *testing.T) {
	owner := &project.Project{
		Name: "2024-017 Bad Sanierung Müller", Number: "2024-017", PublicName: "Ihr neues Bad",
		ImportNames: []string{"BV Müller Bad"},
	}
	tests := []struct {
		name    string
		csv     string
		entries int    // when accepted
		problem string // substring of the one problem, when refused
	}{
		{"number", "Datum;Projekt;Stunden\n03.05.2024;2024-017;1\n", 1, ""},
		{"name, other case and spacing", "Datum;Projekt;Stunden\n03.05.2024;  2024-017   BAD sanierung\tmüller ;1\n", 1, ""},
		{"public name", "Datum;Projekt;Stunden\n03.05.2024;ihr neues bad;1\n", 1, ""},
		{"import name", "Datum;Projekt;Stunden\n03.05.2024;BV Müller Bad;1\n", 1, ""},
		{"header Project", "date,project,hours\n2024-05-03,2024-017,1\n", 1, ""},
		{"header Projektnummer", "Datum;Projektnummer;Stunden\n03.05.2024;2024-017;1\n", 1, ""},
		{"header Project number, spaced", "Date;Project  Number;Hours\n03.05.2024;2024-017;1\n", 1, ""},
		{"header Project Code with unit", "Date;PROJECT CODE (ID);Hours\n03.05.2024;2024-017;1\n", 1, ""},
		{"Harvest: project and code both name it", "Date,Project,Project Code,Hours\n2024-05-03,BV Müller Bad,2024-017,1\n", 1, ""},
		{"other project", "Datum;Projekt;Stunden\n03.05.2024;2024-019 Dach Schneider;1\n", 0,
			`"2024-019 Dach Schneider" is another project; this file belongs to 2024-017 Bad Sanierung Müller`},
		{"prefix of the number is not the project", "Datum;Projekt;Stunden\n03.05.2024;2024-01;1\n", 0, `"2024-01" is another project`},
		{"part of the name is not the project", "Datum;Projekt;Stunden\n03.05.2024;Bad Sanierung Müller;1\n", 0, "is another project"},
		{"Harvest: code names another project", "Date,Project,Project Code,Hours\n2024-05-03,BV Müller Bad,2024-019,1\n", 0, `"2024-019" is another project`},
		{"empty project cell", "Datum;Projekt;Stunden\n03.05.2024;;1\n", 0, "is empty, so the row may belong to another project"},
		{"short row without the project cell", "Datum;Stunden;Projekt\n03.05.2024;1\n", 0, "is empty"},
		{"foreign row reported instead of its bad date", "Datum;Projekt;Stunden\n99.99.2024;2024-019;1\n", 0, `"2024-019" is another project`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, err := ReadTimes("times.csv", strings.NewReader(tt.csv), owner)
			if tt.problem == "" {
				if err != nil || len(entries) != tt.entries {
					t.Fatalf("got %d entries, error %v; want %d entries", len(entries), err, tt.entries)
				}
				return
			}
			if entries != nil {
				t.Errorf("got entries %v with a problem", entries)
			}
			list := flatten(t, err)
			if len(list) != 1 || !strings.Contains(list[0].Msg, tt.problem) || list[0].Line != 2 {
				t.Errorf("got %v, want one problem on line 2 with %q", list, tt.problem)
			}
		})
	}
}

func TestLoadReadsImportNames(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	writeTree(t, dir, map[string]string{
		"project.yaml": "name: X\nimport_names: [\"BV Müller\", Bad Müller]\n",
		"times.csv":    "Datum;Project;Stunden\n03.05.2024;bad müller;1\n",
	})
	p, err := Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(p.ImportNames) != "[BV Müller Bad Müller]" || len(p.Times) != 1 {
		t.Errorf("import names %q, times %v", p.ImportNames, p.Times)
	}
	var q project.Project
	_, problems := decodeProject("project.yaml", []byte("name: X\nimport_names: BV Müller\n"), &q)
	assertProblem(t, errOf(problems), want{"project.yaml", 2, "import_names", "expected a list"})
}

// TestLoadNeverKeepsUnknownColumns: exports carry rates, amounts, e-mail
// addresses and staff numbers. vitrine must not read them, so that no
// link can publish them, not even in the times.csv download.
func TestLoadNeverKeepsUnknownColumns(t *testing.T) {
	const marker = "GEHEIM-4711"
	unknown := []string{"Stundensatz", "Betrag", "E-Mail", "Personalnummer", "Tags", "Billable",
		"Kunde", "Kostenstelle", "Billable Rate (EUR)", "Amount", "Email", "Internal"}
	header := "Datum;Projekt;Stunden;Notiz;" + strings.Join(unknown, ";")
	row := "03.05.2024;2024-017;8;note-kept;" + strings.Repeat(marker+";", len(unknown)-1) + marker
	dir := filepath.Join(t.TempDir(), "x")
	writeTree(t, dir, map[string]string{
		"project.yaml": "name: 2024-017 Bad\nnumber: 2024-017\n",
		"times.csv":    header + "\n" + row + "\n",
	})
	p, err := Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	dump := fmt.Sprintf("%#v", *p)
	if !strings.Contains(dump, "note-kept") {
		t.Fatalf("the dump misses the entries, so it proves nothing:\n%s", dump)
	}
	if strings.Contains(dump, marker) {
		t.Errorf("a column vitrine does not know reached the project:\n%s", dump)
	}
}
