package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/publish"
	"github.com/vitrine/vitrine/internal/site"
	"github.com/vitrine/vitrine/internal/storage"
	"github.com/vitrine/vitrine/internal/storage/dir"
)

func (a *app) publishCommand() *cobra.Command {
	var f syncFlags
	c := &cobra.Command{
		Use:   "publish",
		Short: "Render every active link and make the storage match",
		Long: `Render the pages of every active link and make the configured storage (a
folder, or an S3 bucket) match the records: new and changed objects are
uploaded, unchanged ones left alone, and the pages of deactivated, expired
and deleted links removed, before anything else. With a CloudFront
distribution in the config, the changed links' folders are invalidated.

A project whose records have a problem keeps the pages it had; every other
change goes online, and the problems are listed at the end (exit status 2).`,
		Example: `  vitrine publish
  vitrine publish --dry-run
  vitrine publish --json`,
		Args: argCount(0, 0),
		RunE: func(c *cobra.Command, _ []string) error {
			cfg, err := a.loadConfig()
			if err != nil {
				return err
			}
			store, err := site.OpenStore(c.Context(), cfg)
			if err != nil {
				return err
			}
			f.invalidate, f.local = true, cfg.Storage.Type == "dir"
			return a.sync(c.Context(), cfg, store, where(cfg), f)
		},
	}
	c.Flags().BoolVar(&f.dryRun, "dry-run", false, "list every planned change with its reason; change nothing")
	c.Flags().BoolVar(&f.force, "force", false, "delete links missing from the records even when they are most of the stored links")
	return c
}

func (a *app) buildCommand() *cobra.Command {
	var out string
	c := &cobra.Command{
		Use:   "build",
		Short: "Render every active link into a folder",
		Long: `Render the pages of every active link into a folder, as publish does for the
storage: to look at them, or to upload them with a tool of one's own.`,
		Example: `  vitrine build
  vitrine build --out /tmp/pages`,
		Args: argCount(0, 0),
		RunE: func(c *cobra.Command, _ []string) error { return a.build(c.Context(), out) },
	}
	c.Flags().StringVar(&out, "out", "", "output `DIR`; default: storage.dir of the config, else public")
	_ = c.MarkFlagDirname("out")
	return c
}

func (a *app) build(ctx context.Context, out string) error {
	cfg, err := a.loadConfig()
	if err != nil {
		return err
	}
	folder := out
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
	if !f.dryRun && sum.Uploaded == 0 && sum.Deleted == 0 {
		a.printf("Nothing changed: the storage already matched the records.\n")
	}
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
