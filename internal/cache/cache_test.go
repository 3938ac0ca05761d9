package cache

import (
	"bytes"
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitrine/vitrine/internal/render"
)

func write(t *testing.T, name, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// age sets the modification time of name to d ago.
func age(t *testing.T, name string, d time.Duration) {
	t.Helper()
	then := time.Now().Add(-d)
	if err := os.Chtimes(name, then, then); err != nil {
		t.Fatal(err)
	}
}

func tree(t *testing.T, c *Cache, dir string) *Tree {
	t.Helper()
	tr, err := c.Tree(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestKeyIsUnambiguous(t *testing.T) {
	c := New(t.TempDir(), "1.0")
	k := func(c *Cache, parts ...string) Key {
		b := make([][]byte, len(parts))
		for i, p := range parts {
			b[i] = []byte(p)
		}
		key, err := c.Key(b...)
		if err != nil {
			t.Fatal(err)
		}
		return key
	}
	if k(c, "a", "bc") == k(c, "ab", "c") {
		t.Error("parts run together")
	}
	if k(c, "a") != k(c, "a") {
		t.Error("the same parts give different keys")
	}
	if k(c, "a") == k(New(t.TempDir(), "1.1"), "a") {
		t.Error("another program version gives the same key")
	}
}

func TestTreeSum(t *testing.T) {
	c := New(t.TempDir(), "1.0")
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		write(t, filepath.Join(dir, "project.yaml"), "name: x\n")
		write(t, filepath.Join(dir, "photos", "a.jpg"), "jpeg")
	}
	if !bytes.Equal(tree(t, c, a).Sum(), tree(t, c, b).Sum()) {
		t.Fatal("two folders with the same files differ")
	}
	changes := map[string]func(){
		"content": func() { write(t, filepath.Join(b, "project.yaml"), "name: y\n") },
		"name": func() {
			if err := os.Rename(filepath.Join(b, "photos", "a.jpg"), filepath.Join(b, "photos", "b.jpg")); err != nil {
				t.Fatal(err)
			}
		},
		"new file":      func() { write(t, filepath.Join(b, "notes", ".hidden.md"), "") },
		"link target":   func() { os.Symlink("photos/a.jpg", filepath.Join(b, "l")) },
		"link retarget": func() { os.Remove(filepath.Join(b, "l")); os.Symlink("project.yaml", filepath.Join(b, "l")) },
	}
	for _, name := range []string{"content", "name", "new file", "link target", "link retarget"} {
		before := tree(t, c, b)
		changes[name]()
		after := tree(t, c, b)
		if bytes.Equal(before.Sum(), after.Sum()) || before.Same(after) {
			t.Errorf("change of %s not seen", name)
		}
	}
}

// TestTreeSeesEveryWrite rewrites a file with the same size and restores
// its modification time, as `cp -p` or a careless tool would.
func TestTreeSeesEveryWrite(t *testing.T) {
	c := New(t.TempDir(), "1.0")
	dir := t.TempDir()
	name := filepath.Join(dir, "times.csv")
	write(t, name, "aaaa")
	age(t, name, time.Hour)
	first := tree(t, c, dir)
	if again := tree(t, c, dir); !first.Same(again) {
		t.Fatal("an untouched folder changed")
	}
	info, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	write(t, name, "bbbb")
	if err := os.Chtimes(name, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(first.Sum(), tree(t, c, dir).Sum()) {
		t.Fatal("new content with the old size and modification time was trusted")
	}
	// Touching changes the stamp, not the content.
	age(t, name, 2*time.Hour)
	touched := tree(t, c, dir)
	if !bytes.Equal(touched.Sum(), tree(t, c, dir).Sum()) {
		t.Fatal("content changed without a write")
	}
	write(t, name, "bbbb")
	if again := tree(t, c, dir); !bytes.Equal(touched.Sum(), again.Sum()) || touched.Same(again) {
		t.Fatal("rewriting the same content: want same sum, not Same")
	}
}

func TestTrusted(t *testing.T) {
	name := filepath.Join(t.TempDir(), "f")
	write(t, name, "abc")
	age(t, name, time.Hour)
	info, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	ok := indexed{Size: 3, MTime: info.ModTime().UnixNano(), Sig: statSig(info), Hashed: time.Now().UnixNano()}
	if statSig(info) == "" {
		t.Skip("no stat signature on this system: every file is hashed")
	}
	tests := []struct {
		name string
		edit func(*indexed)
		want bool
	}{
		{"unchanged", func(*indexed) {}, true},
		{"hashed right after a write", func(e *indexed) { e.Hashed = e.MTime + int64(time.Second) }, false},
		{"size", func(e *indexed) { e.Size = 4 }, false},
		{"modification time", func(e *indexed) { e.MTime-- }, false},
		{"change time or inode", func(e *indexed) { e.Sig += "x" }, false},
		{"no signature", func(e *indexed) { e.Sig = "" }, false},
	}
	for _, tt := range tests {
		e := ok
		tt.edit(&e)
		if got := e.trusted(info); got != tt.want {
			t.Errorf("%s: trusted = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func read(t *testing.T, f render.File) string {
	t.Helper()
	if f.Open == nil {
		return string(f.Body)
	}
	r, err := f.Open()
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

// fixture stores a rendering of a small project folder and returns the
// cache, its key, the folder's Tree and the files stored.
func fixture(t *testing.T) (*Cache, Key, *Tree, []render.File) {
	t.Helper()
	c := New(t.TempDir(), "1.0")
	dir := t.TempDir()
	write(t, filepath.Join(dir, "files", "Angebot.pdf"), "%PDF offer")
	src := tree(t, c, dir)
	files := []render.File{
		{Path: "index.html", ContentType: "text/html", Body: []byte("<p>page</p>")},
		{Path: "style.css", ContentType: "text/css", Body: []byte("p{}")},
		{Path: "files/Angebot.pdf", ContentType: "application/pdf", Open: func() (io.ReadCloser, error) {
			return os.Open(filepath.Join(dir, "files", "Angebot.pdf"))
		}},
		{Path: "photos/x.jpg", ContentType: "image/jpeg", Open: func() (io.ReadCloser, error) {
			return io.NopCloser(strings.NewReader("re-encoded")), nil
		}},
		{Path: "photos/big.jpg", ContentType: "image/jpeg", Body: bytes.Repeat([]byte("big"), inlineMax/3+1)},
	}
	key, err := c.Key([]byte("link"))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Put(context.Background(), key, files, src, func(context.Context) bool { return true }); err != nil {
		t.Fatal(err)
	}
	return c, key, src, files
}

func TestPutGet(t *testing.T) {
	c, key, src, files := fixture(t)
	got, err := c.Get(context.Background(), key, src)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(files) {
		t.Fatalf("got %d files, want %d", len(got), len(files))
	}
	for i, f := range got {
		if f.Path != files[i].Path || f.ContentType != files[i].ContentType {
			t.Errorf("file %d: %s %s, want %s %s", i, f.Path, f.ContentType, files[i].Path, files[i].ContentType)
		}
		// Small generated files come from the entry, in memory; the rest
		// streams from a blob or from the project folder.
		if inline := files[i].Open == nil && len(files[i].Body) <= inlineMax; inline != (f.Body != nil) || inline == (f.Open != nil) {
			t.Errorf("%s: in memory = %v, streamed = %v, want inline = %v", f.Path, f.Body != nil, f.Open != nil, inline)
		}
		if read(t, f) != read(t, files[i]) {
			t.Errorf("%s: content differs", f.Path)
		}
	}
	// The document is a file of the project: referenced, not copied.
	var blobs int
	filepath.WalkDir(filepath.Join(c.root, "blobs"), func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			blobs++
		}
		return err
	})
	if blobs != 2 {
		t.Errorf("%d files stored apart from the entry, want 2: the large photo and the streamed one (the document stays in the project folder)", blobs)
	}
	other, _ := c.Key([]byte("other link"))
	if _, err := c.Get(context.Background(), other, src); !errors.Is(err, ErrNotFound) {
		t.Errorf("Get of an unknown key: %v, want ErrNotFound", err)
	}
}

func TestGetRemovesDamagedEntry(t *testing.T) {
	c, key, src, _ := fixture(t)
	name := c.path("entries", key.String())
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	write(t, name, strings.Replace(string(b), "index.html", "index.htm!", 1))
	if _, err := c.Get(context.Background(), key, src); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("Get of an edited entry: %v, want ErrCorrupt", err)
	}
	if _, err := c.Get(context.Background(), key, src); !errors.Is(err, ErrNotFound) {
		t.Fatalf("a damaged entry was kept: %v", err)
	}
}

func TestPutRecordsNothingWhenSourceChanged(t *testing.T) {
	c := New(t.TempDir(), "1.0")
	src := tree(t, c, t.TempDir())
	key, _ := c.Key([]byte("k"))
	files := []render.File{{Path: "index.html", Body: []byte("x")}}
	if err := c.Put(context.Background(), key, files, src, func(context.Context) bool { return false }); err != nil {
		t.Fatal(err)
	}
	if c.Has(context.Background(), key) {
		t.Fatal("an entry was recorded although its source changed while rendered")
	}
}

func TestTrim(t *testing.T) {
	c, key, _, _ := fixture(t)
	var old, fresh string
	filepath.WalkDir(filepath.Join(c.root, "blobs"), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			old, fresh = fresh, p
		}
		return err
	})
	age(t, old, maxUnused+time.Hour)
	// An entry of the day before yesterday is never found again (the day
	// is in its key); a blob of that age may serve today's entries.
	entry := c.path("entries", key.String())
	age(t, entry, maxUnusedEntry+time.Hour)
	age(t, fresh, maxUnusedEntry+time.Hour)
	write(t, filepath.Join(c.root, "blobs", "ab", ".x.1.safefile-tmp"), "")
	age(t, filepath.Join(c.root, "blobs", "ab", ".x.1.safefile-tmp"), 2*touchAfter)
	write(t, filepath.Join(c.base, "cache", "v0", "entries", "x"), "")
	write(t, filepath.Join(c.root, "trimmed"), "")
	age(t, filepath.Join(c.root, "trimmed"), trimEvery+time.Hour)

	New(c.base, "1.0").Has(context.Background(), key) // the first use of a cache trims it
	for name, want := range map[string]bool{
		old: false, fresh: true, entry: false, filepath.Join(c.base, "cache", "v0"): false,
		filepath.Join(c.root, "blobs", "ab", ".x.1.safefile-tmp"): false,
		filepath.Join(c.base, ".gitignore"):                       true,
	} {
		if _, err := os.Stat(name); (err == nil) != want {
			t.Errorf("%s: exists = %v, want %v", name, err == nil, want)
		}
	}
	// Within a day, nothing is trimmed again.
	age(t, fresh, maxUnused+time.Hour)
	New(c.base, "1.0").Has(context.Background(), key)
	if _, err := os.Stat(fresh); err != nil {
		t.Error("trimmed twice within a day")
	}
}

// TestTreeIndexOnlyWhatCanBeTrusted checks that a folder written just now,
// as after a checkout, costs no index file: none of its hashes could be
// trusted by the next run, and creating a file costs more than hashing.
func TestTreeIndexOnlyWhatCanBeTrusted(t *testing.T) {
	c := New(t.TempDir(), "1.0")
	dir := t.TempDir()
	name := filepath.Join(dir, "times.csv")
	write(t, name, "fresh")
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	index := c.indexPath(abs)
	tree(t, c, dir)
	if _, err := os.Stat(index); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("an index of racy hashes was written (%v)", err)
	}
	age(t, name, time.Hour)
	tree(t, c, dir)
	info, err := os.Stat(name)
	if err != nil {
		t.Fatal(err)
	}
	// Where the system gives no stat signature, no hash is ever trusted.
	if _, err := os.Stat(index); (err == nil) != (statSig(info) != "") {
		t.Fatalf("index of a folder aged an hour: %v, want one where stat signatures exist (%q)", err, statSig(info))
	}
}
