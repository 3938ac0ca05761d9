package publish

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/vitrine/vitrine/internal/render"
	"github.com/vitrine/vitrine/internal/storage"
)

// ErrTooManyMissing is returned, before anything is changed, when more than
// half of the stored links are missing from the records and Force is off.
var ErrTooManyMissing = errors.New("most stored links are missing from the records")

// markerMeta is stored with every (empty) deactivation marker.
var markerMeta = storage.Meta{ContentType: "text/plain; charset=utf-8", CacheControl: "no-store", MD5: "d41d8cd98f00b204e9800998ecf8427e"}

// Options configure Run.
type Options struct {
	Prefix       string // key prefix that holds the link folders, without "/"
	CacheControl string // Cache-Control of every object in a link folder
	Concurrency  int    // links rendered and objects uploaded at once
	// Force deletes links missing from the records even when they are most
	// of the stored links.
	Force bool
	// Event, when set, is told of every change as it is made (or, with a
	// dry-run store, as it would be). Calls are serialised.
	Event func(Event)
}

// Ops name what an Event reports.
const (
	OpUpload = "upload"
	OpDelete = "delete"
	OpSkip   = "skip" // a link that storage marks as deactivated
)

// Event is one change reported by Run.
type Event struct {
	Op string
	// Planned is set when Run first knows of an upload or delete, before it
	// makes it, so that a progress display can count what is ahead; the
	// same change is reported again, without Planned, once it is made.
	// Plans arrive link by link, as each link is rendered.
	Planned bool
	Change
}

// Summary counts what Run did.
type Summary struct {
	Uploaded  int      `json:"uploaded"`
	Deleted   int      `json:"deleted"`
	Unchanged int      `json:"unchanged"`
	Bytes     int64    `json:"bytes"`
	Skipped   []string `json:"skipped,omitempty"`
	// Changed lists, sorted, the ids of the link folders in which objects
	// were written or deleted, or were about to be when a request failed
	// (it may have taken effect all the same), also when Run then failed:
	// a CDN in front of the storage must forget its copies of them.
	Changed []string `json:"-"`
}

// RenderFunc returns the files of the link folder of id.
type RenderFunc func(ctx context.Context, id string) ([]render.File, error)

// Run makes the objects under "<prefix>/" equal to the active links of
// records. Order: deactivation markers, deletion of deactivated links,
// per link its uploads (files before pages) and then its stale objects,
// and last the links missing from the records and stray objects. An
// interrupted run leaves a state from which the next run converges.
func Run(ctx context.Context, store storage.Store, records []Record, renderLink RenderFunc, opts Options) (*Summary, error) {
	list, err := store.List(ctx, opts.Prefix+"/")
	if err != nil {
		return nil, err
	}
	remote := NewRemote(opts.Prefix, list)
	plan := PlanLinks(records, remote)
	if plan.TooManyMissing() && !opts.Force {
		return nil, fmt.Errorf("%w: %d of %d stored links (%s); check `content:` in the config, or run with --force to delete them",
			ErrTooManyMissing, len(plan.Missing), plan.Stored, abbreviate(plan.Missing, 3))
	}
	a := &applier{store: store, opts: opts, sum: &Summary{Skipped: plan.Skipped}, changed: map[string]bool{}}
	err = a.run(ctx, plan, remote, renderLink)
	for id := range a.changed {
		a.sum.Changed = append(a.sum.Changed, id)
	}
	sort.Strings(a.sum.Changed)
	return a.sum, err
}

func (a *applier) run(ctx context.Context, plan *Plan, remote *Remote, renderLink RenderFunc) error {
	for _, id := range plan.Skipped {
		a.event(Event{Op: OpSkip, Change: Change{Key: id, Reason: ReasonRevoked}})
	}
	a.plan(OpUpload, plan.Markers)
	a.plan(OpDelete, plan.Revoke)
	a.plan(OpDelete, plan.Delete)
	for _, m := range plan.Markers {
		if err := a.put(ctx, m, markerMeta, strings.NewReader("")); err != nil {
			return err
		}
	}
	if err := a.delete(ctx, plan.Revoke); err != nil {
		return err
	}
	if err := a.syncLinks(ctx, plan.Render, remote, renderLink); err != nil {
		return err
	}
	return a.delete(ctx, plan.Delete)
}

func abbreviate(ids []string, n int) string {
	if len(ids) <= n {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ids[:n], ", "), len(ids)-n)
}

type applier struct {
	store   storage.Store
	opts    Options
	mu      sync.Mutex // guards sum and changed, and serialises Event
	sum     *Summary
	changed map[string]bool // link folders written or deleted in
}

// attempt records the link folders of keys as changed before a request
// for them is sent.
func (a *applier) attempt(keys ...string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, k := range keys {
		rel, _ := strings.CutPrefix(k, a.opts.Prefix+"/")
		if folder, _, ok := strings.Cut(rel, "/"); ok && !strings.HasPrefix(folder, "_") {
			a.changed[folder] = true
		}
	}
}

func (a *applier) event(e Event) {
	if a.opts.Event != nil {
		a.opts.Event(e)
	}
}

// plan reports changes that are about to be made.
func (a *applier) plan(op string, changes []Change) {
	a.mu.Lock()
	defer a.mu.Unlock()
	for _, c := range changes {
		a.event(Event{Op: op, Planned: true, Change: c})
	}
}

func (a *applier) put(ctx context.Context, c Change, m storage.Meta, body io.Reader) error {
	a.attempt(c.Key)
	if err := a.store.Put(ctx, c.Key, body, m); err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.sum.Uploaded++
	a.sum.Bytes += m.Size
	a.event(Event{Op: OpUpload, Change: c})
	return nil
}

func (a *applier) delete(ctx context.Context, changes []Change) error {
	if len(changes) == 0 {
		return nil
	}
	keys := make([]string, len(changes))
	for i, c := range changes {
		keys[i] = c.Key
	}
	a.attempt(keys...)
	if err := a.store.Delete(ctx, keys); err != nil {
		return err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	a.sum.Deleted += len(changes)
	for _, c := range changes {
		a.event(Event{Op: OpDelete, Change: c})
	}
	return nil
}

// syncLinks renders and uploads the links concurrently. Each link's stale
// objects (e.g. the times.csv of a section just hidden) are deleted as soon
// as its new page is up, which no longer references them, rather than at
// the end: a failure elsewhere in the run must not leave them online. One
// semaphore bounds the uploads of all links together.
func (a *applier) syncLinks(ctx context.Context, ids []string, remote *Remote, renderLink RenderFunc) error {
	n := max(a.opts.Concurrency, 1)
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(n)
	uploads := make(chan struct{}, n)
	for _, id := range ids {
		g.Go(func() error {
			files, err := renderLink(ctx, id)
			if err != nil {
				return err
			}
			objs, err := Objects(a.opts.Prefix, id, a.opts.CacheControl, files)
			if err != nil {
				return fmt.Errorf("link %s: %w", id, err)
			}
			d := Diff(objs, remote.Objects(id))
			ups := make([]Change, len(d.Upload))
			for i, u := range d.Upload {
				ups[i] = u.Change
			}
			a.plan(OpUpload, ups)
			a.plan(OpDelete, d.Stale)
			if err := a.uploadLink(ctx, d.Upload, uploads); err != nil {
				return err
			}
			if err := a.delete(ctx, d.Stale); err != nil {
				return err
			}
			a.mu.Lock()
			a.sum.Unchanged += d.Unchanged
			a.mu.Unlock()
			return nil
		})
	}
	return g.Wait()
}

// uploadLink uploads the files of one link concurrently, then its pages.
func (a *applier) uploadLink(ctx context.Context, ups []Upload, slots chan struct{}) error {
	split := len(ups)
	for i, u := range ups {
		if u.Object.page() {
			split = i
			break
		}
	}
	for _, batch := range [][]Upload{ups[:split], ups[split:]} {
		g, ctx := errgroup.WithContext(ctx)
		for _, u := range batch {
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return errors.Join(ctx.Err(), g.Wait())
			}
			g.Go(func() error {
				defer func() { <-slots }()
				body, err := u.Object.open()
				if err != nil {
					return fmt.Errorf("read %s: %w", u.Key, err)
				}
				defer body.Close()
				return a.put(ctx, u.Change, u.Object.Meta, body)
			})
		}
		if err := g.Wait(); err != nil {
			return err
		}
	}
	return nil
}

// Revoke deactivates link id in storage at once: it writes the marker,
// deletes every object of the link and lists again to verify that none is
// left. It returns the number of objects deleted.
func Revoke(ctx context.Context, store storage.Store, prefix, id string) (int, error) {
	if err := store.Put(ctx, MarkerKey(prefix, id), strings.NewReader(""), markerMeta); err != nil {
		return 0, err
	}
	folder := prefix + "/" + id + "/"
	list, err := store.List(ctx, folder)
	if err != nil {
		return 0, err
	}
	keys := make([]string, len(list))
	for i, o := range list {
		keys[i] = o.Key
	}
	if err := store.Delete(ctx, keys); err != nil {
		return 0, err
	}
	left, err := store.List(ctx, folder)
	if err != nil {
		return len(keys), err
	}
	if len(left) > 0 {
		return len(keys), fmt.Errorf("link %s: %d objects are still stored after deleting, e.g. %s; run the command again", id, len(left), left[0].Key)
	}
	return len(keys), nil
}
