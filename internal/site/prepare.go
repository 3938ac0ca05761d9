package site

import (
	"context"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/render"
)

// Prepare renders into the Cache every link active at now that it does not
// hold yet, and returns the problems of all links that cannot be rendered,
// each once. A publish right after it renders nothing anew, so calling it
// first makes a publish all or nothing: a broken record stops it before
// any page changes, and the last good pages stay online. Without a Cache,
// Prepare only checks that every link renders.
func (s *Site) Prepare(ctx context.Context, r *render.Renderer, now time.Time) error {
	lr := s.linkRenderer(r)
	var ids []string
	for _, rec := range s.Records(now) {
		if rec.Active {
			ids = append(ids, rec.ID)
		}
	}
	failed := make([]error, len(ids))
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(max(s.Config.Publish.Concurrency, 1))
	for i, id := range ids {
		g.Go(func() error {
			err := lr.prepare(gctx, id)
			if problem.Is(err) {
				failed[i] = err // collected, so that the office sees every problem at once
				return nil
			}
			return err
		})
	}
	if err := g.Wait(); err != nil {
		return err
	}
	var all problem.List
	seen := map[string]bool{}
	for _, err := range failed {
		var l problem.List
		l.Add(err)
		for _, p := range l {
			// The links of one project share its problems; say each once.
			if !seen[p.Error()] {
				seen[p.Error()] = true
				all = append(all, p)
			}
		}
	}
	return all.Err()
}
