package benchsite

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/content"
	"github.com/vitrine/vitrine/internal/links"
)

// TestWrite checks that vitrine reads every generated project without a
// problem and with the promised sizes, and that the Hugo bundle of its link
// carries the same times and reports byte for byte.
func TestWrite(t *testing.T) {
	const n = 3
	s, err := Write(t.TempDir(), n)
	if err != nil {
		t.Fatal(err)
	}
	projects, err := os.ReadDir(filepath.Join(s.Vitrine(), "site", "projects"))
	if err != nil {
		t.Fatal(err)
	}
	if len(projects) != n || len(s.IDs) != n {
		t.Fatalf("%d project folders and %d ids, want %d", len(projects), len(s.IDs), n)
	}
	seen := map[string]bool{}
	for i, e := range projects {
		dir := filepath.Join(s.Vitrine(), "site", "projects", e.Name())
		p, err := content.Load(t.Context(), dir)
		if err != nil {
			t.Fatalf("%s: %v", dir, err)
		}
		if len(p.Times) != Entries || len(p.Notes) != Reports || len(p.Schedule) != Milestones {
			t.Errorf("%s: %d entries, %d reports, %d milestones; want %d, %d, %d",
				dir, len(p.Times), len(p.Notes), len(p.Schedule), Entries, Reports, Milestones)
		}
		f, err := links.Load(filepath.Join(dir, "links.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Links) != 1 || f.Links[0].ID != s.IDs[i] || seen[s.IDs[i]] {
			t.Fatalf("%s: links %+v, want the one link %s, an id no other project has", dir, f.Links, s.IDs[i])
		}
		seen[s.IDs[i]] = true

		bundle := filepath.Join(s.Hugo(), "content", "p", s.IDs[i])
		shared := []string{"times.csv"}
		for _, note := range p.Notes {
			shared = append(shared, note.File)
		}
		var all []byte
		for _, name := range shared {
			record := read(t, filepath.Join(dir, name))
			if !bytes.Equal(record, read(t, filepath.Join(bundle, name))) {
				t.Errorf("%s differs between the records and the Hugo bundle", name)
			}
			all = append(all, record...)
		}
		for _, m := range Markers {
			if !bytes.Contains(all, []byte(m)) {
				t.Errorf("%s: no %q in the records", dir, m)
			}
		}
		index := string(read(t, filepath.Join(bundle, "index.md")))
		for _, want := range []string{p.Name, p.Number, p.Customer.Name, p.Address, "Silikatfarbe", p.Schedule[3].Title} {
			if !strings.Contains(index, want) {
				t.Errorf("%s: no %q", filepath.Join(bundle, "index.md"), want)
			}
		}
	}
}

func read(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
