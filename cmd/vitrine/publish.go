package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"text/tabwriter"
	"time"

	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/publish"
	"github.com/vitrine/vitrine/internal/site"
	"github.com/vitrine/vitrine/internal/storage"
	"github.com/vitrine/vitrine/internal/storage/dir"
)

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
	store, err := openStore(ctx, cfg)
	if err != nil {
		return err
	}
	return a.sync(ctx, cfg, store, where(cfg), syncFlags{dryRun: *dryRun, force: *force, invalidate: true, local: cfg.Storage.Type == "dir"})
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
	return a.sync(ctx, cfg, dir.New(folder), filepath.Join(folder, cfg.Prefix), syncFlags{local: true})
}

// syncFlags are the choices of build and publish.
type syncFlags struct {
	dryRun, force bool
	// invalidate the CDN of the config: only the configured storage is
	// behind it, not a folder that build writes.
	invalidate bool
	// local is set when dest is a folder, whose pages can be opened.
	local bool
}

// sync renders every active link and makes store equal to it: the common
// core of build and publish.
func (a *app) sync(ctx context.Context, cfg *config.Config, store storage.Store, dest string, f syncFlags) error {
	s, err := site.Open(cfg)
	if err != nil {
		return err
	}
	r, err := s.Renderer()
	if err != nil {
		return err
	}
	start := time.Now()
	// One moment for the whole run, so that no step sees a link expire
	// that another still treated as active.
	now := a.now()
	// Render every changed link into the build cache first, so that a broken
	// record stops the run, with all problems listed, before any page
	// changes: the last good pages stay online.
	if err := s.Prepare(ctx, r, now); err != nil {
		return err
	}
	prog := a.newProgress()
	opts := publish.Options{
		Prefix:       cfg.Prefix,
		CacheControl: cfg.CacheControl.Pages,
		Concurrency:  cfg.Publish.Concurrency,
		Force:        f.force,
		Event:        a.reportEvent(f.dryRun, prog),
	}
	if f.dryRun {
		store = storage.DryRun(store)
	}
	sum, err := publish.Run(ctx, store, s.Records(now), s.RenderFunc(r), opts)
	prog.finish()
	if sum != nil && f.invalidate {
		// Also after a failure: what did change must leave the CDN.
		err = errors.Join(err, a.invalidate(ctx, cfg, sum.Changed, f.dryRun))
	}
	verb := "Published to"
	switch {
	case err != nil && sum != nil:
		// What was done before the failure, which the next run builds on.
		a.printf("Stopped publishing to %s: %d uploaded, %d deleted, %s in %.1fs\n",
			dest, sum.Uploaded, sum.Deleted, humanBytes(sum.Bytes), time.Since(start).Seconds())
		return err
	case err != nil:
		return err
	case a.json:
		return a.emit(sum)
	case f.dryRun:
		verb = "Dry run, nothing changed; would publish to"
	}
	a.printf("%s %s: %d uploaded, %d deleted, %d unchanged, %s in %.1fs (%s)\n",
		verb, dest, sum.Uploaded, sum.Deleted, sum.Unchanged, humanBytes(sum.Bytes), time.Since(start).Seconds(), renderedNote(s, now))
	if !f.dryRun {
		a.listPublished(cfg, s, dest, f.local, now)
	}
	return nil
}

// reportEvent warns of skipped links always, lists every change in a dry
// run and shows progress otherwise.
func (a *app) reportEvent(dryRun bool, prog *progress) func(publish.Event) {
	return func(e publish.Event) {
		switch {
		case e.Op == publish.OpSkip:
			a.logger().Warn("skipped link: storage marks it deactivated; the records are older than the deactivation", "link", e.Key)
		case !dryRun:
			prog.event(e)
		case !e.Planned && !a.json && !a.quiet:
			fmt.Fprintf(a.stdout, "%-6s %s (%s)\n", e.Op, e.Key, e.Reason)
		}
	}
}

// listPublished prints each active link's URL and, for a folder, the page
// to open locally.
func (a *app) listPublished(cfg *config.Config, s *site.Site, dest string, local bool, now time.Time) {
	if a.quiet || a.json {
		return
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	for _, rec := range s.Records(now) {
		if !rec.Active {
			continue
		}
		p, l, _ := s.Find(rec.ID)
		fmt.Fprintf(tw, "  %s\t%s\t%s", p.Slug, l.Label, cfg.LinkURL(l.ID))
		if local {
			fmt.Fprintf(tw, "\t%s", filepath.Join(dest, l.ID, "index.html"))
		}
		fmt.Fprintln(tw)
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

// renderedNote says how many active links were rendered anew and how many
// the build cache supplied unchanged. Prepare renders into the cache and
// publish then reads every link from it, so the cache's own hit count
// would count a fresh rendering twice.
func renderedNote(s *site.Site, now time.Time) string {
	active := 0
	for _, r := range s.Records(now) {
		if r.Active {
			active++
		}
	}
	fresh := int(s.Stats().Rendered)
	return fmt.Sprintf("%d links rendered, %d unchanged from the build cache", fresh, max(active-fresh, 0))
}
