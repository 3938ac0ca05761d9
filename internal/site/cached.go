package site

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/vitrine/vitrine/internal/access"
	"github.com/vitrine/vitrine/internal/cache"
	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/render"
)

// Stats counts how the links of a Site were rendered since Open.
type Stats struct {
	Rendered int64 // rendered afresh
	Cached   int64 // taken from the build cache
	Corrupt  int64 // cache entries found damaged (and rendered afresh)
}

type counters struct{ rendered, cached, corrupt atomic.Int64 }

// Stats returns the counts so far.
func (s *Site) Stats() Stats {
	return Stats{Rendered: s.stats.rendered.Load(), Cached: s.stats.cached.Load(), Corrupt: s.stats.corrupt.Load()}
}

// errNoCache means a link is rendered without the cache.
var errNoCache = errors.New("no build cache")

// linkRenderer renders the links of one run with one Renderer.
type linkRenderer struct {
	s     *Site
	r     *render.Renderer
	c     *cache.Cache // nil: every link is rendered afresh
	base  [][]byte     // key parts every link shares: theme and config
	trees sync.Map     // project slug → *treeOnce
	imp   *imports     // the imports folder, read once per run
	loads *loads
	view  access.Options // the day of the pages, and what is new on it
}

// treeOnce is the snapshot of one project folder, taken once per run
// however many links the project has.
type treeOnce struct {
	once sync.Once
	tree *cache.Tree
	err  error
}

// linkRenderer renders with r, whose theme inputs have the digest theme;
// a nil theme (inputs that cannot be told apart) turns the cache off.
func (s *Site) linkRenderer(r *render.Renderer, theme []byte, view access.Options) *linkRenderer {
	imp := &imports{s: s}
	lr := &linkRenderer{s: s, r: r, imp: imp, loads: newLoads(2*s.Config.Publish.Concurrency, imp), view: view}
	if s.Cache == nil || theme == nil {
		return lr
	}
	cfg, err := configDigest(s.Config)
	if err != nil {
		s.warnOnce(err)
		return lr
	}
	// The day is part of every page (its "as of" line, what is new, the
	// next appointment): a page cached yesterday is not today's.
	lr.c, lr.base = s.Cache, [][]byte{theme, cfg, []byte(view.Today.String())}
	return lr
}

// configDigest returns the settings of cfg as they affect a rendering: all
// of them, but not where the file lies, so that a cache survives running
// vitrine from another folder.
func configDigest(cfg *config.Config) ([]byte, error) {
	c := *cfg
	c.Dir, c.File = "", ""
	b, err := json.Marshal(&c)
	if err != nil {
		return nil, fmt.Errorf("build cache: %w", err)
	}
	return b, nil
}

// render is the publish.RenderFunc: the cached files when the cache holds
// the link's inputs, else a fresh rendering, which it stores.
func (lr *linkRenderer) render(ctx context.Context, id string) ([]render.File, error) {
	p, l, ok := lr.s.Find(id)
	if !ok {
		return nil, fmt.Errorf("link %s: not in the records", id)
	}
	key, tree, err := lr.key(ctx, p, l)
	if err == nil {
		files, err := lr.c.Get(ctx, key, tree)
		switch {
		case err == nil:
			lr.s.stats.cached.Add(1)
			return files, nil
		case ctx.Err() != nil:
			return nil, ctx.Err()
		case errors.Is(err, cache.ErrCorrupt):
			lr.s.stats.corrupt.Add(1)
		case !errors.Is(err, cache.ErrNotFound):
			lr.s.warnOnce(err)
		}
	}
	return lr.fresh(ctx, p, l, key, tree)
}

// renderFresh renders link l of project p without the cache.
func (lr *linkRenderer) renderFresh(ctx context.Context, p *Project, l *links.Link) ([]render.File, error) {
	lr.s.stats.rendered.Add(1)
	proj, err := lr.loads.get(ctx, p.Dir)
	if err != nil {
		return nil, err
	}
	files, err := lr.r.Render(ctx, access.Filter(proj, l, lr.view), rootFS(p.Dir))
	return files, problem.Under(p.Dir, err)
}

// fresh renders a link and, when tree is set, stores the result under key,
// provided the project folder did not change while it was rendered.
func (lr *linkRenderer) fresh(ctx context.Context, p *Project, l *links.Link, key cache.Key, tree *cache.Tree) ([]render.File, error) {
	files, err := lr.renderFresh(ctx, p, l)
	if err != nil || tree == nil {
		return files, err
	}
	unchanged := func(ctx context.Context) bool {
		after, err := lr.c.Tree(ctx, p.Dir)
		return err == nil && after.Same(tree)
	}
	if err := lr.c.Put(ctx, key, files, tree, unchanged); err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		lr.s.warnOnce(err)
	}
	return files, nil
}

// key returns the cache key of link l and the snapshot of its project
// folder: theme, config, program (added by the cache), the project's slug
// and files, the rows the imports give it, and the link's settings,
// sections above all, so that a hidden section is never served from an
// entry rendered when it was shown.
func (lr *linkRenderer) key(ctx context.Context, p *Project, l *links.Link) (cache.Key, *cache.Tree, error) {
	if lr.c == nil {
		return cache.Key{}, nil, errNoCache
	}
	v, _ := lr.trees.LoadOrStore(p.Slug, &treeOnce{})
	t := v.(*treeOnce)
	t.once.Do(func() { t.tree, t.err = lr.c.Tree(ctx, p.Dir) })
	if t.err != nil {
		if ctx.Err() == nil {
			lr.s.warnOnce(t.err)
		}
		return cache.Key{}, nil, t.err
	}
	link, err := json.Marshal(l)
	if err != nil {
		return cache.Key{}, nil, err
	}
	imported, err := lr.imp.digest(ctx, p.Slug)
	if err != nil {
		return cache.Key{}, nil, err
	}
	key, err := lr.c.Key(slices.Concat(lr.base, [][]byte{[]byte(p.Slug), link, t.tree.Sum(), imported})...)
	if err != nil {
		lr.s.warnOnce(err)
		return cache.Key{}, nil, err
	}
	return key, t.tree, nil
}

// warnOnce reports the first problem with the cache. Publishing goes on
// without it, so one warning is enough, not one per link.
func (s *Site) warnOnce(err error) {
	s.warn.Do(func() {
		slog.Warn("build cache not used; rendering afresh", "cache", s.Cache.Dir(), "err", err)
	})
}
