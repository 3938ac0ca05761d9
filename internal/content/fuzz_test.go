package content

import (
	"bytes"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
	"github.com/vitrine/vitrine/internal/table"
)

// checkProblems fails unless err is nil or problems that all name file.
func checkProblems(t *testing.T, file string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var l problem.List
	if !l.Add(err) {
		t.Fatalf("error %v is not a problem", err)
	}
	for _, p := range l {
		if p.File != file || p.Msg == "" {
			t.Fatalf("problem %q does not name %s", p.Error(), file)
		}
	}
}

// checkDate fails unless d is plausible, or not set where optional.
func checkDate(t *testing.T, what string, d project.Date, optional bool) {
	t.Helper()
	if (!optional || !d.IsZero()) && !d.Plausible() {
		t.Fatalf("%s %s accepted", what, d)
	}
}

func FuzzReadTimes(f *testing.F) {
	for _, s := range []string{
		"Datum;Stunden;Mitarbeiter;Tätigkeit;Bemerkung\n03.05.2024;7,5;Anna;Fliesen;ok\n",
		"\ufeffdate,start,end,note\r\n2024-05-03,07:30,16:00,\"a\nb\"\r\n",
		"Datum;Projekt;Stunden\n03.05.2024;2024-017;1\n04.05.2024;2024-019 Dach;2\n",
		"Date,Project,Project Code,Hours,Billable Rate\n2024-05-03,Bad Müller,2024-017,1:30,58\n",
		"Datum;Stunden\n07.05.0204;8\n",
		"Datum;Notiz;Stunden\n03.05.2024;a \"b\" c;1\n",
	} {
		f.Add([]byte(s))
	}
	owner := &project.Project{Name: "2024-017 Bad Sanierung Müller", Number: "2024-017", ImportNames: []string{"Bad Müller"}}
	f.Fuzz(func(t *testing.T, data []byte) {
		entries, err := ReadTimes("times.csv", bytes.NewReader(data), owner)
		checkProblems(t, "times.csv", err)
		if err != nil {
			return
		}
		for _, e := range entries {
			checkDate(t, "date", e.Date, false)
			if !(e.Hours >= 0 && e.Hours <= 24) {
				t.Fatalf("hours %g accepted", e.Hours)
			}
		}
		for line, cell := range projectCells(data) {
			if !owner.KnownAs(cell) {
				t.Fatalf("row %d of project %q accepted", line, cell)
			}
		}
	})
}

// projectCells returns, for each data row of the accepted times.csv src,
// the first non-empty cell of a project column; a row without one has
// "". It finds the rows without exportReader, as the fuzz oracle for "no
// row of another project".
func projectCells(src []byte) []string {
	t, err := table.Read("times.csv", src)
	if err != nil || len(t.Rows) == 0 {
		return nil
	}
	f := detectFormat(t.Rows[0].Cells)
	var cols []int
	for i, h := range t.Rows[0].Cells {
		if c, ok := f.field(h); ok && c == fieldProject {
			cols = append(cols, i)
		}
	}
	if len(cols) == 0 {
		return nil
	}
	var out []string
	for _, r := range t.Rows[1:] {
		cell := ""
		for _, i := range cols {
			if i < len(r.Cells) && strings.TrimSpace(r.Cells[i]) != "" {
				cell = r.Cells[i]
				break
			}
		}
		out = append(out, cell)
	}
	return out
}

func FuzzProjectYAML(f *testing.F) {
	for _, s := range []string{
		specProjectYAML,
		"name: X\nimport_names: [a, b]\nstart: 2024-05-01\nend: 2024-04-30\n",
		"name: X\nschedule:\n  - { date: 2204-05-03, title: A }\n",
		"name: &a X\npublic_name: *a\ninternal: {a: [1, 2]}\n",
		"name: X\nstatus: [active\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var p project.Project
		refs, problems := decodeProject("project.yaml", data, &p)
		checkProblems(t, "project.yaml", problems.Err())
		if len(problems) > 0 {
			return
		}
		if p.Name == "" || !p.Status.Valid() || p.PlannedHours < 0 || p.Progress < 0 || p.Progress > 100 {
			t.Fatalf("accepted %+v", p)
		}
		for what, d := range map[string]project.Date{"start": p.Start, "end": p.End} {
			checkDate(t, what, d, true)
		}
		for _, m := range p.Schedule {
			checkDate(t, "schedule.date", m.Date, false)
		}
		for _, r := range refs {
			checkDate(t, "photos.date", r.date, true)
		}
	})
}

func FuzzNotes(f *testing.F) {
	for _, s := range []struct{ name, src string }{
		{"2024-05-03-abbruch.md", "# Abbruch\n\nDie alten Fliesen sind ab.\n"},
		{"bericht.md", "---\ndate: 03.05.2024\ntitle: Bericht\n---\nText\n"},
		{"0204-05-03.md", "---\n---\n"},
		{"a.md", "---\ntitle: A\nText\n"},
		{"2024-05-03.md", "\ufeff---\r\ndate: 2024-05-03\r\n---\r\n# T\r\n"},
	} {
		f.Add(s.name, []byte(s.src))
	}
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		const file = "notes/n.md"
		n, problems := parseNote(file, name, data)
		checkProblems(t, file, problems.Err())
		if len(problems) == 0 {
			checkDate(t, "date", n.Date, false)
		}
	})
}
