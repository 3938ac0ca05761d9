package content

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func TestSlugs(t *testing.T) {
	content := t.TempDir()
	projects := filepath.Join(content, "projects")
	for _, d := range []string{"2024-030-dach", "2024-017-bad", "b", ".git", "2024-021-fassade"} {
		if err := os.MkdirAll(filepath.Join(projects, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	writeTree(t, projects, map[string]string{"README.md": "", "Notizen.txt": ""})
	if err := os.Symlink("b", filepath.Join(projects, "a-link")); err != nil {
		t.Fatal(err)
	}
	got, err := Slugs(content)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"2024-017-bad", "2024-021-fassade", "2024-030-dach", "a-link", "b"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSlugsInvalidNames(t *testing.T) {
	content := t.TempDir()
	projects := filepath.Join(content, "projects")
	tests := []struct{ dir, hint string }{
		{"Bad Müller", `"bad-mueller"`},
		{"-x", `"x"`},
		{"_drafts", `"drafts"`},
		{"straße_2024", `"strasse-2024"`},
	}
	for _, tt := range tests {
		if err := os.MkdirAll(filepath.Join(projects, tt.dir), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	os.MkdirAll(filepath.Join(projects, "ok"), 0o755)
	got, err := Slugs(content)
	if !slices.Equal(got, []string{"ok"}) {
		t.Errorf("valid slugs %q, want [ok] alongside the problems", got)
	}
	list := flatten(t, err)
	if len(list) != len(tests) {
		t.Fatalf("got %d problems, want %d:\n%v", len(list), len(tests), list)
	}
	for _, tt := range tests {
		found := false
		for _, p := range list {
			found = found || p.File == filepath.Join(projects, tt.dir) && p.Msg == "folder name is not a valid project slug" &&
				len(p.Hint) > len(tt.hint) && p.Hint[len(p.Hint)-len(tt.hint):] == tt.hint
		}
		if !found {
			t.Errorf("no problem for %q suggesting %s in:\n%v", tt.dir, tt.hint, list)
		}
	}
}

func TestSlugsMissingFolder(t *testing.T) {
	got, err := Slugs(filepath.Join(t.TempDir(), "nichts"))
	if err != nil || got == nil || len(got) != 0 {
		t.Errorf("got %q, %v; want an empty list", got, err)
	}
}
