package content

import (
	"context"
	"path/filepath"
	"testing"
)

// TestLoadRefusesImplausibleDates: a row dated 07.05.0204 once produced a
// 23 MB page and "Stand: 07.05.2204". Every date the records carry must be
// within 1990-01-01 … 2100-12-31, and a date outside names file, line and
// field.
func TestLoadRefusesImplausibleDates(t *testing.T) {
	const yaml = "name: X\n"
	tests := []struct {
		name  string
		files map[string]string
		want  want // file is relative to the project folder
	}{
		{"times.csv, German", map[string]string{"times.csv": "Datum;Stunden\n03.05.2024;1\n07.05.0204;8\n"},
			want{"times.csv", 3, "Datum", `"07.05.0204" is not between 1990-01-01 and 2100-12-31`}},
		{"times.csv, ISO, far future", map[string]string{"times.csv": "date,hours\n2204-05-07,8\n"},
			want{"times.csv", 2, "date", `"2204-05-07" is not between`}},
		{"times.csv, day before the first", map[string]string{"times.csv": "date,hours\n1989-12-31,8\n"},
			want{"times.csv", 2, "date", "is not between"}},
		{"times.csv, day after the last", map[string]string{"times.csv": "date,hours\n2101-01-01,8\n"},
			want{"times.csv", 2, "date", "is not between"}},
		{"start", map[string]string{"project.yaml": yaml + "start: 0204-05-01\n"},
			want{"project.yaml", 2, "start", "is not between"}},
		{"end", map[string]string{"project.yaml": yaml + "end: 31.12.9999\n"},
			want{"project.yaml", 2, "end", "is not between"}},
		{"updated", map[string]string{"project.yaml": yaml + "updated: 1900-01-01\n"},
			want{"project.yaml", 2, "updated", "is not between"}},
		{"schedule", map[string]string{"project.yaml": yaml + "schedule:\n  - { date: 2204-05-03, title: A }\n"},
			want{"project.yaml", 3, "schedule.date", "is not between"}},
		{"photo", map[string]string{
			"project.yaml": yaml + "photos:\n  - { file: photos/a.jpg, date: 0024-05-01 }\n",
			"photos/a.jpg": "",
		}, want{"project.yaml", 3, "photos.date", "is not between"}},
		{"note front matter", map[string]string{"notes/a.md": "---\ndate: 2204-05-03\n---\nText\n"},
			want{"notes/a.md", 2, "date", "is not between"}},
		{"note file name", map[string]string{"notes/0204-05-03-a.md": "Text\n"},
			want{"notes/0204-05-03-a.md", 0, "", `file name starts with a date: "0204-05-03" is not between`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "x")
			if tt.files["project.yaml"] == "" {
				tt.files["project.yaml"] = yaml
			}
			writeTree(t, dir, tt.files)
			p, err := Load(context.Background(), dir)
			if p != nil {
				t.Fatalf("loaded a project with an implausible date: %+v", p)
			}
			tt.want.file = filepath.Join(dir, tt.want.file)
			assertProblem(t, err, tt.want)
		})
	}
}

func TestLoadAcceptsTheFirstAndLastDay(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	writeTree(t, dir, map[string]string{
		"project.yaml": "name: X\nstart: 1990-01-01\nend: 31.12.2100\n",
		"times.csv":    "Datum;Stunden\n01.01.1990;1\n2100-12-31;1\n",
	})
	p, err := Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if p.Start.String() != "1990-01-01" || p.End.String() != "2100-12-31" || len(p.Times) != 2 {
		t.Errorf("start %s end %s times %v", p.Start, p.End, p.Times)
	}
}
