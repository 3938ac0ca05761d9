package browsertest

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"testing"
	"time"

	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/project"
	"github.com/vitrine/vitrine/internal/syncbuf"
)

// patience bounds every wait for the desk or a publish: far beyond what the
// demo takes on a busy machine, so that it only ends a test that hangs.
const patience = time.Minute

// buildVitrine builds the command into a temporary folder: the desk test
// drives the real binary, as the office starts it.
func buildVitrine(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "vitrine")
	out, err := exec.Command("go", "build", "-o", bin, "github.com/vitrine/vitrine/cmd/vitrine").CombinedOutput()
	if err != nil {
		t.Fatalf("build vitrine: %v\n%s", err, out)
	}
	return bin
}

// desk is a running `vitrine desk` on a copy of the demo records, which
// publishes into the folder public/ beside them.
type desk struct {
	t    *testing.T
	cfg  *config.Config
	url  string // where the desk listens, ending in "/"
	cmd  *exec.Cmd
	out  syncbuf.Buffer // stdout and stderr, for failure messages
	exit chan error     // receives Wait's result once the process ended
}

// deskURL is the line the desk prints once it listens.
var deskURL = regexp.MustCompile(`Desk: (http://127\.0\.0\.1:\d+/)`)

// startDesk copies the demo into a temporary folder and starts the desk on
// a free port; the desk is stopped with an interrupt when the test ends and
// must then exit cleanly.
func startDesk(t *testing.T, bin string) *desk {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "site"), os.DirFS(filepath.Join(root, "site"))); err != nil {
		t.Fatal(err)
	}
	conf, err := os.ReadFile(filepath.Join(root, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), conf, 0o644); err != nil {
		t.Fatal(err)
	}
	cfg, err := config.Load(filepath.Join(dir, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Storage.Type != "dir" {
		t.Fatalf("the demo's storage is %q: the desk test reads the published pages from a folder", cfg.Storage.Type)
	}
	d := &desk{t: t, cfg: cfg, exit: make(chan error, 1)}
	d.cmd = exec.Command(bin, "--config", filepath.Join(dir, "config.yaml"), "desk", "--addr", "127.0.0.1:0")
	d.cmd.Dir = dir
	d.cmd.Stderr = &d.out
	stdout, err := d.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := d.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	found := make(chan string, 1)
	go func() {
		lines, sent := bufio.NewScanner(stdout), false
		for lines.Scan() {
			fmt.Fprintln(&d.out, lines.Text())
			if m := deskURL.FindStringSubmatch(lines.Text()); m != nil && !sent {
				found <- m[1]
				sent = true
			}
		}
		d.exit <- d.cmd.Wait()
	}()
	select {
	case d.url = <-found:
	case err := <-d.exit:
		t.Fatalf("vitrine desk exited before it listened: %v\n%s", err, d.out.String())
	case <-time.After(patience):
		d.cmd.Process.Kill()
		t.Fatalf("vitrine desk did not print %q within %v\n%s", "Desk: http://…", patience, d.out.String())
	}
	t.Cleanup(d.stop)
	return d
}

// stop interrupts the desk, as Ctrl-C does, and checks that it ends cleanly.
func (d *desk) stop() {
	if err := d.cmd.Process.Signal(os.Interrupt); err != nil {
		d.t.Errorf("interrupt the desk: %v", err)
	}
	select {
	case err := <-d.exit:
		if err != nil {
			d.t.Errorf("the desk did not end cleanly on an interrupt: %v\n%s", err, d.out.String())
		}
	case <-time.After(patience):
		d.cmd.Process.Kill()
		d.t.Errorf("the desk did not end within %v of an interrupt\n%s", patience, d.out.String())
	}
}

// publicURL is the address customers open for the link.
func (d *desk) publicURL(id string) string {
	return d.cfg.BaseURL + "/" + d.cfg.Prefix + "/" + id + "/"
}

// storageDir is the folder the desk publishes into.
func (d *desk) storageDir() string {
	if filepath.IsAbs(d.cfg.Storage.Dir) {
		return d.cfg.Storage.Dir
	}
	return filepath.Join(d.cfg.Dir, d.cfg.Storage.Dir)
}

// pageFile is the published page of the link.
func (d *desk) pageFile(id string) string {
	return filepath.Join(d.storageDir(), d.cfg.Prefix, id, "index.html")
}

// published returns the link's published page, or nil when there is none.
func (d *desk) published(id string) []byte {
	b, err := os.ReadFile(d.pageFile(id))
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		d.t.Fatal(err)
	}
	return b
}

// link returns the link as links.yaml of the project holds it now.
func (d *desk) link(slug, id string) *links.Link {
	d.t.Helper()
	f, err := links.Load(filepath.Join(d.cfg.Dir, d.cfg.Content, "projects", slug, "links.yaml"))
	if err != nil {
		d.t.Fatal(err)
	}
	l := f.Find(id)
	if l == nil {
		d.t.Fatalf("links.yaml of %s has no link %s", slug, id)
	}
	return l
}

// defaults returns the sections a new link starts with.
func (d *desk) defaults() []project.Section {
	d.t.Helper()
	s, err := project.ParseSections(d.cfg.Defaults.Sections)
	if err != nil {
		d.t.Fatal(err)
	}
	return s
}

// eventually waits until cond holds, failing the test with what when it
// does not hold within patience. The conditions are states the desk
// reaches (a file written, a page published), not durations.
func eventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(patience)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, patience)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// without returns the sections of all except the ones named.
func without(all []project.Section, drop ...project.Section) []project.Section {
	return slices.DeleteFunc(slices.Clone(all), func(s project.Section) bool { return slices.Contains(drop, s) })
}
