package site_test

import (
	"bytes"
	"context"
	"image"
	"image/jpeg"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitrine/vitrine/internal/cache"
	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
	"github.com/vitrine/vitrine/internal/publish"
	"github.com/vitrine/vitrine/internal/site"
	"github.com/vitrine/vitrine/internal/site/sitetest"
	"github.com/vitrine/vitrine/internal/storage/dir"
)

var testNow = time.Date(2026, 11, 29, 12, 0, 0, 0, time.UTC)

// run opens the site in folder and publishes it into out the way
// `vitrine publish` does; setup may change the Site first (e.g. drop its
// cache). It returns how the links were rendered.
func run(t testing.TB, folder, out string, setup func(*site.Site)) site.Stats {
	t.Helper()
	s := openSite(t, folder)
	if setup != nil {
		setup(s)
	}
	cfg := s.Config
	opts := publish.Options{Prefix: cfg.Prefix, CacheControl: cfg.CacheControl.Pages, Concurrency: cfg.Publish.Concurrency}
	if _, err := publish.Run(context.Background(), dir.New(out), s.Records(testNow), build(t, s).Render, opts); err != nil {
		t.Fatal(err)
	}
	return s.Stats()
}

// openSite opens the site in folder as the commands do.
func openSite(t testing.TB, folder string) *site.Site {
	t.Helper()
	cfg, err := config.Load(filepath.Join(folder, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := site.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// build builds the renderer of s, with s.Cache as it is now.
func build(t testing.TB, s *site.Site) *site.Build {
	t.Helper()
	b, err := s.Build(testNow)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func noCache(s *site.Site) { s.Cache = nil }

// readTree returns every file below folder by slash path.
func readTree(t *testing.T, folder string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(folder, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		rel, _ := filepath.Rel(folder, p)
		out[filepath.ToSlash(rel)] = b
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// sameTrees fails unless folders a and b hold the same files, byte for byte.
func sameTrees(t *testing.T, a, b string) {
	t.Helper()
	ta, tb := readTree(t, a), readTree(t, b)
	if len(ta) == 0 || len(ta) != len(tb) {
		t.Fatalf("%s has %d files, %s has %d", a, len(ta), b, len(tb))
	}
	for name, data := range ta {
		if !bytes.Equal(data, tb[name]) {
			t.Fatalf("%s differs between %s and %s", name, a, b)
		}
	}
}

// TestCacheRendersOnlyWhatChanged changes one input at a time and counts
// the links rendered afresh by the next publish.
func TestCacheRendersOnlyWhatChanged(t *testing.T) {
	const projects, perProject = 3, 2
	one := filepath.Join("site", "projects", sitetest.Slug(1))
	tests := []struct {
		name   string
		change func(t *testing.T, folder string)
		want   int64 // links rendered afresh
		text   string
	}{
		{"nothing", func(*testing.T, string) {}, 0, ""},
		{"a note of one project", func(t *testing.T, folder string) {
			sitetest.WriteFile(t, filepath.Join(folder, one, "notes", "2024-05-14-spachteln.md"), "# Spachteln\n\nNeu: Decke fertig.\n")
		}, perProject, "Neu: Decke fertig."},
		{"a new photo of one project", func(t *testing.T, folder string) {
			sitetest.WriteFile(t, filepath.Join(folder, one, "photos", "decke.jpg"), string(sitetest.JPEG(t, 40, 30)))
		}, perProject, "decke.jpg"},
		{"only the modification time", func(t *testing.T, folder string) {
			later := time.Now().Add(time.Hour)
			if err := os.Chtimes(filepath.Join(folder, one, "times.csv"), later, later); err != nil {
				t.Fatal(err)
			}
		}, 0, ""},
		{"a template override", func(t *testing.T, folder string) {
			sitetest.WriteFile(t, filepath.Join(folder, "theme", "style.css"), "body { color: #123456 }\n")
		}, projects * perProject, "#123456"},
		{"the config", func(t *testing.T, folder string) {
			name := filepath.Join(folder, "config.yaml")
			b, err := os.ReadFile(name)
			if err != nil {
				t.Fatal(err)
			}
			sitetest.WriteFile(t, name, strings.Replace(string(b), "Malerbetrieb Beispiel", "Malermeister Beispiel", 1))
		}, projects * perProject, "Malermeister Beispiel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			folder, out := t.TempDir(), t.TempDir()
			sitetest.Write(t, folder, sitetest.Options{Projects: projects, LinksPerProject: perProject, PhotoEdge: 64,
				Templates: map[string]string{"style.css": "body { color: #000 }\n"}})
			if st := run(t, folder, out, nil); st.Rendered != projects*perProject || st.Cached != 0 {
				t.Fatalf("first publish: %+v, want all %d rendered", st, projects*perProject)
			}
			tt.change(t, folder)
			st := run(t, folder, out, nil)
			if st.Rendered != tt.want || st.Cached != projects*perProject-tt.want {
				t.Fatalf("after changing %s: %+v, want %d rendered and the rest cached", tt.name, st, tt.want)
			}
			if tt.text != "" && !strings.Contains(joined(readTree(t, out)), tt.text) {
				t.Fatalf("the change (%q) was not published", tt.text)
			}
			// The cached publish equals one without any cache.
			fresh := t.TempDir()
			run(t, folder, fresh, noCache)
			sameTrees(t, out, fresh)
		})
	}
}

// joined returns all paths and contents of a tree as one string.
func joined(tree map[string][]byte) string {
	var b strings.Builder
	for name, data := range tree {
		b.WriteString(name + "\n")
		b.Write(data)
	}
	return b.String()
}

// TestCacheNeverServesHiddenSection hides a section of a link that was
// rendered and cached with it shown.
func TestCacheNeverServesHiddenSection(t *testing.T) {
	folder, out := t.TempDir(), t.TempDir()
	ids := sitetest.Write(t, folder, sitetest.Options{Projects: 1})
	slug := sitetest.Slug(0)
	run(t, folder, out, nil)
	page := filepath.Join(out, "p", ids[slug][0], "index.html")
	if b, _ := os.ReadFile(page); !bytes.Contains(b, []byte("Tapeten entfernt")) {
		t.Fatal("the notes section is not published at all; the test proves nothing")
	}
	err := links.Update(context.Background(), filepath.Join(folder, ".vitrine", "records.lock"), filepath.Join(folder, "site", "projects", slug, "links.yaml"), testNow, time.UTC, func(f *links.File) error {
		return f.Set(ids[slug][0], testNow, time.UTC, func(l *links.Link) error {
			l.Sections = []project.Section{project.SectionOverview}
			return nil
		})
	})
	if err != nil {
		t.Fatal(err)
	}
	if st := run(t, folder, out, nil); st.Rendered != 1 {
		t.Fatalf("hiding a section rendered %d links, want 1", st.Rendered)
	}
	if b, _ := os.ReadFile(page); bytes.Contains(b, []byte("Tapeten entfernt")) {
		t.Fatal("a hidden section was published from the cache")
	}
}

// TestCacheDamageIsDetected damages the cache in several ways; each
// publish must notice, render afresh and publish the right bytes.
func TestCacheDamageIsDetected(t *testing.T) {
	damages := []struct {
		name    string
		damage  func(t *testing.T, cacheDir string)
		corrupt bool // counted as a damaged entry, not just a miss
	}{
		{"a stored file changed", func(t *testing.T, cacheDir string) {
			flipFirst(t, cacheDir, "blobs")
		}, true},
		{"an entry edited", func(t *testing.T, cacheDir string) {
			flipFirst(t, cacheDir, "entries")
		}, true},
		{"a stored file deleted", func(t *testing.T, cacheDir string) {
			if err := os.RemoveAll(filepath.Join(layoutDir(t, cacheDir), "blobs")); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"the whole cache deleted", func(t *testing.T, cacheDir string) {
			if err := os.RemoveAll(cacheDir); err != nil {
				t.Fatal(err)
			}
		}, false},
		{"file hashes with wrong stat data", func(t *testing.T, cacheDir string) {
			flipFirst(t, cacheDir, "trees")
		}, false},
	}
	for _, d := range damages {
		t.Run(d.name, func(t *testing.T) {
			folder := t.TempDir()
			sitetest.Write(t, folder, sitetest.Options{Projects: 2, PhotoEdge: 64})
			// A photo of noise stays large as a JPEG, so that the cache
			// stores it apart from the entry, as a blob.
			noise := image.NewGray(image.Rect(0, 0, 800, 800))
			rand.NewChaCha8([32]byte{}).Read(noise.Pix)
			var photo bytes.Buffer
			if err := jpeg.Encode(&photo, noise, &jpeg.Options{Quality: 95}); err != nil {
				t.Fatal(err)
			}
			sitetest.WriteFile(t, filepath.Join(folder, "site", "projects", sitetest.Slug(0), "photos", "rauschen.jpg"), photo.String())
			// Files as old as a checkout of yesterday: the cache keeps the
			// hashes of files it can trust by their stat data.
			then := time.Now().Add(-time.Hour)
			err := filepath.WalkDir(folder, func(p string, _ fs.DirEntry, err error) error {
				if err == nil {
					err = os.Chtimes(p, then, then)
				}
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			run(t, folder, t.TempDir(), nil)
			d.damage(t, filepath.Join(folder, ".vitrine"))
			out := t.TempDir()
			st := run(t, folder, out, nil)
			if d.corrupt && st.Corrupt == 0 {
				t.Fatalf("damage not detected: %+v", st)
			}
			if st.Rendered == 0 && d.name != "file hashes with wrong stat data" {
				t.Fatalf("nothing rendered afresh: %+v", st)
			}
			fresh := t.TempDir()
			run(t, folder, fresh, noCache)
			sameTrees(t, out, fresh)
			if st := run(t, folder, t.TempDir(), nil); st.Rendered != 0 {
				t.Fatalf("the cache was not rebuilt: the next publish rendered %d links", st.Rendered)
			}
		})
	}
}

// flipFirst changes one byte in the middle of the first file below the
// cache's folder kind (blobs, entries, trees).
func flipFirst(t *testing.T, cacheDir, kind string) {
	t.Helper()
	var name string
	filepath.WalkDir(filepath.Join(layoutDir(t, cacheDir), kind), func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && name == "" {
			name = p
		}
		return err
	})
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("no %s in the cache: %v", kind, err)
	}
	b[len(b)/2] ^= 0x20
	if err := os.WriteFile(name, b, 0o644); err != nil {
		t.Fatal(err)
	}
}

// layoutDir returns the folder of the cache's one layout below cacheDir.
func layoutDir(t *testing.T, cacheDir string) string {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(cacheDir, "cache", "v*"))
	if err != nil || len(dirs) != 1 {
		t.Fatalf("want one layout folder in the cache, found %q (%v)", dirs, err)
	}
	return dirs[0]
}

// TestCacheOfAnotherVersion is never used.
func TestCacheOfAnotherVersion(t *testing.T) {
	folder := t.TempDir()
	sitetest.Write(t, folder, sitetest.Options{Projects: 2})
	withVersion := func(v string) func(*site.Site) {
		return func(s *site.Site) { s.Cache = cache.New(s.Cache.Dir(), v) }
	}
	run(t, folder, t.TempDir(), withVersion("1.0"))
	if st := run(t, folder, t.TempDir(), withVersion("1.1")); st.Rendered != 2 || st.Cached != 0 {
		t.Fatalf("a cache of version 1.0 was used by 1.1: %+v", st)
	}
	if st := run(t, folder, t.TempDir(), withVersion("1.1")); st.Cached != 2 {
		t.Fatalf("version 1.1 did not use its own cache: %+v", st)
	}
}

// TestBrokenProjectsDoNotStopTheOthers breaks two of three projects: the
// publish names both files, once each although each project has two links,
// publishes the valid project, and leaves the broken projects' pages as
// they were.
func TestBrokenProjectsDoNotStopTheOthers(t *testing.T) {
	folder, out := t.TempDir(), t.TempDir()
	ids := sitetest.Write(t, folder, sitetest.Options{Projects: 3, LinksPerProject: 2})
	run(t, folder, out, nil)
	projects := filepath.Join(folder, "site", "projects")
	page := func(i int) []byte {
		b, err := os.ReadFile(filepath.Join(out, "p", ids[sitetest.Slug(i)][0], "index.html"))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	before := page(0)
	for _, i := range []int{0, 2} {
		sitetest.WriteFile(t, filepath.Join(projects, sitetest.Slug(i), "project.yaml"), "name: \"unterminated\nstatus: active\n")
	}
	sitetest.WriteFile(t, filepath.Join(projects, sitetest.Slug(1), "notes", "2026-11-28-neu.md"), "Fliesen neu verlegt.\n")

	s := openSite(t, folder)
	cfg := s.Config
	opts := publish.Options{Prefix: cfg.Prefix, CacheControl: cfg.CacheControl.Pages, Concurrency: cfg.Publish.Concurrency}
	sum, err := publish.Run(context.Background(), dir.New(out), s.Records(testNow), build(t, s).Render, opts)
	var list problem.List
	if !list.Add(err) || len(list) != 2 {
		t.Fatalf("publish: %v; want one problem for each broken project", err)
	}
	for _, i := range []int{0, 2} {
		if !strings.Contains(err.Error(), filepath.Join(sitetest.Slug(i), "project.yaml")+":") {
			t.Errorf("the problem of project %d is not reported with its file and line: %v", i, err)
		}
	}
	if len(sum.Failed) != 4 {
		t.Errorf("Failed = %q, want the 4 links of the broken projects", sum.Failed)
	}
	if !bytes.Equal(page(0), before) {
		t.Error("a broken project's page changed")
	}
	if !bytes.Contains(page(1), []byte("Fliesen neu verlegt")) {
		t.Error("the valid project was not published")
	}
}
