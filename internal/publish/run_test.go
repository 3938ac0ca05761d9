package publish

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/vitrine/vitrine/internal/render"
	"github.com/vitrine/vitrine/internal/storage"
	"github.com/vitrine/vitrine/internal/storage/dir"
)

// recorder logs the writes that reach a store and can fail after a number
// of them, to interrupt a publish midway.
type recorder struct {
	storage.Store
	mu        sync.Mutex
	ops       []string
	failed    []string // keys of the puts that failed
	failAfter int      // 0 = never
}

var errInjected = errors.New("injected failure")

func (r *recorder) Put(ctx context.Context, key string, body io.Reader, m storage.Meta) error {
	r.mu.Lock()
	if r.failAfter > 0 && len(r.ops) >= r.failAfter {
		r.failed = append(r.failed, key)
		r.mu.Unlock()
		return errInjected
	}
	r.ops = append(r.ops, "put "+key)
	r.mu.Unlock()
	return r.Store.Put(ctx, key, body, m)
}

func (r *recorder) Delete(ctx context.Context, keys []string) error {
	r.mu.Lock()
	for _, k := range keys {
		r.ops = append(r.ops, "delete "+k)
	}
	r.mu.Unlock()
	return r.Store.Delete(ctx, keys)
}

// site renders every link as a page, a stylesheet and the photos given.
type site map[string][]string

func (s site) render(_ context.Context, id string) ([]render.File, error) {
	files := []render.File{
		{Path: "index.html", ContentType: "text/html", Body: []byte("page of " + id + strings.Join(s[id], ","))},
		{Path: "style.css", ContentType: "text/css", Body: []byte("body{}")},
	}
	for _, p := range s[id] {
		files = append(files, render.File{Path: "photos/" + p, ContentType: "image/jpeg", Body: []byte(p)})
	}
	return files, nil
}

func listKeys(t *testing.T, s storage.Store, prefix string) []string {
	t.Helper()
	l, err := s.List(context.Background(), prefix)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, o := range l {
		out = append(out, o.Key)
	}
	return out
}

func opts() Options { return Options{Prefix: "p", CacheControl: "public, no-cache", Concurrency: 4} }

func TestRunLifeCycle(t *testing.T) {
	ctx := context.Background()
	store := &recorder{Store: dir.New(t.TempDir())}
	if err := store.Store.Put(ctx, "outside/keep.txt", strings.NewReader("x"), storage.Meta{}); err != nil {
		t.Fatal(err)
	}
	s := site{idA: {"a.jpg", "b.jpg"}, idB: nil}
	recs := []Record{{ID: idA, Active: true}, {ID: idB, Active: true}}

	sum, err := Run(ctx, store, recs, s.render, opts())
	if err != nil {
		t.Fatal(err)
	}
	if sum.Uploaded != 6 || sum.Deleted != 0 || !slices.Equal(sum.Changed, []string{idA, idB}) {
		t.Fatalf("first publish = %+v, want 6 uploads in both links", sum)
	}
	// Within a link, the page comes after the files it references.
	pageA := slices.Index(store.ops, "put p/"+idA+"/index.html")
	for _, f := range []string{"photos/a.jpg", "photos/b.jpg", "style.css"} {
		if i := slices.Index(store.ops, "put p/"+idA+"/"+f); i < 0 || i > pageA {
			t.Errorf("%s uploaded at %d, page at %d: %q", f, i, pageA, store.ops)
		}
	}

	sum, err = Run(ctx, store, recs, s.render, opts())
	if err != nil {
		t.Fatal(err)
	}
	if sum.Uploaded != 0 || sum.Deleted != 0 || sum.Unchanged != 6 || len(sum.Changed) != 0 {
		t.Fatalf("unchanged publish = %+v, want 0 uploads, 6 unchanged, no link changed", sum)
	}

	// One photo removed: only the page changes and the photo goes.
	s[idA] = []string{"a.jpg"}
	store.ops = nil
	if sum, err = Run(ctx, store, recs, s.render, opts()); err != nil {
		t.Fatal(err)
	}
	want := []string{"put p/" + idA + "/index.html", "delete p/" + idA + "/photos/b.jpg"}
	if !slices.Equal(store.ops, want) || !slices.Equal(sum.Changed, []string{idA}) {
		t.Fatalf("ops = %q, want %q; changed %q", store.ops, want, sum.Changed)
	}

	// Deactivation: marker first, then the folder goes; other keys stay.
	recs[1] = Record{ID: idB, Reason: ReasonDeactivated}
	store.ops = nil
	if sum, err = Run(ctx, store, recs, s.render, opts()); err != nil {
		t.Fatal(err)
	}
	if len(store.ops) == 0 || store.ops[0] != "put "+MarkerKey("p", idB) {
		t.Fatalf("ops = %q, want the marker first", store.ops)
	}
	if !slices.Equal(sum.Changed, []string{idB}) {
		t.Fatalf("deactivation changed %q, want only %s", sum.Changed, idB)
	}
	got := listKeys(t, store, "")
	wantKeys := []string{"outside/keep.txt", "p/" + idA + "/index.html", "p/" + idA + "/photos/a.jpg", "p/" + idA + "/style.css", MarkerKey("p", idB)}
	slices.Sort(wantKeys)
	if !slices.Equal(got, wantKeys) {
		t.Fatalf("keys = %q, want %q", got, wantKeys)
	}

	// A copy of the records from before the deactivation brings nothing back.
	old := []Record{{ID: idA, Active: true}, {ID: idB, Active: true}}
	sum, err = Run(ctx, store, old, s.render, opts())
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(sum.Skipped, []string{idB}) || sum.Uploaded != 0 {
		t.Fatalf("stale records publish = %+v, want idB skipped and nothing uploaded", sum)
	}
	if slices.ContainsFunc(listKeys(t, store, "p/"), func(k string) bool { return strings.HasPrefix(k, "p/"+idB) }) {
		t.Fatal("deactivated link came back")
	}
}

func TestRunConvergesAfterInterruption(t *testing.T) {
	ctx := context.Background()
	base := dir.New(t.TempDir())
	s := site{idA: {"1.jpg", "2.jpg", "3.jpg"}, idB: {"4.jpg"}, idC: nil}
	recs := []Record{{ID: idA, Active: true}, {ID: idB, Active: true}, {ID: idC, Active: true}}
	// Each run is cut off after one write; every run must make progress.
	// One worker, so that the one write is not itself cancelled.
	o := opts()
	o.Concurrency = 1
	interrupted := 0
	for {
		rec := &recorder{Store: base, failAfter: 1}
		sum, err := Run(ctx, rec, recs, s.render, o)
		if err == nil {
			break
		}
		if !errors.Is(err, errInjected) {
			t.Fatal(err)
		}
		// The write made, and the one that failed (it may have reached
		// the storage all the same) are reported, so that a CDN forgets
		// their links.
		for _, key := range []string{strings.TrimPrefix(rec.ops[0], "put "), rec.failed[0]} {
			if id := strings.Split(key, "/")[1]; !slices.Contains(sum.Changed, id) {
				t.Fatalf("interrupted run after %q, failing %q, reports changed %q", rec.ops, rec.failed, sum.Changed)
			}
		}
		if interrupted++; interrupted > 10 {
			t.Fatal("publish makes no progress across interrupted runs")
		}
	}
	if interrupted < 5 {
		t.Fatalf("only %d runs were interrupted; the test does not interrupt", interrupted)
	}
	sum, err := Run(ctx, base, recs, s.render, opts())
	if err != nil || sum.Uploaded != 0 || sum.Unchanged != 10 {
		t.Fatalf("after convergence: %+v %v, want 10 unchanged", sum, err)
	}
}

func TestRunRefusesToWipeMostLinks(t *testing.T) {
	ctx := context.Background()
	store := dir.New(t.TempDir())
	s := site{idA: nil, idB: nil, idC: nil}
	all := []Record{{ID: idA, Active: true}, {ID: idB, Active: true}, {ID: idC, Active: true}}
	if _, err := Run(ctx, store, all, s.render, opts()); err != nil {
		t.Fatal(err)
	}
	before := listKeys(t, store, "")
	_, err := Run(ctx, store, all[:1], s.render, opts())
	if !errors.Is(err, ErrTooManyMissing) {
		t.Fatalf("err = %v, want ErrTooManyMissing", err)
	}
	if after := listKeys(t, store, ""); !slices.Equal(before, after) {
		t.Fatalf("refused run changed storage: %q -> %q", before, after)
	}
	o := opts()
	o.Force = true
	sum, err := Run(ctx, store, all[:1], s.render, o)
	if err != nil || sum.Deleted != 4 {
		t.Fatalf("forced run: %+v %v, want 4 deletes", sum, err)
	}
}

func TestDryRunChangesNothing(t *testing.T) {
	ctx := context.Background()
	store := dir.New(t.TempDir())
	var events []Event
	o := opts()
	o.Event = func(e Event) { events = append(events, e) }
	sum, err := Run(ctx, storage.DryRun(store), []Record{{ID: idA, Active: true}}, site{}.render, o)
	if err != nil {
		t.Fatal(err)
	}
	// Each change is announced once before it is made and once after.
	var planned, made []string
	for _, e := range events {
		if e.Planned {
			planned = append(planned, e.Key)
		} else {
			made = append(made, e.Key)
		}
	}
	slices.Sort(planned)
	slices.Sort(made)
	if sum.Uploaded != 2 || len(made) != 2 || !slices.Equal(planned, made) || events[0].Reason != ReasonNew {
		t.Fatalf("dry run = %+v, events %+v", sum, events)
	}
	if keys := listKeys(t, store, ""); len(keys) != 0 {
		t.Fatalf("dry run wrote %q", keys)
	}
}

// TestStaleGoesEvenWhenTheRunFails: a file a link no longer shows (say the
// times.csv of a section just hidden) is deleted right after the link's new
// page is up, not at the end, where a failure in another link would leave
// it online.
func TestStaleGoesEvenWhenTheRunFails(t *testing.T) {
	ctx := context.Background()
	store := dir.New(t.TempDir())
	s := site{idA: {"a.jpg", "hidden.jpg"}, idB: nil}
	recs := []Record{{ID: idA, Active: true}, {ID: idB, Active: true}}
	if _, err := Run(ctx, store, recs, s.render, opts()); err != nil {
		t.Fatal(err)
	}
	s[idA] = []string{"a.jpg"}
	broken := errors.New("broken record")
	renderOrFail := func(ctx context.Context, id string) ([]render.File, error) {
		if id == idB {
			return nil, broken
		}
		return s.render(ctx, id)
	}
	o := opts()
	o.Concurrency = 1 // idA is synced before idB fails
	if _, err := Run(ctx, store, recs, renderOrFail, o); !errors.Is(err, broken) {
		t.Fatalf("Run = %v, want the broken record", err)
	}
	if slices.Contains(listKeys(t, store, "p/"), "p/"+idA+"/photos/hidden.jpg") {
		t.Fatal("the hidden photo stays online after a failed run")
	}
}

// TestOnlyLimitsTheRun checks a run limited by Options.Only: it syncs the
// links it accepts, applies every revocation not yet applied, and leaves
// everything else as stored, even what a full run would change or delete.
func TestOnlyLimitsTheRun(t *testing.T) {
	ctx := context.Background()
	store := dir.New(t.TempDir())
	active := func(id string) Record { return Record{ID: id, Active: true} }
	all := []Record{active(idA), active(idB), active(idC)}
	if _, err := Run(ctx, store, all, site{idA: {"a.jpg"}, idB: {"b.jpg"}, idC: nil}.render, opts()); err != nil {
		t.Fatal(err)
	}
	if err := store.Put(ctx, "p/notes.txt", strings.NewReader("mine"), storage.Meta{}); err != nil {
		t.Fatal(err)
	}
	rec := &recorder{Store: store}
	o := opts()
	o.Only = func(id string) bool { return id == idA }
	// A changed, B changed too but not accepted, C deactivated (and never
	// revoked before); notes.txt is not vitrine's.
	records := []Record{active(idA), active(idB), {ID: idC, Reason: ReasonDeactivated}}
	sum, err := Run(ctx, rec, records, site{idA: {"a2.jpg"}, idB: {"b2.jpg"}}.render, o)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"put " + MarkerKey("p", idC),
		"delete p/" + idC + "/index.html", "delete p/" + idC + "/style.css",
		"put p/" + idA + "/photos/a2.jpg", "put p/" + idA + "/index.html", "delete p/" + idA + "/photos/a.jpg",
	}
	if !slices.Equal(rec.ops, want) {
		t.Errorf("ops:\n got %q\nwant %q", rec.ops, want)
	}
	if sum.Uploaded != 3 || sum.Deleted != 3 {
		t.Errorf("summary %+v", sum)
	}
	keys := listKeys(t, store, "p/")
	for _, k := range []string{"p/notes.txt", "p/" + idB + "/photos/b.jpg"} {
		if !slices.Contains(keys, k) {
			t.Errorf("%s is gone; a limited run must leave what it did not list", k)
		}
	}
	// Revoked once, C is no longer listed by the next limited run.
	rec.ops = nil
	if _, err := Run(ctx, rec, records, site{idA: {"a2.jpg"}}.render, o); err != nil {
		t.Fatal(err)
	}
	if len(rec.ops) != 0 {
		t.Errorf("second limited run changed %q", rec.ops)
	}
}
