package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/site"
	"github.com/vitrine/vitrine/internal/watch"
)

func (a *app) watchCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "watch",
		Short: "Publish again on every change of the records (Ctrl-C stops)",
		Long: `Publish once, then again whenever the records change: a project folder, a
links.yaml, the imports, the theme or config.yaml. A change inside one
project publishes that project's links only. A save in progress is waited
out (debounced); a problem is reported and waited out like any other.
Ctrl-C stops.`,
		Example: "  vitrine watch\n  vitrine watch --config /srv/office/config.yaml",
		Args:    argCount(0, 0),
		RunE:    func(c *cobra.Command, _ []string) error { return a.watch(c.Context()) },
	}
}

func (a *app) watch(ctx context.Context) error {
	// Without a valid config there is nothing to watch yet; later mistakes
	// in it are reported and waited out like any other.
	cfg, err := a.loadConfig()
	if err != nil {
		return err
	}
	for cfg != nil {
		if cfg, err = a.watchSite(ctx, cfg); err != nil {
			return err
		}
	}
	a.printf("Stopped watching.\n")
	return nil
}

// watchSite publishes on every change of the inputs cfg names until ctx is
// done (it returns nil) or the config names other folders (it returns the
// new config, to be watched instead).
func (a *app) watchSite(ctx context.Context, cfg *config.Config) (*config.Config, error) {
	watched, err := watchTargetsOf(cfg)
	if err != nil {
		return nil, err
	}
	wctx, retarget := context.WithCancel(ctx)
	defer retarget()
	var next *config.Config
	// full is set until a publish of every link succeeds: a limited one
	// trusts the markers to mean the revocation was done, and a failed run
	// may have written a marker without deleting the link's pages.
	full := true
	a.printf("Watching %s; publishing to %s on every change. Press Ctrl-C to stop.\n",
		strings.Join(slices.Concat(watched.dirs, watched.files), ", "), where(cfg))
	err = watch.Run(wctx, watch.Options{
		Dirs:    watched.dirs,
		Files:   watched.files,
		Ignore:  watched.ignore,
		OnError: func(err error) { a.logger().Warn(err.Error()) },
	}, func(ctx context.Context, changed []string) {
		if changed != nil {
			a.printf("\n%s %s changed\n", a.now().Format(time.TimeOnly), describeChanges(changed))
		}
		cfg, err := a.loadConfig()
		publishing := false
		if err == nil {
			if t, terr := watchTargetsOf(cfg); terr != nil || !t.equal(watched) {
				next = cfg
				retarget()
				return
			}
			var projects []string
			if !full {
				projects = changedProjects(cfg, changed)
			}
			publishing, err = a.republish(ctx, cfg, projects)
			if projects == nil || publishing {
				full = publishing
			}
		}
		switch {
		case err == nil || ctx.Err() != nil:
		case publishing:
			a.exit(err) // prints it the way the command would; the watch goes on
			a.printf("Waiting for the next change; save a file or run vitrine publish to try again.\n")
		default:
			a.exit(err)
			a.printf("The links of the projects named above keep the pages they had; everything else is online. Waiting for the next change.\n")
		}
	})
	if ctx.Err() != nil {
		return nil, nil
	}
	return next, err
}

// republish publishes like vitrine publish: a project whose records are
// broken in the middle of an edit keeps the pages it had, while
// deactivations and every other project go online. publishing reports
// whether the run failed at the storage rather than in the records.
//
// With projects, only their links are published, and any revocation not
// yet applied (site.PublishOptions.Projects).
func (a *app) republish(ctx context.Context, cfg *config.Config, projects []string) (publishing bool, err error) {
	store, err := site.OpenStore(ctx, cfg)
	if err != nil {
		return false, err
	}
	err = a.sync(ctx, cfg, store, where(cfg), syncFlags{invalidate: true, local: cfg.Storage.Type == "dir", projects: projects})
	return err != nil && !problem.Is(err), err
}

// changedProjects returns the slugs of the projects whose records are all
// that changed, or nil when a change may reach further or when there is no
// change, at the start: then every link is published. Further reach: the
// config, the theme, the imports, a project folder added or removed, a
// links.yaml (other projects' links are checked against its ids), and a
// project.yaml while there are imports (its names route their rows).
func changedProjects(cfg *config.Config, changed []string) []string {
	content, err := filepath.Abs(cfg.Path(cfg.Content))
	if err != nil || len(changed) == 0 {
		return nil
	}
	projects := filepath.Join(content, "projects")
	imports, _ := os.ReadDir(filepath.Join(content, site.ImportsDir))
	var slugs []string
	for _, p := range changed {
		rel, err := filepath.Rel(projects, p)
		if err != nil {
			return nil
		}
		parts := strings.Split(filepath.ToSlash(rel), "/")
		if len(parts) < 2 || parts[0] == ".." {
			return nil
		}
		if top := parts[1]; len(parts) == 2 && (top == "links.yaml" || top == "project.yaml" && len(imports) > 0) {
			return nil
		}
		if !slices.Contains(slugs, parts[0]) {
			slugs = append(slugs, parts[0])
		}
	}
	return slugs
}

// watchTargets are the inputs of a site as config.yaml names them.
type watchTargets struct {
	dirs  []string // the content folder and the templates folder
	files []string // config.yaml and the logo
	// own are folders vitrine writes itself: the output and the cache.
	own []string
}

func watchTargetsOf(cfg *config.Config) (watchTargets, error) {
	var t watchTargets
	var err error
	abs := func(list *[]string, p string) {
		if a, aerr := filepath.Abs(p); aerr != nil {
			err = aerr
		} else {
			*list = append(*list, a)
		}
	}
	abs(&t.dirs, cfg.Path(cfg.Content))
	// A templates folder that does not exist (yet) means the built-in
	// theme, as for publish; it is watched from the first run that finds it.
	if _, err := os.Stat(cfg.Path(cfg.Templates)); cfg.Templates != "" && err == nil {
		abs(&t.dirs, cfg.Path(cfg.Templates))
	}
	abs(&t.files, cfg.File) // as given on the command line, not relative to itself
	if cfg.Company.Logo != "" {
		abs(&t.files, cfg.Path(cfg.Company.Logo))
	}
	abs(&t.own, cfg.Path(".vitrine"))
	if cfg.Storage.Type == "dir" {
		abs(&t.own, cfg.Path(cfg.Storage.Dir))
	}
	return t, err
}

func (t watchTargets) equal(u watchTargets) bool {
	return slices.Equal(t.dirs, u.dirs) && slices.Equal(t.files, u.files) && slices.Equal(t.own, u.own)
}

// ignore reports paths whose changes cannot change a page: vitrine's own
// output, cache and lock files, and what editors and file managers leave
// next to a file. Hidden files are among them; the records never use one.
func (t watchTargets) ignore(p string) bool {
	for _, own := range t.own {
		if p == own || strings.HasPrefix(p, own+string(filepath.Separator)) {
			return true
		}
	}
	base := filepath.Base(p)
	return strings.HasPrefix(base, ".") || strings.HasSuffix(base, "~") || strings.HasPrefix(base, "#") ||
		base == "4913" || base == "links.yaml.lock"
}

// describeChanges names the changed files relative to the working folder,
// at most three of them.
func describeChanges(paths []string) string {
	wd, _ := os.Getwd() // without it, paths stay absolute
	names := make([]string, len(paths))
	for i, p := range paths {
		names[i] = p
		if rel, err := filepath.Rel(wd, p); err == nil && !strings.HasPrefix(rel, "..") {
			names[i] = rel
		}
	}
	if len(names) > 3 {
		return fmt.Sprintf("%s and %d more", strings.Join(names[:3], ", "), len(names)-3)
	}
	return strings.Join(names, ", ")
}
