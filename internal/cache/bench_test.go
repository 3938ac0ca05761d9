package cache

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/vitrine/vitrine/internal/render"
)

// The benchmarks model the links of a generated site, two per project: a
// page and times.csv of their own, the stylesheet and logo every link
// shares, a photo and its thumbnail shared by the links of one project,
// and a document of the project folder.
const (
	benchLinksPerProject = 2
	benchProjects        = 500 // folders made for the Get and Tree benchmarks
)

// benchContent returns n bytes that differ by seed, so that each project's
// photo and each link's page are stored as their own content.
func benchContent(seed string, n int) []byte {
	return bytes.Repeat([]byte(seed+" "), n/(len(seed)+1)+1)[:n]
}

// benchProject writes project folder p below dir and returns it with its
// Tree. Its files are aged, as in a checkout older than the racy window.
func benchProject(b *testing.B, c *Cache, dir string, p int) (string, *Tree) {
	b.Helper()
	folder := filepath.Join(dir, fmt.Sprintf("p%05d", p))
	for name, size := range map[string]int{
		"project.yaml": 900, "links.yaml": 400, "times.csv": 1100,
		"notes/2024-05-10-tapeten.md": 90, "notes/2024-05-14-spachteln.md": 50,
		"files/Angebot.pdf": 30 << 10, "photos/baustelle.jpg": 200 << 10,
	} {
		name = filepath.Join(folder, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(name, benchContent(name, size), 0o644); err != nil {
			b.Fatal(err)
		}
		then := time.Now().Add(-time.Hour)
		if err := os.Chtimes(name, then, then); err != nil {
			b.Fatal(err)
		}
	}
	t, err := c.Tree(context.Background(), folder)
	if err != nil {
		b.Fatal(err)
	}
	return folder, t
}

// benchLink returns the rendering of link l of the project in folder p.
func benchLink(folder string, p, l int) []render.File {
	shared := func(name string, n int) []byte { return benchContent(fmt.Sprintf("%s %d", name, p), n) }
	return []render.File{
		{Path: "files/Angebot.pdf", ContentType: "application/pdf", Open: func() (io.ReadCloser, error) {
			return os.Open(filepath.Join(folder, "files", "Angebot.pdf"))
		}},
		{Path: "index.html", ContentType: "text/html", Body: benchContent(fmt.Sprintf("page %d %d", p, l), 60<<10)},
		{Path: "logo.svg", ContentType: "image/svg+xml", Body: benchContent("logo", 3<<10)},
		{Path: "photos/baustelle.jpg", ContentType: "image/jpeg", Body: shared("photo", 300<<10)},
		{Path: "photos/thumbs/baustelle.jpg", ContentType: "image/jpeg", Body: shared("thumb", 20<<10)},
		{Path: "style.css", ContentType: "text/css", Body: benchContent("style", 18<<10)},
		{Path: "times.csv", ContentType: "text/csv", Body: benchContent(fmt.Sprintf("times %d %d", p, l), 4<<10)},
	}
}

func benchKey(b *testing.B, c *Cache, p, l int) Key {
	b.Helper()
	k, err := c.Key([]byte(fmt.Sprintf("link %d %d", p, l)))
	if err != nil {
		b.Fatal(err)
	}
	return k
}

func always(context.Context) bool { return true }

// diskUse adds the files below dir and their bytes to u: the files a cache
// creates cost more than their bytes, and unlike time these numbers do not
// depend on what else the machine is doing.
type diskUse struct{ files, bytes int64 }

func (u *diskUse) add(b *testing.B, dir string) {
	b.Helper()
	err := filepath.WalkDir(dir, func(_ string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			u.files, u.bytes = u.files+1, u.bytes+info.Size()
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
}

func (u *diskUse) report(b *testing.B, ops int) {
	b.ReportMetric(float64(u.files)/float64(ops), "files/op")
	b.ReportMetric(float64(u.bytes)/float64(ops), "disk-B/op")
}

// BenchmarkPut stores the links of one project after another into a
// growing cache, as a cold build does; one op is one link.
func BenchmarkPut(b *testing.B) {
	dir := b.TempDir()
	c := New(filepath.Join(dir, "vitrine"), "1.0")
	ctx := context.Background()
	setup := New(filepath.Join(dir, "setup"), "1.0")
	folders, trees := make([]string, benchProjects), make([]*Tree, benchProjects)
	for p := range folders {
		folders[p], trees[p] = benchProject(b, setup, dir, p)
	}
	// The folders give the documents; the links' own content differs for
	// every project, however many links are stored.
	i := 0
	for b.Loop() {
		p, l := i/benchLinksPerProject, i%benchLinksPerProject
		folder, src := folders[p%benchProjects], trees[p%benchProjects]
		if err := c.Put(ctx, benchKey(b, c, p, l), benchLink(folder, p, l), src, always); err != nil {
			b.Fatal(err)
		}
		i++
	}
	var use diskUse
	use.add(b, c.root)
	use.report(b, i)
}

// BenchmarkGet takes the links of a warm cache and reads every file, as
// a build with nothing changed does; one op is one link.
func BenchmarkGet(b *testing.B) {
	dir := b.TempDir()
	c := New(filepath.Join(dir, "vitrine"), "1.0")
	ctx := context.Background()
	trees := make([]*Tree, benchProjects)
	for p := range trees {
		var folder string
		folder, trees[p] = benchProject(b, c, dir, p)
		for l := range benchLinksPerProject {
			if err := c.Put(ctx, benchKey(b, c, p, l), benchLink(folder, p, l), trees[p], always); err != nil {
				b.Fatal(err)
			}
		}
	}
	keys := make([]Key, benchProjects*benchLinksPerProject)
	for i := range keys {
		keys[i] = benchKey(b, c, i/benchLinksPerProject, i%benchLinksPerProject)
	}
	i := 0
	for b.Loop() {
		files, err := c.Get(ctx, keys[i%len(keys)], trees[i%len(keys)/benchLinksPerProject])
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range files {
			if f.Open == nil {
				continue
			}
			r, err := f.Open()
			if err != nil {
				b.Fatal(err)
			}
			io.Copy(io.Discard, r)
			r.Close()
		}
		i++
	}
}

// BenchmarkTree snapshots project folders as a build does, once for the
// key and once more to see that rendering saw no write; one op is one
// folder. cold starts without an index, warm with one.
func BenchmarkTree(b *testing.B) {
	for _, warm := range []bool{false, true} {
		b.Run(map[bool]string{false: "cold", true: "warm"}[warm], func(b *testing.B) {
			dir := b.TempDir()
			setup := New(filepath.Join(dir, "setup"), "1.0")
			folders := make([]string, benchProjects)
			for p := range folders {
				folders[p], _ = benchProject(b, setup, dir, p)
			}
			c := New(filepath.Join(dir, "vitrine"), "1.0")
			if warm {
				c = setup
			}
			ctx := context.Background()
			var use diskUse
			i := 0
			for b.Loop() {
				if i > 0 && i%len(folders) == 0 && !warm {
					b.StopTimer()
					use.add(b, c.root)
					c = New(b.TempDir(), "1.0")
					b.StartTimer()
				}
				before, err := c.Tree(ctx, folders[i%len(folders)])
				if err != nil {
					b.Fatal(err)
				}
				after, err := c.Tree(ctx, folders[i%len(folders)])
				if err != nil || !after.Same(before) {
					b.Fatalf("an untouched folder changed (%v)", err)
				}
				i++
			}
			if !warm {
				use.add(b, c.root)
				use.report(b, i)
			}
		})
	}
}
