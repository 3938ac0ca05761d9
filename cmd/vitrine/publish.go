package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/publish"
	"github.com/vitrine/vitrine/internal/site"
	"github.com/vitrine/vitrine/internal/storage"
	"github.com/vitrine/vitrine/internal/storage/dir"
)

// errS3 says honestly that this build cannot publish to S3 yet.
var errS3 = errors.New("storage type s3 is not available in this version; use storage type dir")

// openStore returns the storage that config.yaml names.
func openStore(cfg *config.Config) (storage.Store, error) {
	if cfg.Storage.Type == "s3" {
		return nil, errS3
	}
	return dir.New(cfg.Path(cfg.Storage.Dir)), nil
}

func cmdPublish(ctx context.Context, a *app, args []string) error {
	fs := a.flags("publish")
	dryRun := fs.Bool("dry-run", false, "list every planned change with its reason; change nothing")
	force := fs.Bool("force", false, "delete links missing from the records even when they are most of the stored links")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("usage: vitrine publish [--dry-run] [--force]")
	}
	cfg, err := a.loadConfig()
	if err != nil {
		return err
	}
	store, err := openStore(cfg)
	if err != nil {
		return err
	}
	return a.sync(ctx, cfg, store, where(cfg), *dryRun, *force)
}

func cmdBuild(ctx context.Context, a *app, args []string) error {
	fs := a.flags("build")
	out := fs.String("out", "", "output `DIR` (default: storage.dir of the config, else public)")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("usage: vitrine build [--out DIR]")
	}
	cfg, err := a.loadConfig()
	if err != nil {
		return err
	}
	folder := *out
	switch {
	case folder != "":
	case cfg.Storage.Type == "dir":
		folder = cfg.Path(cfg.Storage.Dir)
	default:
		folder = cfg.Path("public")
	}
	return a.sync(ctx, cfg, dir.New(folder), filepath.Join(folder, cfg.Prefix), false, false)
}

// sync renders every active link and makes store equal to it: the common
// core of build and publish.
func (a *app) sync(ctx context.Context, cfg *config.Config, store storage.Store, dest string, dryRun, force bool) error {
	s, err := site.Open(cfg)
	if err != nil {
		return err
	}
	r, err := s.Renderer()
	if err != nil {
		return err
	}
	start := time.Now()
	opts := publish.Options{
		Prefix:       cfg.Prefix,
		CacheControl: cfg.CacheControl.Pages,
		Concurrency:  cfg.Publish.Concurrency,
		Force:        force,
		Event:        a.reportEvent(dryRun),
	}
	if dryRun {
		store = storage.DryRun(store)
	}
	sum, err := publish.Run(ctx, store, s.Records(a.now()), s.RenderFunc(r), opts)
	if err != nil {
		return err
	}
	if a.json {
		return a.emit(sum)
	}
	verb := "Published to"
	if dryRun {
		verb = "Dry run, nothing changed; would publish to"
	}
	a.printf("%s %s: %d uploaded, %d deleted, %d unchanged, %s in %.1fs\n",
		verb, dest, sum.Uploaded, sum.Deleted, sum.Unchanged, humanBytes(sum.Bytes), time.Since(start).Seconds())
	if !dryRun {
		a.listPublished(cfg, s, dest)
	}
	return nil
}

// reportEvent prints skipped links always, and every change in a dry run.
func (a *app) reportEvent(dryRun bool) func(publish.Event) {
	return func(e publish.Event) {
		switch {
		case e.Op == "skip":
			a.logger().Warn("skipped link: storage marks it deactivated; the records are older than the deactivation", "link", e.Key)
		case dryRun && !a.json && !a.quiet:
			fmt.Fprintf(a.stdout, "%-6s %s (%s)\n", e.Op, e.Key, e.Reason)
		}
	}
}

// listPublished prints each active link's URL and, for a folder, the page
// to open locally.
func (a *app) listPublished(cfg *config.Config, s *site.Site, dest string) {
	if a.quiet || a.json {
		return
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	for _, rec := range s.Records(a.now()) {
		if !rec.Active {
			continue
		}
		p, l, _ := s.Find(rec.ID)
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", p.Slug, l.Label, cfg.LinkURL(l.ID), filepath.Join(dest, l.ID, "index.html"))
	}
	tw.Flush()
}

func humanBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

func cmdCheck(ctx context.Context, a *app, args []string) error {
	fs := a.flags("check")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("usage: vitrine check")
	}
	cfg, err := a.loadConfig()
	if err != nil {
		return err
	}
	// Go on after each problem, so that the office sees all of them at once.
	var probs problem.List
	s, err := site.Open(cfg)
	if err != nil && !probs.Add(err) {
		return err
	}
	for _, err := range []error{s.Check(ctx), rendererErr(s)} {
		if err != nil && !probs.Add(err) {
			return err
		}
	}
	if err := probs.Err(); err != nil {
		return err
	}
	if _, err := openStore(cfg); err != nil {
		return err
	}
	active := 0
	for _, r := range s.Records(a.now()) {
		if r.Active {
			active++
		}
	}
	if a.json {
		return a.emit(map[string]any{"ok": true, "projects": len(s.Projects), "active_links": active})
	}
	a.printf("OK: %s is valid; %d projects, %d active links.\n", a.configPath, len(s.Projects), active)
	return nil
}

func rendererErr(s *site.Site) error {
	_, err := s.Renderer()
	return err
}
