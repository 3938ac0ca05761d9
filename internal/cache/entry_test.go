package cache

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// TestGetDamagedEntry damages a stored link in the ways a power cut, a
// disk or a careless hand do: each is a miss (ErrCorrupt, then ErrNotFound
// as the entry is gone), never a page with other bytes.
func TestGetDamagedEntry(t *testing.T) {
	blob := func(t *testing.T, c *Cache, want string) string {
		t.Helper()
		var found string
		filepath.WalkDir(filepath.Join(c.root, "blobs"), func(p string, d os.DirEntry, err error) error {
			if err == nil && !d.IsDir() {
				if b, err := os.ReadFile(p); err == nil && bytes.HasPrefix(b, []byte(want)) {
					found = p
				}
			}
			return err
		})
		if found == "" {
			t.Fatalf("no blob holds %q", want)
		}
		return found
	}
	edit := func(t *testing.T, name string, change func([]byte) []byte) {
		t.Helper()
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(name, change(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	flip := func(t *testing.T, within string) func([]byte) []byte {
		return func(b []byte) []byte {
			i := bytes.Index(b, []byte(within))
			if i < 0 {
				t.Fatalf("%q not found", within)
			}
			b[i+len(within)/2] ^= 0x01
			return b
		}
	}
	tests := map[string]func(t *testing.T, c *Cache, entry string){
		"entry cut short": func(t *testing.T, _ *Cache, entry string) {
			edit(t, entry, func(b []byte) []byte { return b[:len(b)-1] })
		},
		"entry empty, as after a power cut": func(t *testing.T, _ *Cache, entry string) {
			edit(t, entry, func([]byte) []byte { return nil })
		},
		"entry with zeros at its end": func(t *testing.T, _ *Cache, entry string) {
			edit(t, entry, func(b []byte) []byte { return append(b[:len(b)-4], 0, 0, 0, 0) })
		},
		"bit flipped in an inline file": func(t *testing.T, _ *Cache, entry string) {
			edit(t, entry, flip(t, "<p>page</p>"))
		},
		"shared blob missing": func(t *testing.T, c *Cache, _ string) {
			if err := os.Remove(blob(t, c, "bigbig")); err != nil {
				t.Fatal(err)
			}
		},
		"bit flipped in a shared blob": func(t *testing.T, c *Cache, _ string) {
			edit(t, blob(t, c, "bigbig"), flip(t, "bigbig"))
		},
		"shared blob cut short": func(t *testing.T, c *Cache, _ string) {
			edit(t, blob(t, c, "re-encoded"), func(b []byte) []byte { return b[:len(b)-1] })
		},
	}
	for name, damage := range tests {
		t.Run(name, func(t *testing.T) {
			c, key, src, _ := fixture(t)
			entry := c.path("entries", key.String())
			damage(t, c, entry)
			if files, err := c.Get(context.Background(), key, src); !errors.Is(err, ErrCorrupt) {
				t.Fatalf("Get = %d files, %v; want ErrCorrupt", len(files), err)
			}
			if _, err := c.Get(context.Background(), key, src); !errors.Is(err, ErrNotFound) {
				t.Fatalf("the damaged entry was kept: Get = %v, want ErrNotFound", err)
			}
		})
	}
}

// TestTrimOldLayout checks that the first use of a new layout removes the
// folders of the old ones, which nothing reads any more.
func TestTrimOldLayout(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "cache", "v1")
	write(t, filepath.Join(old, "entries", "ab", "abcd"), "vitrine-cache v1 …")
	age(t, filepath.Join(old, "entries", "ab", "abcd"), time.Hour)
	c := New(dir, "1.0")
	c.Has(context.Background(), Key{})
	if _, err := os.Stat(old); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the folder of the old layout is still there (%v)", err)
	}
}
