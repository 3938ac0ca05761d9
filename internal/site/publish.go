package site

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/vitrine/vitrine/internal/cdn"
	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/lockfile"
	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/publish"
	"github.com/vitrine/vitrine/internal/storage"
)

// PublishOptions are the choices of one Publish.
type PublishOptions struct {
	// Now is the one moment of the run, so that no step sees a link
	// expire that another still treated as active.
	Now           time.Time
	DryRun, Force bool
	// Event, when set, is told of every change (see publish.Options).
	Event func(publish.Event)
	// Warn, when set, is told of each row of the imports that names no
	// project; else it is logged.
	Warn func(Unrouted)
	// Projects, when not nil, limits the run to the links of the projects
	// of these slugs and to the revocations not yet applied (see
	// publish.Options.Only): what `vitrine watch` publishes after a save
	// that changed nothing but the records of these projects.
	Projects []string
}

// Publish makes store equal to the records: the one implementation behind
// build, publish, watch and the desk. Deactivated and expired links go
// first, before anything is rendered, so that no fault in the records or
// the theme can keep one online. A project whose records are at fault keeps
// its pages as they are while every other project is published.
//
// The Summary is never nil. The error holds, as a problem.List, every fault
// in the records (those Open found too, and active links that storage marks
// deactivated), joined with what made the run fail, if anything did; use
// problem.Only to tell a run that did all it could from a failed one.
func (s *Site) Publish(ctx context.Context, store storage.Store, o PublishOptions) (*publish.Summary, error) {
	faults := append(problem.List{}, s.problems...)
	if !o.DryRun {
		if err := s.CleanLeftovers(ctx, o.Projects); err != nil {
			return &publish.Summary{}, err
		}
		unlock, err := s.lockStorage(ctx)
		if err != nil {
			return &publish.Summary{}, err
		}
		defer unlock()
	}
	cfg := s.Config
	opts := publish.Options{
		Prefix:       cfg.Prefix,
		CacheControl: cfg.CacheControl.Pages,
		Concurrency:  cfg.Publish.Concurrency,
		Force:        o.Force,
		KeepMissing:  s.Incomplete(),
		Event:        o.Event,
	}
	if o.Projects != nil {
		opts.Only = func(id string) bool {
			p, _, ok := s.Find(id)
			return ok && slices.Contains(o.Projects, p.Slug)
		}
	}
	if o.DryRun {
		store = storage.DryRun(store)
	}
	// A theme whose gone page is at fault publishes none; the fault is
	// reported with the others, after the revocations it must not hold up.
	// A run limited to some projects leaves the page to the next full one.
	var goneErr error
	if o.Projects == nil {
		opts.Gone, goneErr = s.Gone()
	}
	job, err := publish.Start(ctx, store, s.Records(o.Now), opts)
	if err == nil {
		var b *Build
		if b, err = s.Build(o.Now); err == nil {
			err = job.Sync(ctx, b.Render)
			if ierr := b.importFaults(ctx, o.Warn); !faults.Add(ierr) && err == nil {
				err = ierr
			}
		}
	}
	sum := job.Summary()
	if faults.Add(err) {
		err = nil
	}
	if !faults.Add(goneErr) && err == nil {
		err = goneErr
	}
	for _, id := range sum.Skipped {
		faults = append(faults, s.MarkedProblem(id))
	}
	// A fault of the imports reaches every link it feeds as well as the
	// report of the imports; say it once.
	return sum, errors.Join(err, faults.Unique().Err())
}

// RevokeNow deletes the objects of link id from store at once and writes
// its marker (publish.Revoke), waiting for a publish of this config that is
// uploading, so that it cannot put the page back. It returns the number of
// objects deleted.
func (s *Site) RevokeNow(ctx context.Context, store storage.Store, id string) (int, error) {
	unlock, err := s.lockStorage(ctx)
	if err != nil {
		return 0, err
	}
	defer unlock()
	return publish.Revoke(ctx, store, s.Config.Prefix, id)
}

// lockStorage waits until no other vitrine of this config changes the
// storage, calling s.Waiting first when it has to wait.
func (s *Site) lockStorage(ctx context.Context) (func(), error) {
	quick, cancel := context.WithTimeout(ctx, 200*time.Millisecond)
	defer cancel()
	if unlock, err := lockfile.Lock(quick, s.StorageLock()); err == nil {
		return unlock, nil
	}
	if s.Waiting != nil {
		s.Waiting()
	}
	return lockfile.Lock(ctx, s.StorageLock())
}

// Invalidate makes the CDN of cfg forget the folders of the links ids and
// says what it did; without cdn.cloudfront_distribution it does nothing.
// Callers invalidate even after a failed publish, for what changed before
// it: the next publish finds those objects unchanged and would not.
func Invalidate(ctx context.Context, cfg *config.Config, ids []string) (string, error) {
	dist := cfg.CDN.CloudFrontDistribution
	if dist == "" || len(ids) == 0 {
		return "", nil
	}
	paths, err := cdn.Paths(cfg.BaseURL+"/"+cfg.Prefix, ids)
	if err != nil {
		return "", err
	}
	if ctx.Err() != nil {
		// Interrupted: what did change must still leave the CDN. One
		// request, briefly.
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
	}
	cf, err := cdn.NewCloudFront(ctx, dist)
	if err != nil {
		return "", err
	}
	id, err := cf.Invalidate(ctx, paths)
	if err != nil {
		return "", fmt.Errorf("%w; until the CDN revalidates (cache_control.pages) it may serve the old pages: "+
			"aws cloudfront create-invalidation --distribution-id %s --paths '%s'", err, dist, strings.Join(paths, "' '"))
	}
	return fmt.Sprintf("Invalidated %s in CloudFront distribution %s (invalidation %s).", strings.Join(paths, " "), dist, id), nil
}
