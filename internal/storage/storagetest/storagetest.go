// Package storagetest is the conformance suite every storage.Store must
// pass. Each backend's tests call Run with a factory for an empty store.
package storagetest

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/vitrine/vitrine/internal/storage"
)

// Run runs the suite. newStore returns an empty store for each subtest.
func Run(t *testing.T, newStore func(t *testing.T) storage.Store) {
	ctx := context.Background()

	t.Run("EmptyList", func(t *testing.T) {
		s := newStore(t)
		got, err := s.List(ctx, "p/")
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != 0 {
			t.Fatalf("List of empty store = %v, want none", got)
		}
	})

	t.Run("PutListOpen", func(t *testing.T) {
		s := newStore(t)
		objs := map[string]string{
			"p/b/index.html":          "<p>b</p>",
			"p/a/index.html":          "<p>a</p>",
			"p/a/files/Angebot.pdf":   "%PDF-1.4",
			"p/a/files/Bäder 2 ü.pdf": "umlaut and space",
			"px/other":                "not under p/",
			"root.txt":                "outside",
		}
		for k, v := range objs {
			put(t, s, k, v, "text/plain; charset=utf-8")
		}
		got, err := s.List(ctx, "p/")
		if err != nil {
			t.Fatal(err)
		}
		var keys []string
		for _, o := range got {
			keys = append(keys, o.Key)
			if o.Size != int64(len(objs[o.Key])) || o.MD5 != md5hex(objs[o.Key]) {
				t.Errorf("%s: size %d md5 %s, want %d %s", o.Key, o.Size, o.MD5, len(objs[o.Key]), md5hex(objs[o.Key]))
			}
		}
		want := []string{"p/a/files/Angebot.pdf", "p/a/files/Bäder 2 ü.pdf", "p/a/index.html", "p/b/index.html"}
		if !slices.Equal(keys, want) {
			t.Fatalf("List(p/) keys = %q, want %q", keys, want)
		}
		if got := read(t, s, "p/a/files/Bäder 2 ü.pdf"); got != "umlaut and space" {
			t.Fatalf("Open = %q", got)
		}
	})

	t.Run("PutReplaces", func(t *testing.T) {
		s := newStore(t)
		put(t, s, "p/x/index.html", "old content that is longer", "text/html")
		put(t, s, "p/x/index.html", "new", "text/html")
		if got := read(t, s, "p/x/index.html"); got != "new" {
			t.Fatalf("after replace Open = %q, want %q", got, "new")
		}
		list := mustList(t, s, "p/")
		if len(list) != 1 || list[0].MD5 != md5hex("new") {
			t.Fatalf("after replace List = %+v", list)
		}
	})

	t.Run("HeadersReported", func(t *testing.T) {
		s := newStore(t)
		meta := storage.Meta{ContentType: "text/html; charset=utf-8", CacheControl: "public, no-cache"}
		putMeta(t, s, "p/h/index.html", "h", meta)
		// A store reports the headers exactly, in its listing or through
		// HeaderReader, or keeps none at all.
		got := headers(t, s, "p/h/index.html")
		if got != "" && got != storage.HeaderHash(meta) {
			t.Fatalf("Headers = %q, want %q or empty", got, storage.HeaderHash(meta))
		}
		// Same content, new headers: a store that keeps headers reports
		// the new ones, or publish would never fix a changed header.
		meta.CacheControl = "no-store"
		putMeta(t, s, "p/h/index.html", "h", meta)
		if now := headers(t, s, "p/h/index.html"); got != "" && now != storage.HeaderHash(meta) {
			t.Fatalf("after new headers Headers = %q, want %q", now, storage.HeaderHash(meta))
		}
		if hr, ok := s.(storage.HeaderReader); ok {
			if _, err := hr.Headers(ctx, "p/h/missing.html"); !errors.Is(err, fs.ErrNotExist) {
				t.Fatalf("Headers(missing key) = %v, want fs.ErrNotExist", err)
			}
		}
	})

	// Names at the edges: a segment of 250 bytes (a document's file name
	// near the 255-byte limit of most file systems, also in UTF-8) and
	// hidden names, which a store must list and delete like any other so
	// that deleting a folder's listed keys empties it.
	t.Run("LongAndHiddenNames", func(t *testing.T) {
		s := newStore(t)
		keys := []string{ // sorted, as List returns them
			"p/l/.hidden",
			"p/l/files/" + strings.Repeat("a", 246) + ".pdf",
			"p/l/" + strings.Repeat("ä", 125),
		}
		for _, k := range keys {
			put(t, s, k, k, "application/octet-stream")
		}
		list := mustList(t, s, "p/l/")
		var got []string
		for _, o := range list {
			got = append(got, o.Key)
		}
		if !slices.Equal(got, keys) {
			t.Fatalf("List(p/l/) = %q, want %q", got, keys)
		}
		for _, k := range keys {
			if body := read(t, s, k); body != k {
				t.Errorf("Open(%.20s…) = %.20q…", k, body)
			}
		}
		if err := s.Delete(ctx, got); err != nil {
			t.Fatal(err)
		}
		if left := mustList(t, s, "p/"); len(left) != 0 {
			t.Fatalf("after deleting every listed key List = %+v", left)
		}
	})

	t.Run("OpenMissing", func(t *testing.T) {
		s := newStore(t)
		_, err := s.Open(ctx, "p/missing/index.html")
		if !errors.Is(err, fs.ErrNotExist) {
			t.Fatalf("Open(missing) error = %v, want fs.ErrNotExist", err)
		}
	})

	t.Run("DeleteBatchesAndMissing", func(t *testing.T) {
		s := newStore(t)
		// More than one S3 DeleteObjects batch (1000 keys).
		var keys []string
		for i := range 1203 {
			k := fmt.Sprintf("p/l%02d/f%04d", i%7, i)
			keys = append(keys, k)
			put(t, s, k, "x", "text/plain")
		}
		put(t, s, "p/keep/index.html", "keep", "text/html")
		keys = append(keys, "p/never-existed/x")
		if err := s.Delete(ctx, keys); err != nil {
			t.Fatal(err)
		}
		list := mustList(t, s, "p/")
		if len(list) != 1 || list[0].Key != "p/keep/index.html" {
			t.Fatalf("after Delete List = %+v, want only p/keep/index.html", list)
		}
		if err := s.Delete(ctx, []string{"p/keep/nothing"}); err != nil {
			t.Fatalf("Delete(missing) = %v, want nil", err)
		}
	})

	t.Run("BadKeys", func(t *testing.T) {
		s := newStore(t)
		for _, k := range []string{"", "/abs", "p/../x", "p//x", "p/./x"} {
			if err := s.Put(ctx, k, bytes.NewReader(nil), storage.Meta{}); err == nil {
				t.Errorf("Put(%q) succeeded, want error", k)
			}
		}
	})

	t.Run("ConcurrentPuts", func(t *testing.T) {
		s := newStore(t)
		var wg sync.WaitGroup
		for i := range 32 {
			wg.Go(func() {
				k := fmt.Sprintf("p/c/%02d", i)
				if err := s.Put(ctx, k, bytes.NewReader([]byte(k)), meta(k, "text/plain")); err != nil {
					t.Error(err)
				}
			})
		}
		wg.Wait()
		if n := len(mustList(t, s, "p/c/")); n != 32 {
			t.Fatalf("List after 32 concurrent Puts has %d objects", n)
		}
	})
}

func md5hex(s string) string {
	h := md5.Sum([]byte(s))
	return hex.EncodeToString(h[:])
}

func meta(body, contentType string) storage.Meta {
	return storage.Meta{ContentType: contentType, MD5: md5hex(body), Size: int64(len(body))}
}

func put(t *testing.T, s storage.Store, key, body, contentType string) {
	t.Helper()
	putMeta(t, s, key, body, storage.Meta{ContentType: contentType})
}

func putMeta(t *testing.T, s storage.Store, key, body string, m storage.Meta) {
	t.Helper()
	m.MD5, m.Size = md5hex(body), int64(len(body))
	if err := s.Put(context.Background(), key, bytes.NewReader([]byte(body)), m); err != nil {
		t.Fatalf("Put(%s): %v", key, err)
	}
}

func read(t *testing.T, s storage.Store, key string) string {
	t.Helper()
	r, err := s.Open(context.Background(), key)
	if err != nil {
		t.Fatalf("Open(%s): %v", key, err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// headers returns the header hash of the only object under key's folder,
// from the listing or, if the listing does not tell, the HeaderReader.
func headers(t *testing.T, s storage.Store, key string) string {
	t.Helper()
	list := mustList(t, s, path.Dir(key)+"/")
	if len(list) != 1 || list[0].Key != key {
		t.Fatalf("List = %+v, want only %s", list, key)
	}
	hr, ok := s.(storage.HeaderReader)
	if list[0].Headers != "" || !ok {
		return list[0].Headers
	}
	h, err := hr.Headers(context.Background(), key)
	if err != nil || h == "" {
		t.Fatalf("Headers(%s) = %q, %v; a HeaderReader keeps headers", key, h, err)
	}
	return h
}

func mustList(t *testing.T, s storage.Store, prefix string) []storage.ObjectInfo {
	t.Helper()
	l, err := s.List(context.Background(), prefix)
	if err != nil {
		t.Fatal(err)
	}
	return l
}
