package publish

import (
	"context"
	"errors"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/render"
	"github.com/vitrine/vitrine/internal/storage"
	"github.com/vitrine/vitrine/internal/storage/dir"
	"github.com/vitrine/vitrine/internal/storage/s3"
	"github.com/vitrine/vitrine/internal/storage/s3/s3test"
)

// recordFault is a fault in a project's records, as site reports it.
var recordFault = &problem.Problem{File: "site/projects/x/times.csv", Line: 3, Field: "Datum", Msg: `"07.05.0204" is not a plausible date`}

// TestRevocationComesFirstAndBrokenLinksStay: a deactivated link goes
// before anything is rendered, whatever happens to the other links; a link
// whose records are broken keeps its stored pages exactly as they were,
// the other links are published, and the fault is returned at the end.
func TestRevocationComesFirstAndBrokenLinksStay(t *testing.T) {
	ctx := context.Background()
	store := &recorder{Store: dir.New(t.TempDir())}
	s := site{idA: {"a.jpg"}, idB: nil, idC: nil}
	recs := []Record{{ID: idA, Active: true}, {ID: idB, Active: true}, {ID: idC, Active: true}}
	if _, err := Run(ctx, store, recs, s.render, opts()); err != nil {
		t.Fatal(err)
	}
	before := listKeys(t, store, "p/"+idA+"/")

	s[idA], s[idC] = nil, []string{"c.jpg"}
	recs[1] = Record{ID: idB, Reason: ReasonDeactivated}
	store.ops = nil
	renderOrFail := func(ctx context.Context, id string) ([]render.File, error) {
		store.mu.Lock()
		store.ops = append(store.ops, "render "+id)
		store.mu.Unlock()
		if id == idA {
			return nil, recordFault
		}
		return s.render(ctx, id)
	}
	sum, err := Run(ctx, store, recs, renderOrFail, opts())
	if !problem.Is(err) || !strings.Contains(err.Error(), recordFault.Error()) {
		t.Fatalf("Run = %v, want the record fault", err)
	}
	if !slices.Equal(sum.Failed, []string{idA}) {
		t.Errorf("Failed = %q, want [%s]", sum.Failed, idA)
	}
	firstRender := slices.IndexFunc(store.ops, func(op string) bool { return strings.HasPrefix(op, "render ") })
	lastRevoke := slices.IndexFunc(store.ops, func(op string) bool { return strings.HasPrefix(op, "delete p/"+idB) })
	if store.ops[0] != "put "+MarkerKey("p", idB) || lastRevoke < 0 || lastRevoke > firstRender {
		t.Errorf("ops = %q, want the marker and the deletion of %s before any rendering", store.ops, idB)
	}
	if got := listKeys(t, store, "p/"+idB+"/"); len(got) != 0 {
		t.Errorf("deactivated link still stored: %q", got)
	}
	if got := listKeys(t, store, "p/"+idA+"/"); !slices.Equal(got, before) {
		t.Errorf("broken link's objects = %q, want them as they were: %q", got, before)
	}
	if !slices.Contains(listKeys(t, store, "p/"+idC+"/"), "p/"+idC+"/photos/c.jpg") {
		t.Error("the valid link was not published")
	}
}

// TestRevocationWhenRenderingCannotStart: an error that stops the whole
// run before the first link is rendered (here: the renderer itself)
// still finds the deactivated link deleted.
func TestRevocationWhenRenderingCannotStart(t *testing.T) {
	ctx := context.Background()
	store := dir.New(t.TempDir())
	s := site{idA: nil, idB: nil}
	recs := []Record{{ID: idA, Active: true}, {ID: idB, Active: true}}
	if _, err := Run(ctx, store, recs, s.render, opts()); err != nil {
		t.Fatal(err)
	}
	recs[1] = Record{ID: idB, Reason: ReasonExpired}
	j, err := Start(ctx, store, recs, opts())
	if err != nil {
		t.Fatal(err)
	}
	// The caller gives up here, as publish does when the theme is broken.
	if got := listKeys(t, store, "p/"+idB+"/"); len(got) != 0 {
		t.Fatalf("expired link still stored after Start: %q", got)
	}
	if sum := j.Summary(); sum.Deleted != 2 || sum.Uploaded != 1 {
		t.Errorf("Start = %+v, want 1 marker and 2 deletes", sum)
	}
}

// revokeDuring plays `vitrine link deactivate --publish` of link id from
// another process during a publish: the moment the publish puts key, the
// link is revoked through a second handle on the same storage. With
// before set, the revocation completes before that put is sent (the put
// then lands in a folder already revoked); else right after it.
type revokeDuring struct {
	storage.Store
	other  storage.Store
	id     string
	key    string
	before bool
	once   sync.Once
	err    error
}

func (r *revokeDuring) Put(ctx context.Context, key string, body io.Reader, m storage.Meta) error {
	if key == r.key && r.before {
		r.once.Do(func() { _, r.err = Revoke(ctx, r.other, "p", r.id) })
	}
	err := r.Store.Put(ctx, key, body, m)
	if key == r.key && !r.before {
		r.once.Do(func() { _, r.err = Revoke(ctx, r.other, "p", r.id) })
	}
	return err
}

// TestNoRaceWithARunningPublish: whenever a link is revoked while a
// publish uploads it, the link is gone when both are done, on a folder and
// on S3.
func TestNoRaceWithARunningPublish(t *testing.T) {
	stores := map[string]func(t *testing.T) (storage.Store, storage.Store){
		"dir": func(t *testing.T) (storage.Store, storage.Store) {
			root := t.TempDir()
			return dir.New(root), dir.New(root)
		},
		"s3": func(t *testing.T) (storage.Store, storage.Store) {
			srv := s3test.Start(t)
			srv.SetEnv(t)
			cfg := s3.Config{Bucket: srv.Bucket(t), Region: srv.Region, Endpoint: srv.Endpoint, PathStyle: true, Concurrency: 4}
			var out [2]storage.Store
			for i := range out {
				st, err := s3.New(t.Context(), cfg)
				if err != nil {
					t.Fatal(err)
				}
				out[i] = st
			}
			return out[0], out[1]
		},
	}
	moments := []struct {
		name   string
		key    string
		before bool
	}{
		{"after a file, before the page", "style.css", false},
		{"just before the page", "index.html", true},
		{"just after the page", "index.html", false},
	}
	for name, open := range stores {
		for _, m := range moments {
			t.Run(name+"/"+m.name, func(t *testing.T) {
				ctx := t.Context()
				mine, other := open(t)
				s := site{idA: {"a.jpg"}, idB: nil}
				recs := []Record{{ID: idA, Active: true}, {ID: idB, Active: true}}
				race := &revokeDuring{Store: mine, other: other, id: idA, key: "p/" + idA + "/" + m.key, before: m.before}
				// One upload at a time, so that the revocation lands exactly
				// at the moment named. (On a folder, a revocation that empties
				// the link folder during a concurrent upload makes that upload
				// fail, loudly; commands of one config never meet that way,
				// since they hold the storage lock.)
				o := opts()
				o.Concurrency = 1
				sum, err := Run(ctx, race, recs, s.render, o)
				if err != nil {
					t.Fatal(err)
				}
				if race.err != nil && !strings.Contains(race.err.Error(), "still stored") {
					t.Fatalf("the revocation failed: %v", race.err)
				}
				if got := listKeys(t, other, "p/"+idA+"/"); len(got) != 0 {
					t.Fatalf("after both ended, the revoked link is stored: %q", got)
				}
				if !slices.Contains(sum.Skipped, idA) {
					t.Errorf("Skipped = %q, want the revoked link reported", sum.Skipped)
				}
				if got := listKeys(t, other, "p/"+idB+"/"); len(got) != 2 {
					t.Errorf("the other link = %q, want it published", got)
				}
			})
		}
	}
}

// TestForeignFilesStopTheRun: files that vitrine did not write under the
// prefix are named in the refusal and survive it.
func TestForeignFilesStopTheRun(t *testing.T) {
	ctx := context.Background()
	store := dir.New(t.TempDir())
	for _, k := range []string{"p/Steuer 2025.pdf", "p/fotos/urlaub.jpg"} {
		if err := store.Put(ctx, k, strings.NewReader("mine"), storage.Meta{}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := Run(ctx, store, []Record{{ID: idA, Active: true}}, site{}.render, opts())
	if !errors.Is(err, ErrTooManyMissing) || !strings.Contains(err.Error(), "Steuer 2025.pdf") || !strings.Contains(err.Error(), "fotos/") {
		t.Fatalf("Run = %v, want a refusal naming the foreign entries", err)
	}
	if got := listKeys(t, store, "p/"); !slices.Contains(got, "p/Steuer 2025.pdf") || !slices.Contains(got, "p/fotos/urlaub.jpg") {
		t.Fatalf("after the refusal: %q", got)
	}
}

// sneaky uploads a page into the folder of link id right before the
// marker of id is written: what another vitrine with older records does
// when it uploads after this run listed the storage and checks for the
// marker before it is there.
type sneaky struct {
	storage.Store
	id string
}

func (s *sneaky) Put(ctx context.Context, key string, body io.Reader, m storage.Meta) error {
	if key == MarkerKey("p", s.id) {
		if err := s.Store.Put(ctx, "p/"+s.id+"/photos/new.jpg", strings.NewReader("late"), storage.Meta{}); err != nil {
			return err
		}
	}
	return s.Store.Put(ctx, key, body, m)
}

// TestRevocationDeletesWhatCameMeanwhile checks that a publish that
// deactivates a link deletes also what was uploaded for it after the
// publish listed the storage and before it wrote the marker.
func TestRevocationDeletesWhatCameMeanwhile(t *testing.T) {
	ctx := context.Background()
	store := dir.New(t.TempDir())
	if _, err := Run(ctx, store, []Record{{ID: idA, Active: true}}, site{idA: {"a.jpg"}}.render, opts()); err != nil {
		t.Fatal(err)
	}
	if _, err := Run(ctx, &sneaky{Store: store, id: idA}, []Record{{ID: idA, Reason: ReasonDeactivated}}, site{}.render, opts()); err != nil {
		t.Fatal(err)
	}
	if left := listKeys(t, store, "p/"+idA+"/"); len(left) > 0 {
		t.Errorf("a deactivated link keeps %q", left)
	}
}
