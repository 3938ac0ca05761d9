package links

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// FuzzLoad feeds links.yaml bytes to the decoder and validation, as Load
// does for a file in folder "neu". Whatever the bytes, it must not panic;
// and a file that loads must be written by marshal so that it loads again
// to the same links, or a vitrine write would change or lose a link.
func FuzzLoad(f *testing.F) {
	f.Add([]byte(canonical))
	f.Add([]byte("project: neu\nlinks: []\n"))
	f.Add([]byte("links:\n  - id: " + id1 + "\n    created: 2026-11-29T10:00:00.5+01:00\n    locale: de\n    label: \"\\e[2J\\u202e\"\n    expires: 31.01.2027\n"))
	f.Add([]byte("links: &a\n  - *a\n"))
	f.Add([]byte("revoked: [" + id2 + "]\nlinks:\n  - {id: " + id2 + ", created: 2026-11-29T10:00:00Z, locale: en, deactivated: 2026-11-30T00:00:00Z}\n"))
	path := filepath.Join("site", "projects", "neu", "links.yaml")
	f.Fuzz(func(t *testing.T, data []byte) {
		first, err := parse(path, data)
		if err != nil {
			return
		}
		out, err := first.marshal()
		if err != nil {
			t.Fatalf("marshal of a loaded file: %v", err)
		}
		again, err := parse(path, out)
		if err != nil {
			t.Fatalf("the written file does not load: %v\n%s", err, out)
		}
		if again.Project != first.Project || len(again.Links) != len(first.Links) ||
			!slices.Equal(again.Revoked, first.revokedIDs()) {
			t.Fatalf("written file differs: project %q, %d links, revoked %v; want %q, %d, %v\n%s",
				again.Project, len(again.Links), again.Revoked, first.Project, len(first.Links), first.revokedIDs(), out)
		}
		for i := range first.Links {
			if !sameLink(first.Links[i], again.Links[i]) {
				t.Fatalf("link %d changed:\n%+v\n%+v\n%s", i, first.Links[i], again.Links[i], out)
			}
		}
	})
}

// TestFuzzCorpusIsCommitted keeps the seed files of FuzzLoad from going
// missing: go test runs them as part of FuzzLoad, but silently runs none
// if the folder is gone.
func TestFuzzCorpusIsCommitted(t *testing.T) {
	seeds, err := os.ReadDir(filepath.Join("testdata", "fuzz", "FuzzLoad"))
	if err != nil || len(seeds) == 0 {
		t.Errorf("testdata/fuzz/FuzzLoad: %d seeds, %v", len(seeds), err)
	}
}
