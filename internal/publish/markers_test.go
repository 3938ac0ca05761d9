package publish

import (
	"context"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/vitrine/vitrine/internal/storage"
	"github.com/vitrine/vitrine/internal/storage/dir"
)

// listCounter counts the listings sent to a store, each of which takes a
// millisecond, as a round trip to S3 does at least.
type listCounter struct {
	storage.Store
	n atomic.Int64
}

func (c *listCounter) List(ctx context.Context, prefix string) ([]storage.ObjectInfo, error) {
	c.n.Add(1)
	time.Sleep(time.Millisecond)
	return c.Store.List(ctx, prefix)
}

// TestMarkersListedForManyLinks checks that the links of a run share the
// listings of the markers they read around their pages: a first publish
// of 200 links, 16 at a time, is not 400 listings.
func TestMarkersListedForManyLinks(t *testing.T) {
	store := &listCounter{Store: dir.New(t.TempDir())}
	records := make([]Record, 200)
	for i := range records {
		records[i] = Record{ID: uuid.NewString(), Active: true}
	}
	o := opts()
	o.Concurrency = 16 // the config's default
	sum, err := Run(context.Background(), store, records, site{}.render, o)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Uploaded != 2*len(records) {
		t.Fatalf("uploaded %d objects, want %d", sum.Uploaded, 2*len(records))
	}
	if n := store.n.Load(); n > int64(len(records)) {
		t.Errorf("%d listings for %d links, want far fewer than two per link", n, len(records))
	}
	t.Logf("%d listings for %d links", store.n.Load(), len(records))
}

// TestManyMarkersAskedOneByOne checks that with more markers than one
// listing returns, each link asks for its own marker, which one request
// answers, rather than for all of them, which would take several.
func TestManyMarkersAskedOneByOne(t *testing.T) {
	ctx := context.Background()
	inner := dir.New(t.TempDir())
	for range 1000 {
		if err := inner.Put(ctx, MarkerKey("p", uuid.NewString()), strings.NewReader(""), markerMeta); err != nil {
			t.Fatal(err)
		}
	}
	store := &prefixCounter{Store: inner}
	if _, err := Run(ctx, store, []Record{{ID: idA, Active: true}}, site{}.render, opts()); err != nil {
		t.Fatal(err)
	}
	if n := store.count("p/" + markerDir); n != 0 {
		t.Errorf("%d listings of every marker for one link, want none", n)
	}
	if n := store.count(MarkerKey("p", idA)); n != 2 {
		t.Errorf("%d listings of the link's marker, want 2 (before and after its page)", n)
	}
}

// prefixCounter counts the listings by prefix.
type prefixCounter struct {
	storage.Store
	mu sync.Mutex
	n  map[string]int
}

func (c *prefixCounter) List(ctx context.Context, prefix string) ([]storage.ObjectInfo, error) {
	c.mu.Lock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[prefix]++
	c.mu.Unlock()
	return c.Store.List(ctx, prefix)
}

func (c *prefixCounter) count(prefix string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.n[prefix]
}
