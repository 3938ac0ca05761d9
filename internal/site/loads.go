package site

import (
	"context"
	"sync"

	"github.com/vitrine/vitrine/internal/content"
	"github.com/vitrine/vitrine/internal/project"
)

// loads reads each project folder once for all the links of a run that
// show it, rather than once per link: a project with a large times.csv and
// six links must not be parsed six times over at once. Publish renders the
// links project by project, so a few recent projects are all it needs to
// keep; an evicted project is only read again, never wrong. Each project
// gets its rows of the imports folder added to its own time entries.
type loads struct {
	imp   *imports
	mu    sync.Mutex
	keep  int
	order []string // slugs, least recently used first
	byDir map[string]*load
}

// load is one read of a project folder, shared by the links waiting on it.
type load struct {
	once sync.Once
	proj *project.Project
	err  error
}

func newLoads(keep int, imp *imports) *loads {
	return &loads{imp: imp, keep: max(keep, 1), byDir: map[string]*load{}}
}

// get returns the records of the project folder dir.
func (l *loads) get(ctx context.Context, dir string) (*project.Project, error) {
	l.mu.Lock()
	e, ok := l.byDir[dir]
	if !ok {
		e = &load{}
		l.byDir[dir] = e
	}
	l.touch(dir)
	l.mu.Unlock()
	e.once.Do(func() { e.proj, e.err = l.read(ctx, dir) })
	if e.err != nil && ctx.Err() != nil {
		// A cancelled read is no answer for the next caller.
		l.mu.Lock()
		if l.byDir[dir] == e {
			delete(l.byDir, dir)
		}
		l.mu.Unlock()
	}
	return e.proj, e.err
}

// read loads the project folder dir and adds its imported entries. A
// faulty export is reported by itself and feeds no project; it does not
// stop the projects it would feed, which keep their own entries.
func (l *loads) read(ctx context.Context, dir string) (*project.Project, error) {
	p, err := content.Load(ctx, dir)
	if err != nil {
		return nil, err
	}
	extra, err := l.imp.entries(ctx, p.Slug)
	if err != nil {
		return nil, err
	}
	p.Times = MergeTimes(p.Times, extra)
	return p, nil
}

// touch moves dir to the end of order and evicts the oldest beyond keep.
func (l *loads) touch(dir string) {
	for i, d := range l.order {
		if d == dir {
			l.order = append(l.order[:i], l.order[i+1:]...)
			break
		}
	}
	l.order = append(l.order, dir)
	for len(l.order) > l.keep {
		delete(l.byDir, l.order[0])
		l.order = l.order[1:]
	}
}
