// Package site assembles one configured vitrine site: the projects of the
// content folder with their links, and the rendering of one link folder.
// Every command that reads the records goes through it, so that they all
// validate the same way.
package site

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"

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
	// themes holds, for each Renderer built by Renderer, the digest of
	// the theme inputs it was built from: a part of every cache key.
	themes sync.Map
	stats  counters
	warn   sync.Once
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

// UpdateLinks changes the links.yaml of p as one locked, atomic
// transaction (links.Update).
func (s *Site) UpdateLinks(ctx context.Context, p *Project, fn func(*links.File) error) error {
	return links.Update(ctx, s.RecordsLock(), p.LinksPath(), fn)
}

type ref struct {
	project *Project
	link    *links.Link
}

// Open lists the projects of the content folder and reads every links.yaml.
// It does not read the project records themselves; Check and RenderFunc do.
// Problems in the user's files are returned together as a problem.List,
// alongside a Site of what was valid, so that check can go on and report
// everything at once; build and publish stop on any problem.
func Open(cfg *config.Config) (*Site, error) {
	root := cfg.Path(cfg.Content)
	var probs problem.List
	slugs, err := content.Slugs(root)
	if err != nil && !probs.Add(err) {
		return nil, err
	}
	s := &Site{Config: cfg, Cache: cache.New(cfg.Path(".vitrine"), ""), byID: map[string]ref{}}
	for _, slug := range slugs {
		p := &Project{Slug: slug, Dir: filepath.Join(root, "projects", slug)}
		p.Links, err = links.Load(p.LinksPath())
		if err != nil {
			if !probs.Add(err) {
				return nil, err
			}
			continue
		}
		s.Projects = append(s.Projects, p)
		for i := range p.Links.Links {
			l := &p.Links.Links[i]
			if other, dup := s.byID[l.ID]; dup {
				probs = append(probs, &problem.Problem{
					File: p.LinksPath(), Field: "id",
					Msg:  fmt.Sprintf("link %s is also used by project %s", l.ID, other.project.Slug),
					Hint: "every link needs its own id; remove one and run vitrine link create",
				})
				continue
			}
			s.byID[l.ID] = ref{p, l}
		}
	}
	return s, probs.Err()
}

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
// remembered in a revoked list.
func (s *Site) Records(now time.Time) []publish.Record {
	loc := s.Config.Location()
	var out []publish.Record
	seen := map[string]bool{}
	for _, p := range s.Projects {
		for i := range p.Links.Links {
			l := &p.Links.Links[i]
			seen[l.ID] = true
			switch l.StateAt(now, loc) {
			case links.Active:
				out = append(out, publish.Record{ID: l.ID, Active: true})
			case links.Expired:
				out = append(out, publish.Record{ID: l.ID, Reason: publish.ReasonExpired})
			default:
				out = append(out, publish.Record{ID: l.ID, Reason: publish.ReasonDeactivated})
			}
		}
		for _, id := range p.Links.Revoked {
			if !seen[id] {
				seen[id] = true
				out = append(out, publish.Record{ID: id, Reason: publish.ReasonDeactivated})
			}
		}
	}
	return out
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

// Renderer builds the renderer the config asks for: the company block and
// the template overrides. It records what the renderer was built from, so
// that RenderFunc can cache its renderings.
func (s *Site) Renderer() (*render.Renderer, error) {
	c := s.Config
	theme := newThemeInputs()
	opts := render.Options{Company: render.Company{Name: c.Company.Name, Contact: c.Company.Contact}}
	if c.Company.Logo != "" {
		logo, err := os.ReadFile(c.Path(c.Company.Logo))
		if err != nil {
			return nil, &problem.Problem{File: c.File, Field: "company.logo", Msg: err.Error(), Hint: "fix the path or remove the key"}
		}
		opts.Company.Logo, opts.Company.LogoName = logo, "logo"+filepath.Ext(c.Company.Logo)
		theme.add("logo", logo)
	}
	dir := ""
	if c.Templates != "" {
		dir = c.Path(c.Templates)
		opts.Overrides = theme.overrides(os.DirFS(dir))
	}
	r, err := render.New(opts)
	if err != nil {
		if dir != "" {
			err = problem.Under(dir, err)
		}
		return nil, err
	}
	if d := theme.digest(); d != nil {
		s.themes.Store(r, d)
	}
	return r, nil
}

// RenderFunc returns a publish.RenderFunc that loads a link's project,
// filters it through access.Filter and renders the result, or takes the
// result from the Cache when the link's inputs are unchanged. Projects are
// loaded per link, so memory holds only the links being rendered. Only a
// Renderer built by s.Renderer is cached: the key must cover its theme.
func (s *Site) RenderFunc(r *render.Renderer) publish.RenderFunc {
	return s.linkRenderer(r).render
}

// renderFresh renders link l of project p without the cache.
func (s *Site) renderFresh(ctx context.Context, r *render.Renderer, p *Project, l *links.Link) ([]render.File, error) {
	s.stats.rendered.Add(1)
	proj, err := content.Load(ctx, p.Dir)
	if err != nil {
		return nil, err
	}
	files, err := r.Render(ctx, access.Filter(proj, l), rootFS(p.Dir))
	return files, problem.Under(p.Dir, err)
}

// rootFS reads a project folder through os.Root, which, unlike os.DirFS,
// cannot be led outside the folder by a symbolic link swapped in after Load
// checked it. It opens the root per file so that no descriptor is held
// between rendering a link and uploading its documents; an opened file stays
// valid after its root is closed.
type rootFS string

func (d rootFS) Open(name string) (fs.File, error) {
	root, err := os.OpenRoot(string(d))
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return root.FS().Open(name)
}
