package site_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/publish"
	"github.com/vitrine/vitrine/internal/site"
	"github.com/vitrine/vitrine/internal/storage/dir"
)

// demo opens the demo site of the repository.
func demo(b *testing.B) (*site.Site, publish.RenderFunc, []publish.Record) {
	b.Helper()
	cfg, err := config.Load(filepath.Join("..", "..", "config.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	s, err := site.Open(cfg)
	if err != nil {
		b.Fatal(err)
	}
	// Without the build cache, so that every run renders: the cache has
	// benchmarks of its own.
	s.Cache = nil
	return s, build(b, s).Render, s.Records(time.Date(2026, 11, 29, 0, 0, 0, 0, time.UTC))
}

func opts(s *site.Site) publish.Options {
	return publish.Options{Prefix: s.Config.Prefix, CacheControl: s.Config.CacheControl.Pages, Concurrency: s.Config.Publish.Concurrency}
}

// BenchmarkPublishDemo publishes the demo into an empty folder.
func BenchmarkPublishDemo(b *testing.B) {
	s, render, recs := demo(b)
	for b.Loop() {
		if _, err := publish.Run(context.Background(), dir.New(b.TempDir()), recs, render, opts(s)); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPublishDemoUnchanged publishes the demo over an up-to-date
// folder: the common case of a publish on every push.
func BenchmarkPublishDemoUnchanged(b *testing.B) {
	s, render, recs := demo(b)
	store := dir.New(b.TempDir())
	if _, err := publish.Run(context.Background(), store, recs, render, opts(s)); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		sum, err := publish.Run(context.Background(), store, recs, render, opts(s))
		if err != nil {
			b.Fatal(err)
		}
		if sum.Uploaded != 0 {
			b.Fatalf("unchanged publish uploaded %d objects", sum.Uploaded)
		}
	}
}
