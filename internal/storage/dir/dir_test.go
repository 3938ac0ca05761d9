package dir_test

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/safefile"
	"github.com/vitrine/vitrine/internal/storage"
	"github.com/vitrine/vitrine/internal/storage/dir"
	"github.com/vitrine/vitrine/internal/storage/storagetest"
)

var ctx = context.Background()

func TestConformance(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Store { return dir.New(t.TempDir()) })
}

func TestDeleteRemovesEmptyFolders(t *testing.T) {
	root := t.TempDir()
	s := dir.New(root)
	put(t, s, "p/a/photos/x.jpg", "p/a/index.html", "p/b/index.html")
	if err := s.Delete(ctx, []string{"p/a/photos/x.jpg", "p/a/index.html"}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "p", "a")); !os.IsNotExist(err) {
		t.Fatalf("folder of deleted link still there: %v", err)
	}
	if _, err := os.Stat(filepath.Join(root, "p", "b", "index.html")); err != nil {
		t.Fatalf("other link lost: %v", err)
	}
}

// TestSymlinkedOutput covers an output folder, or a prefix folder in it,
// that is a symbolic link, e.g. to /var/www: the store works in the target
// and keeps the link.
func TestSymlinkedOutput(t *testing.T) {
	for name, layout := range map[string]func(t *testing.T, target string) (root, link string){
		"root": func(t *testing.T, target string) (string, string) {
			root := filepath.Join(t.TempDir(), "public")
			symlink(t, target, root)
			return root, root
		},
		"prefix folder": func(t *testing.T, target string) (string, string) {
			root := t.TempDir()
			symlink(t, target, filepath.Join(root, "p"))
			return root, filepath.Join(root, "p")
		},
	} {
		t.Run(name, func(t *testing.T) {
			www := t.TempDir()
			root, link := layout(t, www)
			// Where the link folders land in www.
			linkDir := filepath.Join(www, "p")
			if link != root {
				linkDir = www
			}
			s := dir.New(root)
			keys := []string{"p/a/index.html", "p/a/photos/x.jpg", "p/b/index.html"}
			put(t, s, keys...)
			if got := listKeys(t, s, "p/"); !slices.Equal(got, keys) {
				t.Fatalf("List(p/) = %q, want %q", got, keys)
			}
			if _, err := os.Stat(filepath.Join(linkDir, "a", "photos", "x.jpg")); err != nil {
				t.Fatalf("Put did not write into the target: %v", err)
			}
			if got := read(t, s, "p/b/index.html"); got != "p/b/index.html" {
				t.Fatalf("Open = %q", got)
			}
			if err := s.Delete(ctx, keys[:2]); err != nil {
				t.Fatal(err)
			}
			if _, err := os.Stat(filepath.Join(linkDir, "a")); !os.IsNotExist(err) {
				t.Fatalf("folder of the deleted link is still in the target: %v", err)
			}
			if err := s.Delete(ctx, keys[2:]); err != nil {
				t.Fatal(err)
			}
			if got := listKeys(t, s, "p/"); len(got) != 0 {
				t.Fatalf("after deleting everything List = %q", got)
			}
			if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
				t.Fatalf("the symbolic link %s did not survive the deletes: %v, %v", link, info, err)
			}
			if _, err := os.Stat(www); err != nil {
				t.Fatalf("the target of the link is gone: %v", err)
			}
		})
	}
}

// TestLinksBelowTopNotFollowed covers symbolic links inside the prefix
// folder: a link folder, a folder in a link folder, and a page that are
// links out of the tree. The store neither writes, reads nor deletes
// through them, lists them so that publish can remove them, and removes
// only the links.
func TestLinksBelowTopNotFollowed(t *testing.T) {
	root, outside := t.TempDir(), t.TempDir()
	secret := filepath.Join(outside, "secret.txt")
	if err := os.WriteFile(secret, []byte("secret"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{"p/b", "p/c"} {
		if err := os.MkdirAll(filepath.Join(root, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	symlink(t, outside, filepath.Join(root, "p", "a"))
	symlink(t, secret, filepath.Join(root, "p", "b", "index.html"))
	symlink(t, outside, filepath.Join(root, "p", "c", "photos"))
	s := dir.New(root)

	list, err := s.List(ctx, "p/")
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"p/a", "p/b/index.html", "p/c/photos"}
	if len(list) != len(want) {
		t.Fatalf("List(p/) = %+v, want the links %q", list, want)
	}
	for i, o := range list {
		if o.Key != want[i] || o.MD5 != "" {
			t.Errorf("List(p/)[%d] = %+v, want key %s with no MD5", i, o, want[i])
		}
	}
	for _, key := range []string{"p/a/index.html", "p/c/photos/x.jpg"} {
		if err := s.Put(ctx, key, strings.NewReader("x"), storage.Meta{}); !errors.Is(err, dir.ErrSymlink) {
			t.Errorf("Put(%s) = %v, want ErrSymlink", key, err)
		}
		if err := s.Delete(ctx, []string{key}); !errors.Is(err, dir.ErrSymlink) {
			t.Errorf("Delete(%s) = %v, want ErrSymlink", key, err)
		}
	}
	if _, err := s.Open(ctx, "p/b/index.html"); !errors.Is(err, dir.ErrSymlink) {
		t.Errorf("Open through a link = %v, want ErrSymlink", err)
	}
	if _, err := s.List(ctx, "p/a/"); !errors.Is(err, dir.ErrSymlink) {
		t.Errorf("List of a linked folder = %v, want ErrSymlink", err)
	}
	// A Put replaces the link, not its target.
	put(t, s, "p/b/index.html")
	if got := read(t, s, "p/b/index.html"); got != "p/b/index.html" {
		t.Fatalf("after Put over a link Open = %q", got)
	}
	if err := s.Delete(ctx, []string{"p/a", "p/b/index.html", "p/c/photos"}); err != nil {
		t.Fatal(err)
	}
	if entries, err := os.ReadDir(root); err != nil || len(entries) != 0 {
		t.Fatalf("after deleting the listed keys the root holds %v (%v), want nothing", entries, err)
	}
	if entries, err := os.ReadDir(outside); err != nil || len(entries) != 1 {
		t.Fatalf("outside the tree: %v (%v), want secret.txt untouched", entries, err)
	}
	if b, err := os.ReadFile(secret); err != nil || string(b) != "secret" {
		t.Fatalf("secret.txt = %q (%v)", b, err)
	}
}

// TestLeftoverTempFiles covers what kill -9 during a Put leaves behind,
// in the current and the earlier form: List reports it, so that deleting
// a link's listed keys leaves no folder.
func TestLeftoverTempFiles(t *testing.T) {
	root := t.TempDir()
	s := dir.New(root)
	put(t, s, "p/a/index.html", "p/b/index.html")
	leftovers := []string{"p/a/.index.html.12.safefile-tmp", "p/a/.vt-34.tmp"}
	for _, k := range leftovers {
		if err := os.WriteFile(filepath.Join(root, filepath.FromSlash(k)), []byte("torn"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	got := listKeys(t, s, "p/a/")
	if want := append(slices.Clone(leftovers), "p/a/index.html"); !slices.Equal(got, want) {
		t.Fatalf("List(p/a/) = %q, want %q", got, want)
	}
	if err := s.Delete(ctx, got); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(root, "p", "a")); !os.IsNotExist(err) {
		t.Fatalf("folder of the deleted link is still there: %v", err)
	}
}

// TestBrokenLink covers an output folder linked to a folder that is gone
// (e.g. not mounted): List must not report it as empty, or publish would
// upload everything.
func TestBrokenLink(t *testing.T) {
	root := t.TempDir()
	symlink(t, filepath.Join(root, "missing"), filepath.Join(root, "p"))
	s := dir.New(root)
	if _, err := s.List(ctx, "p/"); !errors.Is(err, dir.ErrBrokenLink) {
		t.Errorf("List = %v, want ErrBrokenLink", err)
	}
	if err := s.Put(ctx, "p/a/index.html", strings.NewReader("x"), storage.Meta{}); !errors.Is(err, dir.ErrBrokenLink) {
		t.Errorf("Put = %v, want ErrBrokenLink", err)
	}
}

func symlink(t *testing.T, target, name string) {
	t.Helper()
	if err := os.Symlink(target, name); err != nil {
		t.Fatal(err)
	}
}

// put stores each key with the key as its content.
func put(t *testing.T, s storage.Store, keys ...string) {
	t.Helper()
	for _, k := range keys {
		if err := s.Put(ctx, k, strings.NewReader(k), storage.Meta{}); err != nil {
			t.Fatal(err)
		}
	}
}

func listKeys(t *testing.T, s storage.Store, prefix string) []string {
	t.Helper()
	l, err := s.List(ctx, prefix)
	if err != nil {
		t.Fatal(err)
	}
	keys := make([]string, len(l))
	for i, o := range l {
		keys[i] = o.Key
	}
	return keys
}

func read(t *testing.T, s storage.Store, key string) string {
	t.Helper()
	r, err := s.Open(ctx, key)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSameContentIsLinked checks that a second key of the same content
// becomes a hard link to the first file, and that a link never takes the
// place of content that differs: a forged MD5, or a first file replaced
// behind the store's back.
func TestSameContentIsLinked(t *testing.T) {
	root := t.TempDir()
	s := dir.New(root)
	css := "body { color: #222 }"
	meta := storage.Meta{ContentType: "text/css", MD5: md5Hex(css), Size: int64(len(css))}
	put := func(key, body string, m storage.Meta) string {
		t.Helper()
		if err := s.Put(ctx, key, strings.NewReader(body), m); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(root, filepath.FromSlash(key)))
		if err != nil || string(got) != body {
			t.Fatalf("%s holds %q, %v; want %q", key, got, err, body)
		}
		return filepath.Join(root, filepath.FromSlash(key))
	}
	first := put("p/a/style.css", css, meta)
	second := put("p/b/style.css", css, meta)
	if !sameFile(t, first, second) {
		t.Error("the same content was written twice, not linked")
	}
	// Again over a link to the same file: nothing to do, nothing left.
	put("p/b/style.css", css, meta)
	// The same MD5 and size, other bytes: never linked.
	forged := strings.Replace(css, "#222", "#333", 1)
	third := put("p/c/style.css", forged, meta)
	if sameFile(t, first, third) {
		t.Error("content of another MD5 was linked")
	}
	// The file the store remembers is replaced (by the third Put above, the
	// twin is now p/c): a later key of the original content gets its own.
	if err := os.WriteFile(third, []byte("changed by hand"), 0o644); err != nil {
		t.Fatal(err)
	}
	put("p/d/style.css", forged, meta)
	if got, _ := os.ReadFile(first); string(got) != css {
		t.Errorf("the first file changed to %q", got)
	}
	noTemp(t, root)
}

func sameFile(t *testing.T, a, b string) bool {
	t.Helper()
	ia, err := os.Stat(a)
	if err != nil {
		t.Fatal(err)
	}
	ib, err := os.Stat(b)
	if err != nil {
		t.Fatal(err)
	}
	return os.SameFile(ia, ib)
}

func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}

// noTemp fails if a temporary file is left in root.
func noTemp(t *testing.T, root string) {
	t.Helper()
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err == nil && safefile.IsTemp(d.Name()) {
			t.Errorf("temporary file left: %s", p)
		}
		return err
	})
}
