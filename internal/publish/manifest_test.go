package publish

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"io"
	"io/fs"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/vitrine/vitrine/internal/storage"
	"github.com/vitrine/vitrine/internal/storage/dir"
)

// headerStore keeps headers without listing them, as S3 does, and counts
// the requests for them and the writes of the manifest.
type headerStore struct {
	storage.Store
	mu        sync.Mutex
	hdr       map[string]string
	heads     int
	manifests int
}

var _ storage.HeaderReader = (*headerStore)(nil)

func newHeaderStore(t *testing.T) *headerStore {
	return &headerStore{Store: dir.New(t.TempDir()), hdr: map[string]string{}}
}

func (s *headerStore) Put(ctx context.Context, key string, body io.Reader, m storage.Meta) error {
	if err := s.Store.Put(ctx, key, body, m); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.hdr[key] = storage.HeaderHash(m)
	if key == ManifestKey("p") {
		s.manifests++
	}
	return nil
}

func (s *headerStore) Delete(ctx context.Context, keys []string) error {
	s.mu.Lock()
	for _, k := range keys {
		delete(s.hdr, k)
	}
	s.mu.Unlock()
	return s.Store.Delete(ctx, keys)
}

func (s *headerStore) Headers(_ context.Context, key string) (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.heads++
	h, ok := s.hdr[key]
	if !ok {
		return "", fs.ErrNotExist
	}
	return h, nil
}

// take returns the header requests and manifest writes since the last
// take.
func (s *headerStore) take() (heads, manifests int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	heads, manifests = s.heads, s.manifests
	s.heads, s.manifests = 0, 0
	return heads, manifests
}

func (s *headerStore) manifestBytes(t *testing.T) []byte {
	t.Helper()
	r, err := s.Open(context.Background(), ManifestKey("p"))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// publishes runs publish and checks what it did: uploads and header
// requests, and whether it wrote the manifest.
func publishes(t *testing.T, store storage.Store, hs *headerStore, s site, o Options, uploads, heads, manifests int) {
	t.Helper()
	recs := []Record{{ID: idA, Active: true}, {ID: idB, Active: true}, {ID: idC, Active: true}}
	sum, err := Run(context.Background(), store, recs, s.render, o)
	h, m := hs.take()
	if err != nil || sum.Uploaded != uploads || h != heads || m != manifests {
		t.Fatalf("publish = %+v, %v, %d header requests, %d manifests written; want %d uploads, %d header requests, %d manifests",
			sum, err, h, m, uploads, heads, manifests)
	}
}

func TestManifestSparesHeaderRequests(t *testing.T) {
	hs := newHeaderStore(t)
	s := site{idA: {"a.jpg"}, idB: nil, idC: {"c.jpg", "d.jpg"}}
	const objects = 3 + 2 + 4
	o := opts()
	publishes(t, hs, hs, s, o, objects, 0, 1)
	publishes(t, hs, hs, s, o, 0, 0, 0)

	// No link id, no key in clear: the manifest may be served publicly.
	b := hs.manifestBytes(t)
	for _, secret := range []string{idA, idB, idC, idA[:8], "index.html", "photos"} {
		if bytes.Contains(b, []byte(secret)) {
			t.Fatalf("the manifest contains %q", secret)
		}
	}

	// A changed Cache-Control re-uploads every object, though the
	// content is the same, and asks about none.
	o.CacheControl = "public, max-age=60"
	publishes(t, hs, hs, s, o, objects, 0, 1)
	publishes(t, hs, hs, s, o, 0, 0, 0)

	// One changed page: one upload and a new manifest.
	s[idB] = []string{"b.jpg"}
	publishes(t, hs, hs, s, o, 2, 0, 1)
	publishes(t, hs, hs, s, o, 0, 0, 0)
	const now = objects + 1

	// Without a manifest, or with a damaged one, publish asks about each
	// object whose content is unchanged, once, and writes it again.
	for _, damage := range []func([]byte) []byte{
		nil,
		func(b []byte) []byte { b[len(b)/2] ^= 1; return b },
		func(b []byte) []byte { return b[:len(b)-1] },
	} {
		if damage == nil {
			if err := hs.Delete(context.Background(), []string{ManifestKey("p")}); err != nil {
				t.Fatal(err)
			}
		} else if err := hs.Put(context.Background(), ManifestKey("p"), bytes.NewReader(damage(hs.manifestBytes(t))), manifestMeta); err != nil {
			t.Fatal(err)
		}
		hs.take()
		publishes(t, hs, hs, s, o, 0, now, 1)
		publishes(t, hs, hs, s, o, 0, 0, 0)
	}

	// Without a manifest, a changed Cache-Control still reaches every
	// object.
	if err := hs.Delete(context.Background(), []string{ManifestKey("p")}); err != nil {
		t.Fatal(err)
	}
	o.CacheControl = "no-cache"
	publishes(t, hs, hs, s, o, now, now, 1)

	// A dry run writes no manifest, even where it would differ.
	o.CacheControl = "public, max-age=60"
	publishes(t, storage.DryRun(hs), hs, s, o, now, 0, 0)
}

func TestManifestNotKeptWithoutHeaders(t *testing.T) {
	store := dir.New(t.TempDir())
	if _, err := Run(context.Background(), store, []Record{{ID: idA, Active: true}}, site{}.render, opts()); err != nil {
		t.Fatal(err)
	}
	if keys := listKeys(t, store, "p/_"); len(keys) != 0 {
		t.Fatalf("a store that keeps no headers got %q", keys)
	}
}

// failingPut fails the puts of one key, after storing them or not.
type failingPut struct {
	*headerStore
	key    string
	stored bool
}

func (f *failingPut) Put(ctx context.Context, key string, body io.Reader, m storage.Meta) error {
	if key != f.key {
		return f.headerStore.Put(ctx, key, body, m)
	}
	if f.stored {
		if err := f.headerStore.Put(ctx, key, body, m); err != nil {
			return err
		}
	}
	return errInjected
}

// TestManifestAfterFailure checks that a failed publish writes what it
// knows, and only that: an upload that failed may have taken effect.
func TestManifestAfterFailure(t *testing.T) {
	hs := newHeaderStore(t)
	s := site{idA: {"a.jpg"}, idB: nil, idC: {"c.jpg"}}
	o := opts()
	o.Concurrency = 1
	recs := []Record{{ID: idA, Active: true}, {ID: idB, Active: true}, {ID: idC, Active: true}}
	// One upload at a time: the photo goes up before the stylesheet fails,
	// and the page does not go up after it.
	css := "p/" + idC + "/style.css"
	if _, err := Run(context.Background(), &failingPut{headerStore: hs, key: css}, recs, s.render, o); !errors.Is(err, errInjected) {
		t.Fatalf("publish = %v, want the injected failure", err)
	}
	if _, m := hs.take(); m != 1 {
		t.Fatalf("the failed publish wrote %d manifests, want 1", m)
	}
	// What went up is known; what did not is new.
	publishes(t, hs, hs, s, o, 2, 0, 1)

	// A change of headers whose upload failed after all took effect.
	o.CacheControl = "no-cache"
	if _, err := Run(context.Background(), &failingPut{headerStore: hs, key: css, stored: true}, recs, s.render, o); !errors.Is(err, errInjected) {
		t.Fatalf("publish = %v, want the injected failure", err)
	}
	hs.take()
	// Back to the old headers: the stylesheet is stored with the new ones,
	// and the manifest must not claim the old; only the page of idC kept
	// them.
	o.CacheControl = opts().CacheControl
	publishes(t, hs, hs, s, o, 3+2+2, 1, 1)
}

func TestManifestEncoding(t *testing.T) {
	m := manifest{entryOf("p/a/index.html", "0123"): "h1", entryOf("p/a/style.css", "4567"): "h2", entryOf("p/b/index.html", "89ab"): "h1"}
	b := encodeManifest(m)
	got, err := decodeManifest(b)
	if err != nil || len(got) != len(m) {
		t.Fatalf("decode = %v, %v; want %v", got, err, m)
	}
	for id, h := range m {
		if got[id] != h {
			t.Fatalf("decoded %x = %q, want %q", id, got[id], h)
		}
	}
	if again := encodeManifest(got); !bytes.Equal(again, b) {
		t.Fatal("the same manifest encoded to other bytes")
	}
	if n := len(encodeManifest(manifest{})); n > 64 {
		t.Fatalf("an empty manifest takes %d bytes", n)
	}

	// resum replaces the checksum, so that only the check named fails.
	resum := func(b []byte) []byte {
		body := b[:len(b)-sha256.Size]
		sum := sha256.Sum256(body)
		return append(slices.Clone(body), sum[:]...)
	}
	header := len(manifestMagic)
	for name, bad := range map[string][]byte{
		"empty":         nil,
		"truncated":     b[:len(b)-1],
		"bit flipped":   func() []byte { c := slices.Clone(b); c[header+3] ^= 1; return c }(),
		"other version": resum(func() []byte { c := slices.Clone(b); c[header] = 2; return c }()),
		"other magic":   resum(func() []byte { c := slices.Clone(b); c[0] = 'V'; return c }()),
		"bad index":     resum(func() []byte { c := slices.Clone(b); c[len(c)-sha256.Size-1] = 9; return c }()),
		"trailing byte": resum(append(slices.Clone(b[:len(b)-sha256.Size]), 0, 0)),
		"json":          []byte(`{"version":1}` + strings.Repeat(" ", 40)),
	} {
		if got, err := decodeManifest(bad); !errors.Is(err, errBadManifest) {
			t.Errorf("%s: decode = %v, %v; want errBadManifest", name, got, err)
		}
	}
}

func TestManifestSize(t *testing.T) {
	m := manifest{}
	hdr := []string{storage.HeaderHash(storage.Meta{ContentType: "text/html"}), storage.HeaderHash(storage.Meta{ContentType: "text/css"})}
	for i := range 12000 {
		m[entryOf(strings.Repeat("k", i%50)+string(rune(i)), "md5")] = hdr[i%2]
	}
	if n := len(encodeManifest(m)); n > 250_000 {
		t.Fatalf("a manifest of 12,000 objects takes %d bytes, want at most 250,000", n)
	}
}

// unreadableManifest is a headerStore whose manifest cannot be read.
type unreadableManifest struct{ *headerStore }

func (s unreadableManifest) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	if key == ManifestKey("p") {
		return nil, errInjected
	}
	return s.headerStore.Open(ctx, key)
}

// TestRevocationBeforeTheManifest checks that a manifest that cannot be
// read stops the run only after its revocations are done.
func TestRevocationBeforeTheManifest(t *testing.T) {
	ctx := context.Background()
	hs := newHeaderStore(t)
	if _, err := Run(ctx, hs, []Record{{ID: idA, Active: true}, {ID: idB, Active: true}}, site{}.render, opts()); err != nil {
		t.Fatal(err)
	}
	_, err := Run(ctx, unreadableManifest{hs}, []Record{{ID: idA, Reason: ReasonDeactivated}, {ID: idB, Active: true}}, site{}.render, opts())
	if !errors.Is(err, errInjected) {
		t.Fatalf("Run = %v, want the manifest's error", err)
	}
	if left := listKeys(t, hs, "p/"+idA+"/"); len(left) > 0 {
		t.Errorf("the deactivated link keeps %q", left)
	}
}
