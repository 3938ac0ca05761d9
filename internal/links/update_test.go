package links

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/vitrine/vitrine/internal/lockfile"
	"github.com/vitrine/vitrine/internal/problem"
)

func writeCanonical(t *testing.T) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "links.yaml")
	if err := os.WriteFile(path, []byte(canonical), 0o640); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestUpdateWrites(t *testing.T) {
	path := writeCanonical(t)
	var id string
	err := Update(context.Background(), path+".lock", path, t0, time.UTC, func(f *File) error {
		l, err := f.Create(CreateOptions{Label: "Architekt", Locale: "de"}, t0, time.UTC)
		id = l.ID
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	f, err := Load(path)
	if err != nil || len(f.Links) != 3 || f.Find(id) == nil {
		t.Fatalf("after Update: %+v, %v", f, err)
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o640 {
		t.Errorf("mode = %v, want the old 0640", fi.Mode().Perm())
	}
	if tmp, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".links.yaml.*")); len(tmp) > 0 {
		t.Errorf("temporary files left: %v", tmp)
	}
}

// TestUpdateWritesNothing checks every case in which the file must stay as
// it is, byte for byte and without being replaced.
func TestUpdateWritesNothing(t *testing.T) {
	errFn := errors.New("fn failed")
	tests := []struct {
		name string
		fn   func(*File) error
		want func(error) bool
	}{
		{"no change", func(*File) error { return nil }, isNil},
		{"fn error after a change", func(f *File) error {
			f.Create(CreateOptions{Locale: "de"}, t0, time.UTC)
			return errFn
		}, is(errFn)},
		{"invalid result", func(f *File) error { f.Links[0].Locale = "fr"; return nil }, problem.Is},
		{"deactivated entry changed", func(f *File) error { f.Links[1].Label = "neu"; return nil }, is(ErrDeactivated)},
		{"deactivated entry reactivated", func(f *File) error { f.Links[1].Deactivated = nil; return nil }, is(ErrDeactivated)},
		{"deactivate twice", func(f *File) error { return f.Deactivate(id2, t0) }, is(ErrAlreadyDeactivated)},
		{"revoked shortened", func(f *File) error { f.Revoked = nil; return nil }, isNil},
	}
	for _, tt := range tests {
		path := writeCanonical(t)
		before, _ := os.Stat(path)
		if err := Update(context.Background(), path+".lock", path, t0, time.UTC, tt.fn); !tt.want(err) {
			t.Errorf("%s: unexpected Update error %v", tt.name, err)
		}
		data, _ := os.ReadFile(path)
		after, _ := os.Stat(path)
		if string(data) != canonical || !os.SameFile(before, after) {
			t.Errorf("%s: file was rewritten:\n%s", tt.name, data)
		}
	}
}

func isNil(err error) bool { return err == nil }

func is(target error) func(error) bool {
	return func(err error) bool { return errors.Is(err, target) }
}

func TestUpdateKeepsRevokedOfRemovedLink(t *testing.T) {
	path := writeCanonical(t)
	err := Update(context.Background(), path+".lock", path, t0, time.UTC, func(f *File) error {
		f.Links, f.Revoked = f.Links[:1], nil // remove the deactivated entry
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	f, _ := Load(path)
	if len(f.Links) != 1 || len(f.Revoked) != 1 || f.Revoked[0] != id2 {
		t.Errorf("links %d, revoked %v; want 1 link and [%s]", len(f.Links), f.Revoked, id2)
	}
}

func TestUpdateHonoursContext(t *testing.T) {
	path := writeCanonical(t)
	unlock, err := lockfile.Lock(context.Background(), path+".lock")
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err = Update(ctx, path+".lock", path, t0, time.UTC, func(*File) error { t.Error("fn ran without the lock"); return nil })
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Update with the lock held = %v, want DeadlineExceeded", err)
	}
}

const writers = 20

func createOne(path string) error {
	return Update(context.Background(), path+".lock", path, t0, time.UTC, func(f *File) error {
		_, err := f.Create(CreateOptions{Locale: "de"}, t0, time.UTC)
		return err
	})
}

func checkAllCreated(t *testing.T, path string) {
	t.Helper()
	f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Links) != writers {
		t.Errorf("%d links after %d concurrent creates", len(f.Links), writers)
	}
}

func TestUpdateConcurrentGoroutines(t *testing.T) {
	path := filepath.Join(t.TempDir(), "links.yaml")
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for range writers {
		wg.Go(func() { errs <- createOne(path) })
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	checkAllCreated(t, path)
}

// TestUpdateConcurrentProcesses runs the test binary again as writers
// (with the environment variable below set), because the lock must hold
// between processes, not only between goroutines.
func TestUpdateConcurrentProcesses(t *testing.T) {
	const env = "VITRINE_LINKS_TEST_WRITER"
	if dir := os.Getenv(env); dir != "" {
		// Wait for the start signal, so that the writers really overlap.
		for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
			if _, err := os.Stat(filepath.Join(dir, "go")); err == nil {
				break
			}
		}
		if err := createOne(filepath.Join(dir, "links.yaml")); err != nil {
			t.Fatal(err)
		}
		return
	}
	if testing.Short() {
		t.Skip("starts processes")
	}
	dir := t.TempDir()
	cmds := make([]*exec.Cmd, writers)
	outs := make([]bytes.Buffer, writers)
	for i := range cmds {
		cmds[i] = exec.Command(os.Args[0], "-test.run=^TestUpdateConcurrentProcesses$", "-test.count=1")
		cmds[i].Env = append(os.Environ(), env+"="+dir)
		cmds[i].Stdout, cmds[i].Stderr = &outs[i], &outs[i]
		if err := cmds[i].Start(); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "go"), nil, 0o644); err != nil {
		t.Fatal(err)
	}
	for i, cmd := range cmds {
		if err := cmd.Wait(); err != nil {
			t.Errorf("writer %d: %v\n%s", i, err, outs[i].String())
		}
	}
	checkAllCreated(t, filepath.Join(dir, "links.yaml"))
}

// TestUpdateKeepsLineEnds checks that a links.yaml saved on Windows
// (CRLF, often with a byte order mark) is read and written back with CRLF
// and without the mark, and that every other file is written with LF.
func TestUpdateKeepsLineEnds(t *testing.T) {
	crlf := strings.ReplaceAll(canonical, "\n", "\r\n")
	tests := []struct {
		name, in string
		crlf     bool
	}{
		{"CRLF", crlf, true},
		{"CRLF with byte order mark", "\ufeff" + crlf, true},
		{"LF", canonical, false},
		{"no line break", "links: []", false},
		{"empty", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "links.yaml")
			if err := os.WriteFile(path, []byte(tt.in), 0o644); err != nil {
				t.Fatal(err)
			}
			err := Update(context.Background(), path+".lock", path, t0, time.UTC, func(f *File) error {
				_, err := f.Create(CreateOptions{Label: "Architekt", Locale: "de"}, t0, time.UTC)
				return err
			})
			if err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			lf := bytes.Count(data, []byte("\n"))
			switch crlfs := bytes.Count(data, []byte("\r\n")); {
			case tt.crlf && crlfs != lf:
				t.Errorf("%d of %d lines end in CRLF, want all:\n%q", crlfs, lf, data)
			case !tt.crlf && bytes.ContainsRune(data, '\r'):
				t.Errorf("CR written into a file that had none:\n%q", data)
			}
			if bytes.HasPrefix(data, []byte("\ufeff")) {
				t.Error("byte order mark written")
			}
			f, err := Load(path)
			if err != nil {
				t.Fatal(err)
			}
			if got := f.Links[len(f.Links)-1].Label; got != "Architekt" {
				t.Errorf("last link is %q, want the new one", got)
			}
		})
	}
}

// TestUpdateLeavesCRLFAlone checks that a CRLF file whose links did not
// change is not rewritten: its style is not a change.
func TestUpdateLeavesCRLFAlone(t *testing.T) {
	crlf := "\ufeff" + strings.ReplaceAll(canonical, "\n", "\r\n")
	path := filepath.Join(t.TempDir(), "links.yaml")
	if err := os.WriteFile(path, []byte(crlf), 0o644); err != nil {
		t.Fatal(err)
	}
	before, _ := os.Stat(path)
	if err := Update(context.Background(), path+".lock", path, t0, time.UTC, func(*File) error { return nil }); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	after, _ := os.Stat(path)
	if string(data) != crlf || !os.SameFile(before, after) {
		t.Errorf("file was rewritten:\n%q", data)
	}
}
