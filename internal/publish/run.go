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

	"github.com/vitrine/vitrine/internal/problem"
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
	// Force deletes links missing from the records, and entries that
	// vitrine did not write, even when they are most of what is stored.
	Force bool
	// KeepMissing leaves stored link folders that the records do not know:
	// set it when the records are incomplete, e.g. a links.yaml could not
	// be read, whose links must stay online as they are.
	KeepMissing bool
	// Only, when set, limits the run to the links it accepts, and to every
	// revocation not yet applied: Start lists the markers and the folders
	// of those links rather than the whole prefix, and deletes nothing
	// else. It serves `vitrine watch`, which knows the project a save
	// changed: ten thousand other links need not be listed and compared.
	// Deactivated and expired links without a marker are always included,
	// so that no revocation waits for a full run.
	Only func(id string) bool
	// Event, when set, is told of every change as it is made (or, with a
	// dry-run store, as it would be). Calls are serialised.
	Event func(Event)
	// Gone is the page for ended links, stored at GoneKey when the stored
	// one differs; nil leaves the storage's as it is.
	Gone []byte
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
	// Failed lists the links whose records are at fault; their stored
	// objects were left as they were.
	Failed []string `json:"failed,omitempty"`
	// Changed lists, sorted, the ids of the link folders in which objects
	// were written or deleted, or were about to be when a request failed
	// (it may have taken effect all the same), also when Run then failed:
	// a CDN in front of the storage must forget its copies of them.
	Changed []string `json:"-"`
}

// RenderFunc returns the files of the link folder of id. An error that is
// a fault in the user's records (problem.Is) stops only that link: its
// stored objects stay as they are, and Sync reports the fault at the end.
type RenderFunc func(ctx context.Context, id string) ([]render.File, error)

// Job is one publish: Start applies what the records revoke, Sync the rest.
type Job struct {
	a      *applier
	plan   *Plan
	remote *Remote
}

// Run makes the objects under "<prefix>/" equal to the active links of
// records: Start, then Sync. An interrupted run leaves a state from which
// the next run converges.
func Run(ctx context.Context, store storage.Store, records []Record, renderLink RenderFunc, opts Options) (*Summary, error) {
	j, err := Start(ctx, store, records, opts)
	if err != nil {
		return j.Summary(), err
	}
	err = j.Sync(ctx, renderLink)
	return j.Summary(), err
}

// Start lists the storage and applies, before anything is rendered, what
// the records revoke: the deactivation markers, then the deletion of every
// object of deactivated and expired links. Nothing in the rest of the run,
// not a broken record nor a crash, can hold that up. It then refuses, with
// ErrTooManyMissing, a run that would delete most of what is stored (see
// Plan.TooManyMissing) unless opts.Force is set. The Job it returns is
// never nil, so that its Summary tells what was done also after an error.
func Start(ctx context.Context, store storage.Store, records []Record, opts Options) (*Job, error) {
	j := &Job{a: &applier{store: store, opts: opts, sum: &Summary{}, changed: map[string]bool{},
		markers: &markerWatch{store: store, prefix: opts.Prefix}}}
	var list []storage.ObjectInfo
	var err error
	if opts.Only != nil {
		list, records, err = listOnly(ctx, store, records, opts)
	} else {
		list, err = store.List(ctx, opts.Prefix+"/")
	}
	if err != nil {
		return j, err
	}
	j.remote = NewRemote(opts.Prefix, list)
	// A listing returns 1000 keys (S3's page).
	j.a.markers.one = len(j.remote.markers) >= 1000
	j.plan = PlanLinks(records, j.remote, opts.KeepMissing || opts.Only != nil)
	if err := j.a.revoke(ctx, j.plan); err != nil {
		return j, err
	}
	// The manifest is read after the revocations, which nothing may hold
	// up, not even a manifest that cannot be read.
	if hr, ok := store.(storage.HeaderReader); ok {
		j.a.headers = hr
		listed := j.remote.manifest
		if opts.Only != nil {
			// A limited run did not list it; a missing one reads empty.
			listed = storage.ObjectInfo{Key: ManifestKey(opts.Prefix)}
		}
		m, err := readManifest(ctx, store, listed)
		if err != nil {
			return j, err
		}
		j.a.ledger = newLedger(j.remote, m)
		for _, c := range j.plan.Revoke {
			j.a.ledger.forget(c.Key)
		}
		// A partial listing cannot tell what the manifest should hold
		// for the links it did not list: only a full run writes it. A
		// limited one still takes the headers it vouches for, rather
		// than asking for each unchanged object.
		if opts.Only != nil {
			j.a.ledger = nil
		}
	}
	if j.plan.TooManyMissing() && !opts.Force {
		return j, fmt.Errorf("%w: %s; check `content:` and `prefix:` in the config, or run with --force to delete them",
			ErrTooManyMissing, j.plan.missingText())
	}
	return j, nil
}

// listOnly lists what a run limited by opts.Only needs: the markers, and
// the folders of the records it keeps, those Only accepts and the inactive
// ones without a marker.
func listOnly(ctx context.Context, store storage.Store, records []Record, opts Options) ([]storage.ObjectInfo, []Record, error) {
	list, err := store.List(ctx, opts.Prefix+"/"+markerDir)
	if err != nil {
		return nil, nil, err
	}
	marked := make(map[string]bool, len(list))
	for _, o := range list {
		marked[o.Key] = true
	}
	var keep []Record
	for _, rec := range records {
		if !opts.Only(rec.ID) && (rec.Active || marked[MarkerKey(opts.Prefix, rec.ID)]) {
			continue
		}
		keep = append(keep, rec)
		objs, err := store.List(ctx, opts.Prefix+"/"+rec.ID+"/")
		if err != nil {
			return nil, nil, err
		}
		list = append(list, objs...)
	}
	return list, keep, nil
}

// missingText says what a refused run would have deleted.
func (p *Plan) missingText() string {
	s := fmt.Sprintf("%d of %d stored links", len(p.Missing), p.Stored)
	if len(p.Missing) > 0 {
		s += " (" + abbreviate(p.Missing, 3) + ")"
	}
	if len(p.Foreign) > 0 {
		s += fmt.Sprintf(", and %d entries that vitrine did not write (%s)", len(p.Foreign), abbreviate(p.Foreign, 5))
	}
	return s
}

// Sync renders the active links and makes each link folder equal to its
// rendering, then deletes what no record wants. It goes on past links whose
// records are at fault and returns their problems together at the end; any
// other error stops it. Last, also after an error, it writes the manifest
// of what it knows to be stored, if that differs from the stored one.
func (j *Job) Sync(ctx context.Context, renderLink RenderFunc) error {
	var faults problem.List
	err := j.sync(ctx, renderLink, &faults)
	if merr := j.a.ledger.save(ctx, j.a.store, j.a.opts.Prefix, j.remote.manifest); err == nil {
		err = merr
	}
	if err != nil {
		return err
	}
	return faults.Unique().Err()
}

func (j *Job) sync(ctx context.Context, renderLink RenderFunc, faults *problem.List) error {
	if err := j.syncGone(ctx); err != nil {
		return err
	}
	j.a.plan(OpDelete, j.plan.Delete)
	if err := j.a.syncLinks(ctx, j.plan.Render, j.remote, renderLink, faults); err != nil {
		return err
	}
	return j.a.delete(ctx, j.plan.Delete)
}

// Summary returns what the job has done so far.
func (j *Job) Summary() *Summary {
	a := j.a
	a.mu.Lock()
	defer a.mu.Unlock()
	a.sum.Changed = a.sum.Changed[:0]
	for id := range a.changed {
		a.sum.Changed = append(a.sum.Changed, id)
	}
	sort.Strings(a.sum.Changed)
	sort.Strings(a.sum.Skipped)
	return a.sum
}

// revoke writes the markers of the plan and deletes the objects of the
// links they stand for.
func (a *applier) revoke(ctx context.Context, plan *Plan) error {
	for _, id := range plan.Skipped {
		a.skip(id)
	}
	a.plan(OpUpload, plan.Markers)
	a.plan(OpDelete, plan.Revoke)
	for _, m := range plan.Markers {
		if err := a.put(ctx, m, markerMeta, strings.NewReader("")); err != nil {
			return err
		}
	}
	gone, err := a.uploadedMeanwhile(ctx, plan)
	if err != nil {
		return err
	}
	return a.delete(ctx, append(gone, plan.Revoke...))
}

// uploadedMeanwhile lists again the folders of the links just marked and
// returns what they hold beyond the plan: another vitrine with older records
// may have uploaded a page after this run's listing and checked for the
// marker before it was written; it is deleted here, as Revoke does.
func (a *applier) uploadedMeanwhile(ctx context.Context, plan *Plan) ([]Change, error) {
	planned := make(map[string]bool, len(plan.Revoke))
	for _, c := range plan.Revoke {
		planned[c.Key] = true
	}
	var gone []Change
	for _, id := range plan.Marked {
		objs, err := a.store.List(ctx, a.opts.Prefix+"/"+id+"/")
		if err != nil {
			return nil, err
		}
		for _, o := range objs {
			if !planned[o.Key] {
				gone = append(gone, Change{Key: o.Key, Reason: ReasonRevoked})
			}
		}
	}
	a.plan(OpDelete, gone)
	return gone, nil
}

// skip records that active link id is not published because storage marks
// it deactivated.
func (a *applier) skip(id string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.sum.Skipped = append(a.sum.Skipped, id)
	a.event(Event{Op: OpSkip, Change: Change{Key: id, Reason: ReasonRevoked}})
}

func abbreviate(ids []string, n int) string {
	if len(ids) <= n {
		return strings.Join(ids, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(ids[:n], ", "), len(ids)-n)
}

type applier struct {
	store storage.Store
	// headers, when the store keeps headers that its listing does not
	// report, reads those of one object; ledger is then the next manifest.
	headers storage.HeaderReader
	ledger  *ledger
	opts    Options
	mu      sync.Mutex // guards sum and changed, and serialises Event
	sum     *Summary
	changed map[string]bool // link folders written or deleted in
	markers *markerWatch
}

// attempt records the link folders of keys as changed before a request
// for them is sent, and forgets what was stored under them.
func (a *applier) attempt(keys ...string) {
	a.ledger.forget(keys...)
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
// semaphore bounds the uploads of all links together. A link whose records
// are at fault is left as it is stored, and its problem added to faults.
func (a *applier) syncLinks(ctx context.Context, ids []string, remote *Remote, renderLink RenderFunc, faults *problem.List) error {
	n := max(a.opts.Concurrency, 1)
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(n)
	uploads := make(chan struct{}, n)
	for _, id := range ids {
		g.Go(func() error {
			files, err := renderLink(ctx, id)
			if problem.Is(err) {
				a.fault(id, err, faults)
				return nil
			}
			if err != nil {
				return err
			}
			objs, err := Objects(a.opts.Prefix, id, a.opts.CacheControl, files)
			if err != nil {
				return fmt.Errorf("link %s: %w", id, err)
			}
			stored, err := a.readHeaders(ctx, objs, remote.Objects(id))
			if err != nil {
				return err
			}
			d := Diff(objs, stored)
			ups := make([]Change, len(d.Upload))
			for i, u := range d.Upload {
				ups[i] = u.Change
			}
			a.plan(OpUpload, ups)
			a.plan(OpDelete, d.Stale)
			if err := a.uploadLink(ctx, id, d.Upload, uploads); err != nil {
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

// fault records that link id was left as stored because of err, a fault in
// its records.
func (a *applier) fault(id string, err error, faults *problem.List) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.sum.Failed = append(a.sum.Failed, id)
	faults.Add(err)
}

// uploadLink uploads the files of link id concurrently, then its pages.
//
// Another vitrine (link deactivate --publish, or a publish elsewhere) may
// revoke the link while this one runs. So it reads the link's marker again
// right before the pages go up, and once more after: a revoked link loses
// what was uploaded for it. Either this check sees the marker, or the
// pages were up before the marker was written and the revoking side, which
// lists the folder after writing it, deletes them.
func (a *applier) uploadLink(ctx context.Context, id string, ups []Upload, slots chan struct{}) error {
	if len(ups) == 0 {
		return nil
	}
	split := len(ups)
	for i, u := range ups {
		if u.Object.page() {
			split = i
			break
		}
	}
	if err := a.upload(ctx, ups[:split], slots); err != nil {
		return err
	}
	if gone, err := a.purgeIfRevoked(ctx, id); gone || err != nil {
		return err
	}
	if err := a.upload(ctx, ups[split:], slots); err != nil {
		return err
	}
	_, err := a.purgeIfRevoked(ctx, id)
	return err
}

// upload puts a batch of objects concurrently, within the shared slots.
func (a *applier) upload(ctx context.Context, batch []Upload, slots chan struct{}) error {
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
			if err := a.put(ctx, u.Change, u.Object.Meta, body); err != nil {
				return err
			}
			m := u.Object.Meta
			a.ledger.record(storage.ObjectInfo{Key: u.Key, Size: m.Size, MD5: m.MD5, Headers: storage.HeaderHash(m)})
			return nil
		})
	}
	return g.Wait()
}

// purgeIfRevoked asks storage for the marker of link id (markerWatch) and,
// when it is there, deletes every object of the link and reports it
// skipped.
func (a *applier) purgeIfRevoked(ctx context.Context, id string) (bool, error) {
	marked, err := a.markers.revoked(ctx, id)
	if err != nil || !marked {
		return false, err
	}
	a.skip(id)
	objs, err := a.store.List(ctx, a.opts.Prefix+"/"+id+"/")
	if err != nil {
		return true, err
	}
	gone := make([]Change, len(objs))
	for i, o := range objs {
		gone[i] = Change{Key: o.Key, Reason: ReasonRevoked}
	}
	a.plan(OpDelete, gone)
	return true, a.delete(ctx, gone)
}

// Marked lists the deactivation markers under "<prefix>/" with one
// listing and returns a test for whether link id has one.
func Marked(ctx context.Context, store storage.Store, prefix string) (func(id string) bool, error) {
	list, err := store.List(ctx, prefix+"/"+markerDir)
	if err != nil {
		return nil, err
	}
	keys := make(map[string]bool, len(list))
	for _, o := range list {
		keys[o.Key] = true
	}
	return func(id string) bool { return keys[MarkerKey(prefix, id)] }, nil
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
