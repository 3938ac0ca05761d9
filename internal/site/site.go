// Package site assembles one configured vitrine site: the projects of the
// content folder with their links, and the rendering of one link folder.
// Every command that reads the records goes through it, so that they all
// validate the same way.
package site

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/vitrine/vitrine/internal/access"
	"github.com/vitrine/vitrine/internal/cache"
	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/content"
	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/publish"
	"github.com/vitrine/vitrine/internal/render"
)

// Site is the configured content folder and the links of its projects.
type Site struct {
	Config   *config.Config
	Projects []*Project // sorted by slug
	// Cache keeps rendered link folders between runs. Open sets it to the
	// folder .vitrine next to config.yaml; nil renders every link afresh.
	Cache *cache.Cache
	byID  map[string]ref
	// refused holds the active entries whose id is deactivated elsewhere
	// (another project's links.yaml), with the problem to report: they are
	// treated as deactivated. ambiguous holds ids that two projects claim
	// as active: their stored pages stay as they are.
	refused   map[string]*problem.Problem
	ambiguous map[string]bool
	// incomplete is set when a project folder or a links.yaml could not be
	// read: stored links the records do not know may be its links.
	incomplete bool
	// dirs are all project folders, also those whose links.yaml failed.
	dirs []string
	// problems are the faults Open found, reported again by Publish.
	problems problem.List
	// Waiting, when set, is called when a command has to wait for another
	// one that changes the same storage.
	Waiting func()
	stats   counters
	warn    sync.Once
}

// Project is one project folder and its links.
type Project struct {
	Slug  string
	Dir   string // the project folder
	Links *links.File
}

// LinksPath is the path of the project's links.yaml.
func (p *Project) LinksPath() string { return filepath.Join(p.Dir, "links.yaml") }

// RecordsLock is the lock file that serialises every change to a
// links.yaml of the site. It lies in .vitrine next to config.yaml, not in
// the project folders, so that copying a project copies no lock.
func (s *Site) RecordsLock() string { return s.Config.Path(filepath.Join(".vitrine", "records.lock")) }

// StorageLock is the lock file that publishing commands of this config
// hold while they change the storage, so that one cannot undo another's
// deactivation on the same machine.
func (s *Site) StorageLock() string { return s.Config.Path(filepath.Join(".vitrine", "publish.lock")) }

// CleanLeftovers removes what crashed vitrine commands left in the folders
// of the projects of slugs (nil: all projects): unfinished temporary files
// and old lock files.
func (s *Site) CleanLeftovers(ctx context.Context, slugs []string) error {
	dirs := s.dirs
	if slugs != nil {
		dirs = nil
		for _, d := range s.dirs {
			if slices.Contains(slugs, filepath.Base(d)) {
				dirs = append(dirs, d)
			}
		}
	}
	return links.Clean(ctx, s.RecordsLock(), dirs)
}

// UpdateLinks changes the links.yaml of p as one locked, atomic
// transaction at now (links.Update), in the config's time zone.
func (s *Site) UpdateLinks(ctx context.Context, p *Project, now time.Time, fn func(*links.File) error) error {
	return links.Update(ctx, s.RecordsLock(), p.LinksPath(), now, s.Config.Location(), fn)
}

type ref struct {
	project *Project
	link    *links.Link
}

// Open lists the projects of the content folder and reads every links.yaml.
// It does not read the project records themselves; Check and Build do.
// Problems in the user's files are returned together as a problem.List,
// alongside a Site of what was valid, so that check can report everything
// at once and publish can go on with what is valid.
//
// A link id is one customer's for good: an active entry whose id another
// project deactivated is refused and treated as deactivated, and an id
// that two projects hold active is published by neither (its stored pages
// stay as they are) until one entry is removed.
func Open(cfg *config.Config) (*Site, error) {
	root := cfg.Path(cfg.Content)
	var probs problem.List
	slugs, err := content.Slugs(root)
	if err != nil {
		if !probs.Add(err) {
			return nil, err
		}
	}
	s := &Site{Config: cfg, Cache: cache.New(cfg.Path(".vitrine"), ""), byID: map[string]ref{},
		refused: map[string]*problem.Problem{}, ambiguous: map[string]bool{}, incomplete: len(probs) > 0}
	// Ten thousand links.yaml files are read on every run, also the
	// watch's after one save: on every core.
	projects := make([]*Project, len(slugs))
	errs := make([]error, len(slugs))
	var g errgroup.Group
	g.SetLimit(2 * runtime.GOMAXPROCS(0))
	for i, slug := range slugs {
		p := &Project{Slug: slug, Dir: filepath.Join(root, "projects", slug)}
		projects[i] = p
		g.Go(func() error {
			p.Links, errs[i] = links.Load(p.LinksPath())
			return nil
		})
	}
	g.Wait() // each error is in errs, in the order of the slugs
	for i, p := range projects {
		s.dirs = append(s.dirs, p.Dir)
		if err := errs[i]; err != nil {
			if !probs.Add(err) {
				return nil, err
			}
			s.incomplete = true
			continue
		}
		s.Projects = append(s.Projects, p)
	}
	probs = append(probs, s.index()...)
	s.problems = probs
	return s, probs.Err()
}

// revocation is where an id was deactivated: a file and its line.
type revocation struct {
	file string
	line int
}

// index fills byID, refused and ambiguous from the loaded projects and
// returns the problems it found.
func (s *Site) index() problem.List {
	// An id is deactivated where its entry says deactivated: or where a
	// revoked: list remembers it; a hand edit may have left one without
	// the other.
	revoked := map[string]revocation{}
	for _, p := range s.Projects {
		for i := range p.Links.Links {
			if l := &p.Links.Links[i]; l.Deactivated != nil {
				if _, ok := revoked[l.ID]; !ok {
					revoked[l.ID] = revocation{p.LinksPath(), l.Line()}
				}
			}
		}
		for _, id := range p.Links.Revoked {
			if _, ok := revoked[id]; !ok {
				revoked[id] = revocation{p.LinksPath(), p.Links.RevokedLine(id)}
			}
		}
	}
	var probs problem.List
	for _, p := range s.Projects {
		for i := range p.Links.Links {
			l := &p.Links.Links[i]
			other, dup := s.byID[l.ID]
			if !dup {
				s.byID[l.ID] = ref{p, l}
			}
			if l.Deactivated != nil {
				continue
			}
			if r, ok := revoked[l.ID]; ok {
				pr := &problem.Problem{
					File: p.LinksPath(), Line: l.Line(), Field: "id",
					Msg:  fmt.Sprintf("link %s was deactivated in %s (line %d); a deactivated link never comes back", l.ID, r.file, r.line),
					Hint: "delete this entry; to give the customer a page again, run vitrine link create " + p.Slug,
				}
				s.refused[l.ID] = pr
				probs = append(probs, pr)
				continue
			}
			if dup && other.link.Deactivated == nil {
				s.ambiguous[l.ID] = true
				probs = append(probs, &problem.Problem{
					File: p.LinksPath(), Line: l.Line(), Field: "id",
					Msg: fmt.Sprintf("link %s is also an active link of project %s (%s, line %d); neither page is published until one entry is removed",
						l.ID, other.project.Slug, other.project.LinksPath(), other.link.Line()),
					Hint: "if this project folder is a copy, delete its links.yaml and run vitrine link create " + p.Slug,
				})
			}
		}
	}
	return probs
}

// Incomplete reports whether a project folder or a links.yaml could not be
// read, so that stored links the records do not know must stay.
func (s *Site) Incomplete() bool { return s.incomplete }

// Project returns the project of slug, or nil.
func (s *Site) Project(slug string) *Project {
	for _, p := range s.Projects {
		if p.Slug == slug {
			return p
		}
	}
	return nil
}

// Find returns the link of id and its project; ok is false when no
// project has it.
func (s *Site) Find(id string) (p *Project, l *links.Link, ok bool) {
	r, ok := s.byID[id]
	return r.project, r.link, ok
}

// Records returns what the records say about every link id at now: active
// links, and deactivated or expired ones, including ids that are only
// remembered in a revoked list. Links come project by project, so that a
// publish renders the links of one project together.
func (s *Site) Records(now time.Time) []publish.Record {
	loc := s.Config.Location()
	var out []publish.Record
	seen := map[string]bool{}
	add := func(r publish.Record) {
		if !seen[r.ID] {
			seen[r.ID] = true
			out = append(out, r)
		}
	}
	for _, p := range s.Projects {
		for i := range p.Links.Links {
			l := &p.Links.Links[i]
			switch {
			case l.Deactivated != nil || s.refused[l.ID] != nil:
				add(publish.Record{ID: l.ID, Reason: publish.ReasonDeactivated})
			case s.ambiguous[l.ID]:
				add(publish.Record{ID: l.ID, Active: true, Keep: true})
			case l.StateAt(now, loc) == links.Expired:
				add(publish.Record{ID: l.ID, Reason: publish.ReasonExpired})
			default:
				add(publish.Record{ID: l.ID, Active: true})
			}
		}
		for _, id := range p.Links.Revoked {
			add(publish.Record{ID: id, Reason: publish.ReasonDeactivated})
		}
	}
	return out
}

// Active returns the ids of the links that are published at now, in the
// order of Records.
func (s *Site) Active(now time.Time) []string {
	var ids []string
	for _, r := range s.Records(now) {
		if r.Active && !r.Keep {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

// MarkedProblem reports active link id, which storage marks as deactivated,
// as a fault in the links.yaml that still lists it.
func (s *Site) MarkedProblem(id string) *problem.Problem {
	p, l, _ := s.Find(id)
	pr := &problem.Problem{
		Field: "id",
		Msg:   fmt.Sprintf("link %s is active here, but the storage marks it deactivated (it was deactivated from other records, e.g. another copy of this folder); it stays offline", id),
		Hint:  "these records are older than the deactivation: bring them up to date (e.g. git pull), or delete the entry",
	}
	if p != nil {
		pr.File, pr.Line = p.LinksPath(), l.Line()
	}
	return pr
}

// Check reads every project's records and returns all problems found.
func (s *Site) Check(ctx context.Context) error {
	var probs problem.List
	for _, p := range s.Projects {
		if _, err := content.Load(ctx, p.Dir); err != nil && !probs.Add(err) {
			return err
		}
	}
	return probs.Err()
}

// Build is one rendering of the Site's links with the Renderer the config
// asks for (the company block and the template overrides), together with
// the digest of the theme inputs it was built from, which every cache key
// includes. Publish, the preview and the desk all render through a Build.
type Build struct {
	lr *linkRenderer
}

// Build builds the renderer the config asks for. A fault in the logo or a
// template override is a problem naming the file.
//
// The pages are those of the day of now in the site's time zone: it is
// their "as of" day and the day they count new items and the next
// appointment from.
func (s *Site) Build(now time.Time) (*Build, error) {
	opts, theme, err := s.renderOptions()
	if err != nil {
		return nil, err
	}
	r, err := render.New(opts)
	if err != nil {
		return nil, s.underTemplates(err)
	}
	today := links.Today(now, s.Config.Location())
	return &Build{lr: s.linkRenderer(r, theme.digest(), access.Options{Today: today, NewDays: s.Config.NewDays})}, nil
}

// renderOptions returns what the renderer of the config needs, and the
// theme inputs that go into the build cache's key.
func (s *Site) renderOptions() (render.Options, *themeInputs, error) {
	c := s.Config
	theme := newThemeInputs()
	opts := render.Options{Company: render.Company{Name: c.Company.Name, Contact: c.Company.Contact,
		ImprintURL: c.Company.ImprintURL, PrivacyURL: c.Company.PrivacyURL}}
	if c.Company.Logo != "" {
		logo, err := os.ReadFile(c.Path(c.Company.Logo))
		if err != nil {
			return opts, nil, &problem.Problem{File: c.File, Field: "company.logo", Msg: err.Error(), Hint: "fix the path or remove the key"}
		}
		opts.Company.Logo, opts.Company.LogoName = logo, "logo"+filepath.Ext(c.Company.Logo)
		theme.add("logo", logo)
	}
	if c.Templates != "" {
		opts.Overrides = theme.overrides(os.DirFS(c.Path(c.Templates)))
	}
	return opts, theme, nil
}

// underTemplates names the templates folder in err, a fault of the theme.
func (s *Site) underTemplates(err error) error {
	if s.Config.Templates != "" {
		return problem.Under(s.Config.Path(s.Config.Templates), err)
	}
	return err
}

// Gone returns the page for ended links (render.Gone), which publish
// stores at <prefix>/_gone.html.
func (s *Site) Gone() ([]byte, error) {
	opts, _, err := s.renderOptions()
	if err != nil {
		return nil, err
	}
	page, err := render.Gone(opts, s.Config.Locale)
	return page, s.underTemplates(err)
}

// Render is a publish.RenderFunc: it loads a link's project, filters it
// through access.Filter and renders the result, or takes the result from
// the Cache when the link's inputs are unchanged. A project's records are
// read once for the links rendered together, and only a few projects are
// held at a time. A fault in the records comes back as a problem, which
// publish reports without stopping the other links.
func (b *Build) Render(ctx context.Context, id string) ([]render.File, error) {
	return b.lr.render(ctx, id)
}

// rootFS reads a project folder through os.Root, which, unlike os.DirFS,
// cannot be led outside the folder by a symbolic link swapped in after Load
// checked it; nor does it follow a link inside the folder (files/x ->
// ../project.yaml), since a published file must be the file itself. It
// opens the root per file so that no descriptor is held between rendering
// a link and uploading its documents; an opened file stays valid after its
// root is closed.
type rootFS string

func (d rootFS) Open(name string) (fs.File, error) {
	root, err := os.OpenRoot(string(d))
	if err != nil {
		return nil, err
	}
	defer root.Close()
	before, err := root.Lstat(name)
	if err != nil {
		return nil, err
	}
	f, err := root.Open(name)
	if err != nil {
		return nil, err
	}
	// Lstat saw the name itself; the opened file must be that same file,
	// not a link put in its place in between.
	if after, err := f.Stat(); err != nil || !before.Mode().IsRegular() || !os.SameFile(before, after) {
		f.Close()
		return nil, &fs.PathError{Op: "open", Path: name, Err: errNotRegular}
	}
	return f, nil
}

// errNotRegular refuses a record file that is not a plain file of its own.
var errNotRegular = errors.New("not a regular file of the project folder (a symbolic link?)")
