package site_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/vitrine/vitrine/internal/cache"
	"github.com/vitrine/vitrine/internal/site"
	"github.com/vitrine/vitrine/internal/site/sitetest"
)

// The incremental benchmarks publish a generated site of
// sitetest.BenchProjects projects, each with one link and one photo of
// benchPhotoEdge pixels, which dominates the cost of a rendering:
//
//	VITRINE_BENCH_PROJECTS=1000 go test -run '^$' -bench 'Build|OneChanged' ./internal/site
const benchPhotoEdge = 1024

func benchSite(b *testing.B) (folder string, projects int) {
	b.Helper()
	projects = sitetest.BenchProjects(b)
	folder = b.TempDir()
	sitetest.Write(b, folder, sitetest.Options{Projects: projects, PhotoEdge: benchPhotoEdge})
	return folder, projects
}

// BenchmarkFullBuild publishes the site into an empty folder without a
// build cache: what every publish cost before there was one.
func BenchmarkFullBuild(b *testing.B) {
	folder, _ := benchSite(b)
	for b.Loop() {
		run(b, folder, b.TempDir(), noCache)
	}
}

// BenchmarkColdCacheBuild is the first publish with an empty cache: the
// full build plus storing every rendering.
func BenchmarkColdCacheBuild(b *testing.B) {
	folder, _ := benchSite(b)
	for b.Loop() {
		empty := b.TempDir()
		run(b, folder, b.TempDir(), func(s *site.Site) { s.Cache = cache.New(empty, "") })
	}
}

// BenchmarkOneChanged changes a note of one project and publishes again
// over the previous publish: the common case of `vitrine watch` and of a
// publish after an office edit.
func BenchmarkOneChanged(b *testing.B) {
	folder, projects := benchSite(b)
	out := b.TempDir()
	run(b, folder, out, nil)
	note := filepath.Join(folder, "site", "projects", sitetest.Slug(projects/2), "notes", "2024-05-14-spachteln.md")
	i := 0
	for b.Loop() {
		i++
		sitetest.WriteFile(b, note, fmt.Sprintf("# Spachteln\n\nStand %d.\n", i))
		if st := run(b, folder, out, nil); st.Rendered != 1 {
			b.Fatalf("rendered %d links, want 1", st.Rendered)
		}
	}
}
