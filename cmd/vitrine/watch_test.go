package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vitrine/vitrine/internal/benchsite"
	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/safefile"
	"github.com/vitrine/vitrine/internal/site/sitetest"
	"github.com/vitrine/vitrine/internal/syncbuf"
)

// watchProcess is a running `vitrine watch`.
type watchProcess struct {
	cmd            *exec.Cmd
	stdout, stderr syncbuf.Buffer
	exited         chan struct{}
	err            error // of Wait, once exited is closed
}

// startWatch runs `vitrine watch` on the site in folder; it is stopped when
// the test ends, if the test did not stop it.
func startWatch(tb testing.TB, folder string) *watchProcess {
	tb.Helper()
	w := &watchProcess{exited: make(chan struct{})}
	w.cmd = exec.Command(os.Args[0])
	w.cmd.Dir = folder
	w.cmd.Env = append(os.Environ(), "VITRINE_WATCH_CONFIG="+filepath.Join(folder, "config.yaml"))
	w.cmd.Stdout, w.cmd.Stderr = &w.stdout, &w.stderr
	if err := w.cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	go func() {
		w.err = w.cmd.Wait()
		close(w.exited)
	}()
	tb.Cleanup(func() {
		w.cmd.Process.Kill()
		<-w.exited
		if tb.Failed() {
			tb.Logf("vitrine watch printed:\n%s\n%s", w.stdout.String(), w.stderr.String())
		}
	})
	return w
}

// alive fails if the process has exited.
func (w *watchProcess) alive(tb testing.TB) {
	tb.Helper()
	select {
	case <-w.exited:
		tb.Fatalf("vitrine watch exited: %v", w.err)
	default:
	}
}

// waitFor polls cond until it holds, failing after limit: the test waits
// for what must happen, never for a fixed time.
func waitFor(tb testing.TB, what string, limit time.Duration, cond func() bool) time.Duration {
	tb.Helper()
	start := time.Now()
	for !cond() {
		if time.Since(start) > limit {
			tb.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
	return time.Since(start)
}

// contains reports whether the file name contains text.
func contains(name, text string) func() bool {
	return func() bool {
		b, err := os.ReadFile(name)
		return err == nil && strings.Contains(string(b), text)
	}
}

// patience bounds each wait of the watch tests, far beyond the second or
// two a change takes even on a busy machine with the race detector.
const patience = time.Minute

// TestWatch edits a site the way the office does while `vitrine watch`
// runs, and checks what customers would see after each step.
func TestWatch(t *testing.T) {
	folder := t.TempDir()
	ids := sitetest.Write(t, folder, sitetest.Options{Projects: 2})
	slug := sitetest.Slug(0)
	record := filepath.Join(folder, "site", "projects", slug, "project.yaml")
	page := filepath.Join(folder, "public", "p", ids[slug][0], "index.html")
	original, err := os.ReadFile(record)
	if err != nil {
		t.Fatal(err)
	}
	edit := func(marker string) {
		sitetest.WriteFile(t, record, strings.Replace(string(original), "Flur:", "Flur ("+marker+"):", 1))
	}

	w := startWatch(t, folder)
	waitFor(t, "the first publish", patience, contains(page, "Renovierung"))

	edit("first edit")
	took := waitFor(t, "the edit to be published", patience, contains(page, "first edit"))
	t.Logf("an edit was online %v after it was saved", took)

	// A mistake in the middle of an edit: reported with file and line,
	// and the page stays as it was.
	sitetest.WriteFile(t, record, string(original)+"team: [Anna Schmidt\n")
	waitFor(t, "the error to be reported", patience, func() bool {
		return strings.Contains(w.stderr.String(), filepath.Join(slug, "project.yaml")+":")
	})
	w.alive(t)
	if !contains(page, "first edit")() {
		t.Fatal("the last good page went offline after a broken edit")
	}

	edit("fixed")
	waitFor(t, "the fix to be published", patience, contains(page, "fixed"))

	// The same for a mistake in config.yaml.
	config := filepath.Join(folder, "config.yaml")
	good, err := os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	sitetest.WriteFile(t, config, string(good)+"bogus: 1\n")
	waitFor(t, "the config error to be reported", patience, func() bool {
		return regexp.MustCompile(`config\.yaml:\d+: bogus: unknown key`).MatchString(w.stderr.String())
	})
	w.alive(t)
	sitetest.WriteFile(t, config, string(good))

	// A new project folder, copied in with its links.
	newIDs := sitetest.Project(t, filepath.Join(folder, "site", "projects", "p09999"), 9999, 1, nil)
	waitFor(t, "the new project to be published", patience, contains(filepath.Join(folder, "public", "p", newIDs[0], "index.html"), "Kunde 9999"))
	w.alive(t)

	if err := w.cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	select {
	case <-w.exited:
	case <-time.After(30 * time.Second):
		t.Fatal("vitrine watch did not stop on Ctrl-C")
	}
	if w.err != nil {
		t.Fatalf("vitrine watch ended with %v after Ctrl-C, want exit status 0", w.err)
	}
	if !strings.Contains(w.stdout.String(), "Stopped watching") {
		t.Error("no goodbye on Ctrl-C")
	}
	noTempFiles(t, folder)
}

// TestWatchPublishesTheChangedProject checks that a save inside one
// project's records publishes only that project's links, and that a change
// of a links.yaml (a deactivation, here by hand) still reaches the storage
// at once, with every other link checked again.
func TestWatchPublishesTheChangedProject(t *testing.T) {
	folder := t.TempDir()
	ids := sitetest.Write(t, folder, sitetest.Options{Projects: 3})
	page := func(i int) string {
		return filepath.Join(folder, "public", "p", ids[sitetest.Slug(i)][0], "index.html")
	}
	w := startWatch(t, folder)
	waitFor(t, "the first publish", patience, func() bool { return strings.Contains(w.stdout.String(), "Published to") })
	// A page of project 1 damaged behind vitrine's back: a full publish
	// repairs it, one limited to project 0 does not look at it.
	sitetest.WriteFile(t, page(1), "damaged")
	note := filepath.Join(folder, "site", "projects", sitetest.Slug(0), "notes", "2024-05-14-spachteln.md")
	sitetest.WriteFile(t, note, "# Spachteln\n\nStand der Messung.\n")
	waitFor(t, "the note to be published", patience, contains(page(0), "Stand der Messung"))
	// The summary line comes first, the list of links after it.
	last := func() string {
		out := w.stdout.String()
		if strings.Count(out, "Published to") != 2 {
			return ""
		}
		return out[strings.LastIndex(out, "Published to"):]
	}
	waitFor(t, "the publish to finish", patience, func() bool { return strings.Contains(last(), ids[sitetest.Slug(0)][0]) })
	if !contains(page(1), "damaged")() {
		t.Error("a save in project 0 published project 1 too")
	}
	if strings.Contains(last(), ids[sitetest.Slug(2)][0]) {
		t.Errorf("the limited publish lists other links than project 0's:\n%s", last())
	}
	// Deactivated by hand in links.yaml: offline at once, and the full
	// run this takes repairs project 1.
	links := filepath.Join(folder, "site", "projects", sitetest.Slug(2), "links.yaml")
	b, err := os.ReadFile(links)
	if err != nil {
		t.Fatal(err)
	}
	sitetest.WriteFile(t, links, strings.Replace(string(b), "    locale:", "    deactivated: 2026-11-03T10:00:00Z\n    locale:", 1))
	waitFor(t, "the deactivation to be published", patience, func() bool {
		_, err := os.Stat(page(2))
		return errors.Is(err, fs.ErrNotExist)
	})
	waitFor(t, "the damaged page to be repaired", patience, contains(page(1), "Renovierung"))
}

// TestWatchAfterAFailedPublish checks that a publish that failed at the
// storage is followed by a full one, also when the next save is inside one
// project: the failed run may have marked a link deactivated without
// deleting its pages, which a limited run would not look at again.
func TestWatchAfterAFailedPublish(t *testing.T) {
	folder := t.TempDir()
	ids := sitetest.Write(t, folder, sitetest.Options{Projects: 2})
	out := filepath.Join(folder, "public")
	other := filepath.Join(out, "p", ids[sitetest.Slug(1)][0], "index.html")
	w := startWatch(t, folder)
	waitFor(t, "the first publish", patience, func() bool { return strings.Contains(w.stdout.String(), "Published to") })
	sitetest.WriteFile(t, other, "damaged")
	// The output folder becomes a link to nowhere: the next publish fails.
	if err := os.Rename(out, out+".away"); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(folder, "nowhere"), out); err != nil {
		t.Fatal(err)
	}
	note := filepath.Join(folder, "site", "projects", sitetest.Slug(0), "notes", "2024-05-14-spachteln.md")
	sitetest.WriteFile(t, note, "# Spachteln\n\nErster Versuch.\n")
	waitFor(t, "the failure", patience, func() bool { return strings.Contains(w.stdout.String(), "try again") })
	if err := os.Remove(out); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(out+".away", out); err != nil {
		t.Fatal(err)
	}
	sitetest.WriteFile(t, note, "# Spachteln\n\nZweiter Versuch.\n")
	waitFor(t, "a full publish to repair project 1", patience, contains(other, "Renovierung"))
}

// TestChangedProjects checks which saves publish only their projects.
func TestChangedProjects(t *testing.T) {
	folder := t.TempDir()
	sitetest.Write(t, folder, sitetest.Options{Projects: 2})
	cfg, err := config.Load(filepath.Join(folder, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	projects := filepath.Join(folder, "site", "projects")
	a, b := filepath.Join(projects, sitetest.Slug(0)), filepath.Join(projects, sitetest.Slug(1))
	for _, c := range []struct {
		changed []string
		want    []string
	}{
		{nil, nil}, // the first publish
		{[]string{filepath.Join(a, "notes", "x.md")}, []string{sitetest.Slug(0)}},
		{[]string{filepath.Join(a, "times.csv"), filepath.Join(b, "photos", "p.jpg"), filepath.Join(a, "project.yaml")},
			[]string{sitetest.Slug(0), sitetest.Slug(1)}},
		{[]string{filepath.Join(a, "notes", "x.md"), filepath.Join(b, "links.yaml")}, nil},
		{[]string{filepath.Join(projects, "p09999")}, nil}, // a folder added or removed
		{[]string{filepath.Join(folder, "config.yaml")}, nil},
		{[]string{filepath.Join(folder, "site", "imports", "zeiten.csv")}, nil},
		{[]string{filepath.Join(folder, "theme", "page.html")}, nil},
	} {
		if got := changedProjects(cfg, c.changed); !slices.Equal(got, c.want) {
			t.Errorf("changedProjects(%q) = %q, want %q", c.changed, got, c.want)
		}
	}
	// With imports, a project.yaml routes their rows: every project.
	sitetest.WriteFile(t, filepath.Join(folder, "site", "imports", "zeiten.csv"), "Datum;Projekt;Stunden\n")
	if got := changedProjects(cfg, []string{filepath.Join(a, "project.yaml")}); got != nil {
		t.Errorf("project.yaml with imports publishes only %q", got)
	}
}

// noTempFiles fails if a file that was being written is left behind.
func noTempFiles(t *testing.T, folder string) {
	t.Helper()
	filepath.WalkDir(folder, func(p string, d fs.DirEntry, err error) error {
		if err == nil && safefile.IsTemp(d.Name()) {
			t.Errorf("half-written file left: %s", p)
		}
		return err
	})
}

// The watch latency benchmarks measure the time from saving a file to the
// page being updated by a running `vitrine watch`, for the demo and for a
// generated site of sitetest.BenchProjects projects (one link and one
// 1024-pixel photo each). Every iteration is one save:
//
//	VITRINE_BENCH_PROJECTS=1000 go test -run '^$' -bench WatchLatency -benchtime 5x ./cmd/vitrine

func BenchmarkWatchLatencyDemo(b *testing.B) {
	folder := b.TempDir()
	if err := os.CopyFS(filepath.Join(folder, "site"), os.DirFS(filepath.Join("..", "..", "site"))); err != nil {
		b.Fatal(err)
	}
	config, err := os.ReadFile(filepath.Join("..", "..", "config.yaml"))
	if err != nil {
		b.Fatal(err)
	}
	sitetest.WriteFile(b, filepath.Join(folder, "config.yaml"), string(config))
	benchWatch(b, folder, filepath.Join(folder, "site", "projects", "2024-017-bad-mueller", "notes", "abnahme.md"),
		filepath.Join(folder, "public", "p", "d871a243-c6dd-4826-a056-d018ad3fe45f", "index.html"))
}

func BenchmarkWatchLatencySite(b *testing.B) {
	folder := b.TempDir()
	projects := sitetest.BenchProjects(b)
	ids := sitetest.Write(b, folder, sitetest.Options{Projects: projects, PhotoEdge: 1024})
	slug := sitetest.Slug(projects / 2)
	benchWatch(b, folder, filepath.Join(folder, "site", "projects", slug, "notes", "2024-05-14-spachteln.md"),
		filepath.Join(folder, "public", "p", ids[slug][0], "index.html"))
}

// BenchmarkWatchLatencyScale is the latency for one project among the
// generated projects of issue 11's comparison (100 time entries, 5 reports,
// 4 milestones, one link each), $VITRINE_BENCH_PROJECTS of them:
//
//	VITRINE_BENCH_PROJECTS=10000 go test -run '^$' -bench WatchLatencyScale -benchtime 5x ./cmd/vitrine
func BenchmarkWatchLatencyScale(b *testing.B) {
	s, err := benchsite.Write(b.TempDir(), sitetest.BenchProjects(b))
	if err != nil {
		b.Fatal(err)
	}
	i := len(s.IDs) / 2
	notes, err := filepath.Glob(filepath.Join(s.Project(i), "notes", "*.md"))
	if err != nil || len(notes) == 0 {
		b.Fatalf("no reports: %v", err)
	}
	note := notes[0]
	page := filepath.Join(s.Vitrine(), "public", "p", s.IDs[i], "index.html")
	benchWatch(b, s.Vitrine(), note, page)
}

// benchWatch starts a watch on folder, waits for its first publish, then
// rewrites note once per iteration and waits until page shows it.
func benchWatch(b *testing.B, folder, note, page string) {
	w := startWatch(b, folder)
	waitFor(b, "the first publish", 30*time.Minute, func() bool { return strings.Contains(w.stdout.String(), "Published to") })
	original, err := os.ReadFile(note)
	if err != nil {
		b.Fatal(err)
	}
	i := 0
	for b.Loop() {
		i++
		marker := fmt.Sprintf("Stand %d der Messung", i)
		sitetest.WriteFile(b, note, strings.Replace(string(original), "\n\n", "\n\n"+marker+"\n\n", 1))
		waitFor(b, "the page to change", patience, contains(page, marker))
	}
}
