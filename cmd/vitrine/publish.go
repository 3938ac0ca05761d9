package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/problem"
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
	store, err := site.OpenStore(ctx, cfg)
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
	// projects limits the run to the links of these projects (watch).
	projects []string
}

// sync makes store equal to the records (site.Publish): the common core
// of build, publish and watch. It prints what happened; faults in the
// records are printed at the end and make the command exit with status 2.
func (a *app) sync(ctx context.Context, cfg *config.Config, store storage.Store, dest string, f syncFlags) error {
	s, err := site.Open(cfg)
	if err != nil && !problem.Is(err) {
		return err
	}
	s.Waiting = a.waitingFor(dest)
	start := time.Now()
	now := a.now()
	prog := a.newProgress()
	sum, err := s.Publish(ctx, store, site.PublishOptions{Now: now, DryRun: f.dryRun, Force: f.force,
		Event: a.reportEvent(f.dryRun, prog), Warn: a.warnUnrouted, Projects: f.projects})
	prog.finish()
	if f.invalidate {
		// Also after a failure: what did change must leave the CDN.
		err = errors.Join(err, a.invalidate(ctx, cfg, sum.Changed, f.dryRun))
	}
	if err != nil && !problem.Only(err) {
		// What was done before the failure, which the next run builds on.
		a.printf("Stopped publishing to %s: %d uploaded, %d deleted, %s in %.1fs\n",
			dest, sum.Uploaded, sum.Deleted, humanBytes(sum.Bytes), time.Since(start).Seconds())
		return err
	}
	verb := "Published to"
	switch {
	case a.json:
		return errors.Join(a.emit(sum), err)
	case f.dryRun:
		verb = "Dry run, nothing changed; would publish to"
	}
	a.printf("%s %s: %d uploaded, %d deleted, %d unchanged, %s in %.1fs (%s)\n",
		verb, dest, sum.Uploaded, sum.Deleted, sum.Unchanged, humanBytes(sum.Bytes), time.Since(start).Seconds(), renderedNote(s))
	if !f.dryRun {
		a.listPublished(cfg, s, dest, f.local, now, slices.Concat(sum.Failed, sum.Skipped), f.projects)
	}
	if len(sum.Failed) > 0 {
		a.printf("\n%d links keep the pages they had because of the problems below; every other change is online.\n", len(sum.Failed))
	}
	return err
}

// warnUnrouted tells of a row of an export in the imports that no project
// takes: it is not published, and the office may have to add a name to a
// project's import_names.
func (a *app) warnUnrouted(u site.Unrouted) {
	if !a.quiet {
		fmt.Fprintf(a.stderr, "vitrine: warning: %s\n", termSafe(u.String()))
	}
}

// waitingFor says that a command waits for another one publishing to dest.
func (a *app) waitingFor(dest string) func() {
	return func() { a.printf("Waiting for another vitrine command that is publishing to %s …\n", dest) }
}

// reportEvent lists every change in a dry run and shows progress
// otherwise.
func (a *app) reportEvent(dryRun bool, prog *progress) func(publish.Event) {
	return func(e publish.Event) {
		switch {
		case e.Op == publish.OpSkip:
			// Reported with its links.yaml entry when the run ends.
		case !dryRun:
			prog.event(e)
		case !e.Planned && !a.json && !a.quiet:
			fmt.Fprintf(a.stdout, "%-6s %s (%s)\n", e.Op, e.Key, e.Reason)
		}
	}
}

// listPublished prints each active link's URL and, for a folder, the page
// to open locally.
func (a *app) listPublished(cfg *config.Config, s *site.Site, dest string, local bool, now time.Time, offline, projects []string) {
	if a.quiet || a.json {
		return
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	for _, id := range s.Active(now) {
		p, l, _ := s.Find(id)
		if slices.Contains(offline, id) || (projects != nil && !slices.Contains(projects, p.Slug)) {
			continue
		}
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
// the build cache supplied unchanged.
func renderedNote(s *site.Site) string {
	st := s.Stats()
	return fmt.Sprintf("%d links rendered, %d unchanged from the build cache", st.Rendered, st.Cached)
}
