package e2e

import (
	"bytes"
	"fmt"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vitrine/vitrine/internal/storage/s3/s3test"
	"github.com/vitrine/vitrine/internal/syncbuf"
)

// kills is how many times each command is killed; -short kills fewer.
func kills() int {
	if testing.Short() {
		return 5
	}
	return 20
}

// edits are the changes made before or while a command runs, in turn;
// each rewrites a different part of the output.
var edits = []change{
	{"toggle photos", func(s *site) {
		l := s.activeLink("2024-017-bad-mueller")
		flag := "--show"
		if slices.Contains(l.Sections, "photos") {
			flag = "--hide"
		}
		s.must("link", "set", l.ID, flag, "photos")
	}},
	{"edit the logo", func(s *site) {
		logo, err := os.ReadFile(filepath.Join(demoSite(s.t), "logo.svg"))
		if err != nil {
			s.t.Fatal(err)
		}
		// Two versions in turn: each is published more than once.
		if cur, _ := os.ReadFile(s.path("site/logo.svg")); bytes.Equal(cur, logo) {
			logo = append(logo, "<!-- edited -->\n"...)
		}
		if err := os.WriteFile(s.path("site/logo.svg"), logo, 0o644); err != nil {
			s.t.Fatal(err)
		}
	}},
	{"add or remove a photo", func(s *site) {
		photo := "site/projects/2024-030-dach-yilmaz/photos/neu.jpg"
		if err := os.Remove(s.path(photo)); os.IsNotExist(err) {
			s.copyFile("site/projects/2024-017-bad-mueller/photos/fertig.jpg", photo)
		} else if err != nil {
			s.t.Fatal(err)
		}
	}},
	{"replace a link", func(s *site) {
		s.must("link", "deactivate", s.activeLink("2024-030-dach-yilmaz").ID)
		s.must("link", "create", "2024-030-dach-yilmaz")
	}},
}

// slugs are the demo projects, in turn the project of `link create`.
var slugs = []string{"2024-017-bad-mueller", "2024-021-fassade-schneider", "2024-030-dach-yilmaz"}

// killTarget is a command to kill at random moments.
type killTarget struct {
	name string
	// args are the arguments of the i-th run.
	args func(i int) []string
	// edit makes edits[i] before the i-th run, or, for watch, while it
	// runs; the kill delay counts from the edit.
	edit bool
	// watch runs `vitrine watch`, whose work is done once it has
	// published after the edit.
	watch bool
	// creates names the project to which a finished i-th run adds a link.
	creates func(i int) string
}

var (
	killPublish = killTarget{name: "publish", args: func(int) []string { return []string{"publish"} }, edit: true}
	killCreate  = killTarget{
		name:    "link create",
		args:    func(i int) []string { return []string{"link", "create", slugs[i%len(slugs)]} },
		creates: func(i int) string { return slugs[i%len(slugs)] },
	}
	killWatch = killTarget{name: "watch", args: func(int) []string { return []string{"watch"} }, edit: true, watch: true}
)

// TestKill kills `vitrine publish` (to a folder and to S3), `vitrine link
// create` and `vitrine watch` with SIGKILL at random moments of their work.
// After each kill every links.yaml must be valid and hold the old or the
// new content, the next publish must make the storage exactly what the
// records want, and nothing may be left behind: no temporary file
// anywhere, no lock file in a project folder.
//
// The commands are killed side by side: each waits mostly for processes
// to start and end.
func TestKill(t *testing.T) {
	t.Parallel()
	t.Run("publish dir", func(t *testing.T) {
		t.Parallel()
		s := newSite(t, dirStorage, nil)
		killLoop(t, s, killPublish, func() objects { return folderObjects(t, s.path("public")) })
	})
	t.Run("publish s3", func(t *testing.T) {
		t.Parallel()
		srv := s3test.Start(t)
		bucket := srv.Bucket(t)
		s := newSite(t, s3Storage(bucket, srv.Endpoint), srv.Vars())
		killLoop(t, s, killPublish, func() objects { return bucketObjects(t, srv.Admin(), bucket) })
	})
	t.Run("link create", func(t *testing.T) {
		t.Parallel()
		s := newSite(t, dirStorage, nil)
		killLoop(t, s, killCreate, func() objects { return folderObjects(t, s.path("public")) })
	})
	t.Run("watch", func(t *testing.T) {
		t.Parallel()
		s := newSite(t, dirStorage, nil)
		killLoop(t, s, killWatch, func() objects { return folderObjects(t, s.path("public")) })
	})
}

// killLoop measures one undisturbed run of target, then runs it kills()
// times more, each killed after a random delay within that run time, and
// checks what each kill left.
func killLoop(t *testing.T, s *site, target killTarget, stored func() objects) {
	rng := newRand(t)
	s.must("publish")
	p, _ := s.startTarget(target, 0)
	span := p.finish(t)
	p.kill()
	if !target.watch && p.err != nil {
		t.Fatalf("vitrine %s: %v\n%s", target.name, p.err, p.stderr.String())
	}
	t.Logf("one run of %s takes %v; killing it %d times within that", target.name, span.Round(time.Millisecond), kills())
	finished := 0
	for i := 1; i <= kills() && !t.Failed(); i++ {
		delay := time.Duration(rng.Int64N(int64(span)))
		p, before := s.startTarget(target, i)
		time.Sleep(delay)
		p.kill()
		if p.done() {
			finished++
		}
		step := fmt.Sprintf("kill %d of %s %v after the start", i, target.name, delay.Round(time.Microsecond))
		if target.edit {
			step += fmt.Sprintf(" (edit: %s)", edits[i%len(edits)].name)
		}
		s.checkRecords(step, before, target.creates, i)
		if r := s.run("publish"); r.code != 0 {
			t.Errorf("%s: the next publish failed:\n%s", step, r)
		} else if d := s.stateDiff(stored()); d != "" {
			t.Errorf("%s: the next publish did not converge:\n%s", step, d)
		}
		if left := s.leftovers(); len(left) > 0 {
			t.Errorf("%s: left behind after the next publish:\n%s", step, strings.Join(left, "\n"))
		}
	}
	t.Logf("%d runs had finished their work when killed", finished)
}

// startTarget starts the i-th run of target, after its edit (for watch:
// once its first publish is done, and then makes the edit), and returns it
// with the content of every links.yaml from just before the command could
// change them.
func (s *site) startTarget(target killTarget, i int) (*proc, map[string]string) {
	s.t.Helper()
	edit := func() {
		if target.edit {
			edits[i%len(edits)].do(s)
		}
	}
	if target.watch {
		p := s.startProc(target.args(i)...)
		p.published = 1
		p.finish(s.t)
		p.published = 2
		edit()
		p.start = time.Now()
		return p, s.recordFiles()
	}
	edit()
	before := s.recordFiles()
	return s.startProc(target.args(i)...), before
}

// proc is a running vitrine command.
type proc struct {
	cmd            *exec.Cmd
	start          time.Time
	stdout, stderr syncbuf.Buffer
	exited         chan struct{}
	err            error // of Wait, once exited is closed
	// published, when set, is the number of finished publishes after
	// which a `vitrine watch` has done its work.
	published int
}

// startProc starts vitrine with args in the site folder.
func (s *site) startProc(args ...string) *proc {
	s.t.Helper()
	p := &proc{exited: make(chan struct{})}
	p.cmd = exec.Command(vitrineBin, args...)
	p.cmd.Dir = s.dir
	p.cmd.Env = append(os.Environ(), s.env...)
	p.cmd.Stdout, p.cmd.Stderr = &p.stdout, &p.stderr
	if err := p.cmd.Start(); err != nil {
		s.t.Fatal(err)
	}
	p.start = time.Now()
	go func() {
		p.err = p.cmd.Wait()
		close(p.exited)
	}()
	s.t.Cleanup(p.kill)
	return p
}

// patience bounds the wait for a command to do its work, far beyond what
// the demo records take even on a busy machine.
const patience = time.Minute

// finish waits until the command has done its work (exited, or for watch,
// published often enough) and returns the time since it started.
func (p *proc) finish(tb testing.TB) time.Duration {
	tb.Helper()
	deadline := time.After(patience)
	for {
		select {
		case <-p.exited:
			if p.published == 0 {
				return time.Since(p.start)
			}
			tb.Fatalf("vitrine %s exited: %v\n%s\n%s", p.cmd.Args[1:], p.err, p.stdout.String(), p.stderr.String())
		case <-deadline:
			tb.Fatalf("vitrine %s did not finish within %v\n%s\n%s", p.cmd.Args[1:], patience, p.stdout.String(), p.stderr.String())
		case <-time.After(5 * time.Millisecond):
			if p.published > 0 && p.done() {
				return time.Since(p.start)
			}
		}
	}
}

// done reports whether the command has done its work: a watch has
// published often enough, another command has exited with status 0.
func (p *proc) done() bool {
	if p.published > 0 {
		return strings.Count(p.stdout.String(), "Published to") >= p.published
	}
	select {
	case <-p.exited:
		return p.err == nil
	default:
		return false
	}
}

// kill sends SIGKILL and waits for the process to end.
func (p *proc) kill() {
	_ = p.cmd.Process.Kill() // fails harmlessly once the process has exited
	<-p.exited
}

// recordFiles reads every links.yaml of the site.
func (s *site) recordFiles() map[string]string {
	s.t.Helper()
	files, err := filepath.Glob(s.path("site/projects/*/links.yaml"))
	if err != nil {
		s.t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			s.t.Fatal(err)
		}
		out[f] = string(b)
	}
	return out
}

// checkRecords checks after a kill that the records are valid and that
// every links.yaml holds what it held before, or, in the project to which
// a finished run adds a link, the same links and one more.
func (s *site) checkRecords(step string, before map[string]string, creates func(int) string, i int) {
	s.t.Helper()
	after := s.recordFiles()
	// Each command starts on valid records, so only a changed file can
	// have broken them.
	if !maps.Equal(before, after) {
		if r := s.run("check"); r.code != 0 {
			s.t.Errorf("%s: check fails on the records:\n%s", step, r)
		}
	}
	if !slices.Equal(slices.Sorted(maps.Keys(before)), slices.Sorted(maps.Keys(after))) {
		s.t.Errorf("%s: the links.yaml files changed from %v to %v", step, slices.Sorted(maps.Keys(before)), slices.Sorted(maps.Keys(after)))
		return
	}
	for f, old := range before {
		if after[f] == old {
			continue
		}
		if creates == nil || creates(i) != filepath.Base(filepath.Dir(f)) {
			s.t.Errorf("%s: %s changed:\n--- before\n%s\n--- after\n%s", step, f, old, after[f])
		} else if n := addedLinks(old, after[f]); n != 1 {
			s.t.Errorf("%s: %s is neither the old content nor the old links and one new one (%d added):\n--- before\n%s\n--- after\n%s", step, f, n, old, after[f])
		}
	}
}

// addedLinks returns how many link ids next lists that old does not, or
// -1 when next lacks one of old's.
func addedLinks(old, next string) int {
	ids := func(text string) map[string]bool {
		out := map[string]bool{}
		for _, line := range strings.Split(text, "\n") {
			if id, ok := strings.CutPrefix(strings.TrimSpace(line), "- id: "); ok {
				out[id] = true
			}
		}
		return out
	}
	o, n := ids(old), ids(next)
	for id := range o {
		if !n[id] {
			return -1
		}
	}
	return len(n) - len(o)
}
