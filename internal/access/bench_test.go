package access_test

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/vitrine/vitrine/internal/access"
	"github.com/vitrine/vitrine/internal/benchsite"
	"github.com/vitrine/vitrine/internal/content"
	"github.com/vitrine/vitrine/internal/links"
)

// BenchmarkFilter filters one project of the scale benchmarks (100 time
// entries, 5 reports, 4 milestones) through its link, as every rendering
// does first.
func BenchmarkFilter(b *testing.B) {
	s, err := benchsite.Write(b.TempDir(), 1)
	if err != nil {
		b.Fatal(err)
	}
	p, err := content.Load(context.Background(), s.Project(0))
	if err != nil {
		b.Fatal(err)
	}
	f, err := links.Load(filepath.Join(s.Project(0), "links.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	l := &f.Links[0]
	for b.Loop() {
		v := access.Filter(p, l, access.Options{})
		if v.Times == nil || len(v.Times.Entries) != benchsite.Entries || len(v.Notes) != benchsite.Reports {
			b.Fatal("the view lacks the entries or reports its link permits")
		}
	}
}
