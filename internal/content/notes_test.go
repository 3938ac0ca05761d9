package content

import (
	"context"
	"path/filepath"
	"testing"
)

func TestParseNote(t *testing.T) {
	tests := []struct {
		name, file, src   string
		date, title, body string
	}{
		{"front matter date and title", "bericht.md",
			"---\ndate: 2024-05-03\ntitle: Abbruch\n---\nText.\n",
			"2024-05-03", "Abbruch", "Text."},
		{"German date in front matter", "bericht.md",
			"---\ndate: 03.05.2024\n---\nText.\n",
			"2024-05-03", "bericht", "Text."},
		{"front matter wins over file name", "2024-01-01-alt.md",
			"---\ndate: 2024-05-03\n---\nText.\n",
			"2024-05-03", "alt", "Text."},
		{"date from file name, title from heading", "2024-05-03-abbruch.md",
			"# Abbruch abgeschlossen\n\nText.\n",
			"2024-05-03", "Abbruch abgeschlossen", "Text."},
		{"title from file name", "2024-05-03-abbruch-alte_fliesen.md",
			"Text.\n",
			"2024-05-03", "abbruch alte fliesen", "Text."},
		{"date and an underscore, as photos are named too", "2024-05-03_fliesen-bad.md",
			"Text.\n",
			"2024-05-03", "fliesen bad", "Text."},
		{"file name that is only a date", "2024-05-03.md",
			"Text.\n",
			"2024-05-03", "", "Text."},
		{"heading further down stays in the body", "2024-05-03-a.md",
			"Vorweg.\n\n# Teil\n",
			"2024-05-03", "a", "Vorweg.\n\n# Teil"},
		{"different heading kept after front matter title", "2024-05-03-a.md",
			"---\ntitle: Zwischenstand\n---\n# Dämmung eingebaut\nText.\n",
			"2024-05-03", "Zwischenstand", "# Dämmung eingebaut\nText."},
		{"heading repeating the front matter title dropped", "a.md",
			"---\ndate: 2024-06-28\ntitle: Abnahme\n---\n# Abnahme\n\nText.\n",
			"2024-06-28", "Abnahme", "Text."},
		{"h2 is not a title", "2024-05-03-a.md",
			"## Unterpunkt\nText.\n",
			"2024-05-03", "a", "## Unterpunkt\nText."},
		{"BOM and CRLF", "2024-05-03-a.md",
			"\ufeff---\r\ntitle: T\r\n---\r\nZeile 1\r\nZeile 2\r\n",
			"2024-05-03", "T", "Zeile 1\nZeile 2"},
		{"BOM and CRLF without front matter", "2024-05-03-a.md",
			"\ufeff# Abnahme\r\n\r\nZeile 1\r\nZeile 2",
			"2024-05-03", "Abnahme", "Zeile 1\nZeile 2"},
		{"CRLF, front matter closed at the end", "a.md",
			"---\r\ndate: 03.05.2024\r\n---",
			"2024-05-03", "a", ""},
		{"CRLF, empty front matter", "2024-05-03-a.md",
			"---\r\n---\r\nText.\r\n",
			"2024-05-03", "a", "Text."},
		{"CR of an old Mac", "a.md",
			"---\rdate: 2024-05-03\rtitle: T\r---\rZeile 1\rZeile 2\r",
			"2024-05-03", "T", "Zeile 1\nZeile 2"},
		{"empty front matter", "2024-05-03-a.md",
			"---\n---\nText.\n",
			"2024-05-03", "a", "Text."},
		{"indented first line kept", "2024-05-03-a.md",
			"\n\n    code\n",
			"2024-05-03", "a", "    code"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n, problems := parseNote("notes/"+tt.file, tt.file, []byte(tt.src))
			if len(problems) > 0 {
				t.Fatal(problems)
			}
			if n.Date.String() != tt.date || n.Title != tt.title || n.Body != tt.body {
				t.Errorf("got date %s title %q body %q\nwant date %s title %q body %q",
					n.Date, n.Title, n.Body, tt.date, tt.title, tt.body)
			}
		})
	}
}

func TestParseNoteProblems(t *testing.T) {
	const file = "site/projects/x/notes/n.md"
	tests := []struct {
		name, base, src string
		want            want
	}{
		{"no date", "abnahme.md", "# Abnahme\n",
			want{file, 0, "", "note has no date"}},
		{"bad date in file name", "2024-13-01-a.md", "Text\n",
			want{file, 0, "", `file name starts with a date: "2024-13-01" is not a date`}},
		{"bad front matter date", "a.md", "---\ndate: morgen\n---\n",
			want{file, 2, "date", `"morgen" is not a date`}},
		{"unknown front matter key with its line", "2024-05-03-a.md", "---\ntitle: A\nauthor: B\n---\n",
			want{file, 3, "author", "unknown key"}},
		{"unclosed front matter", "2024-05-03-a.md", "---\ntitle: A\nText\n",
			want{file, 1, "", "not closed"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Saved by Notepad, or by an old Mac, the same line is named.
			for style, src := range lineStyles(tt.src) {
				_, problems := parseNote(file, tt.base, []byte(src))
				t.Log(style)
				assertProblem(t, errOf(problems), tt.want)
			}
		})
	}
}

func TestLoadNotes(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	writeTree(t, dir, map[string]string{
		"project.yaml":                "name: X\n",
		"notes/2024-05-10-b.md":       "B\n",
		"notes/2024-05-03-a.MD":       "A\n",
		"notes/foto.jpg":              "",
		"notes/.2024-05-01-hidden.md": "",
		"notes/entwurf/2024-05-01.md": "in a sub-folder",
	})
	p, err := Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, n := range p.Notes {
		files = append(files, n.File)
	}
	if len(files) != 2 || files[0] != "notes/2024-05-03-a.MD" || files[1] != "notes/2024-05-10-b.md" {
		t.Errorf("notes %q, want the two .md files directly in notes/, by name", files)
	}
}
