package s3_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/vitrine/vitrine/internal/publish"
	"github.com/vitrine/vitrine/internal/render"
	"github.com/vitrine/vitrine/internal/storage"
	"github.com/vitrine/vitrine/internal/storage/s3"
	"github.com/vitrine/vitrine/internal/storage/s3/s3test"
)

// cancelAfter cancels a publish once n uploads have completed, as Ctrl-C
// does, while other uploads are still in flight.
type cancelAfter struct {
	storage.Store
	n      int64
	done   atomic.Int64
	cancel context.CancelFunc
}

func (c *cancelAfter) Put(ctx context.Context, key string, body io.Reader, m storage.Meta) error {
	err := c.Store.Put(ctx, key, body, m)
	if err == nil && c.done.Add(1) == c.n {
		c.cancel()
	}
	return err
}

// TestPublishConvergesAfterCancel interrupts a publish to S3 and checks
// that no object is torn and that the next run finishes the job.
func TestPublishConvergesAfterCancel(t *testing.T) {
	srv := s3test.Start(t)
	srv.SetEnv(t)
	st, _ := newStore(t, srv, s3.Config{})
	const links, files = 4, 6
	want := map[string]string{} // key → MD5
	var recs []publish.Record
	for l := range links {
		id := fmt.Sprintf("0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e2%d", l)
		recs = append(recs, publish.Record{ID: id, Active: true})
		for f := range files {
			sum := md5.Sum([]byte(body(id, f)))
			want[fmt.Sprintf("p/%s/f%d.txt", id, f)] = hex.EncodeToString(sum[:])
		}
	}
	renderLink := func(_ context.Context, id string) ([]render.File, error) {
		var out []render.File
		for f := range files {
			out = append(out, render.File{Path: fmt.Sprintf("f%d.txt", f), ContentType: "text/plain", Body: []byte(body(id, f))})
		}
		return out, nil
	}
	opts := publish.Options{Prefix: "p", CacheControl: "public, no-cache", Concurrency: 4}

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	_, err := publish.Run(ctx, &cancelAfter{Store: st, n: 5, cancel: cancel}, recs, renderLink, opts)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted publish: %v, want context.Canceled", err)
	}
	list, err := st.List(t.Context(), "p/")
	if err != nil {
		t.Fatal(err)
	}
	if len(list) < 5 || len(list) >= links*files {
		t.Fatalf("%d objects stored after the interruption, want at least 5 and not all", len(list))
	}
	for _, o := range list {
		if o.MD5 != want[o.Key] {
			t.Fatalf("%s is stored with MD5 %s, want %s: a torn upload", o.Key, o.MD5, want[o.Key])
		}
	}

	// An upload cut off on the client may still complete on the server,
	// so more objects than listed can be in place by now.
	sum, err := publish.Run(t.Context(), st, recs, renderLink, opts)
	if err != nil || sum.Uploaded+sum.Unchanged != links*files || sum.Unchanged < len(list) || sum.Uploaded == 0 {
		t.Fatalf("next publish = %+v, %v; want the %d objects not stored yet uploaded", sum, err, links*files-len(list))
	}
	sum, err = publish.Run(t.Context(), st, recs, renderLink, opts)
	if err != nil || sum.Uploaded != 0 || sum.Unchanged != links*files {
		t.Fatalf("third publish = %+v, %v; want nothing to do", sum, err)
	}
}

func body(id string, f int) string {
	return strings.Repeat(fmt.Sprintf("%s file %d\n", id, f), 1000)
}
