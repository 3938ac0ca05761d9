package safefile

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWrite runs the same checks on Write and WriteSync, which share all
// but the syncing.
func TestWrite(t *testing.T) {
	for name, fn := range map[string]func(context.Context, string, os.FileMode, func(io.Writer) error) error{
		"Write": Write, "WriteSync": WriteSync,
	} {
		t.Run(name, func(t *testing.T) { testWrite(t, fn) })
	}
}

func testWrite(t *testing.T, writeFile func(context.Context, string, os.FileMode, func(io.Writer) error) error) {
	dir := t.TempDir()
	name := filepath.Join(dir, "f.txt")
	write := func(text string, fail error) error {
		return writeFile(context.Background(), name, 0o640, func(w io.Writer) error {
			if _, err := io.WriteString(w, text); err != nil {
				return err
			}
			return fail
		})
	}
	if err := write("old", nil); err != nil {
		t.Fatal(err)
	}
	refused := errors.New("hash does not match")
	if err := write("new", refused); !errors.Is(err, refused) {
		t.Fatalf("Write = %v, want the error of write", err)
	}
	b, err := os.ReadFile(name)
	if err != nil || string(b) != "old" {
		t.Fatalf("after a failed write the file holds %q (%v), want the old content", b, err)
	}
	if info, err := os.Stat(name); err != nil || info.Mode().Perm() != 0o640 {
		t.Fatalf("mode %v (%v), want 0640", info.Mode(), err)
	}
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) != 1 {
		t.Fatalf("the folder holds %v (%v), want only f.txt", entries, err)
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	if err := writeFile(cancelled, name, 0o640, func(w io.Writer) error { return nil }); !errors.Is(err, context.Canceled) {
		t.Fatalf("write with a cancelled context = %v", err)
	}
	if err := writeFile(context.Background(), filepath.Join(dir, "missing", "f"), 0o644, func(io.Writer) error { return nil }); err == nil {
		t.Fatal("write into a missing folder succeeded")
	}
}

// TestTempName checks that the temporary file is short, whatever the
// target's name, so that a name of 250 bytes can be written, and that
// IsTemp knows it.
func TestTempName(t *testing.T) {
	dir := t.TempDir()
	name := filepath.Join(dir, strings.Repeat("ä", 124)+".pdf") // 252 bytes
	var temps []string
	err := WriteSync(context.Background(), name, 0o644, func(w io.Writer) error {
		entries, err := os.ReadDir(dir)
		for _, e := range entries {
			temps = append(temps, e.Name())
		}
		return err
	})
	if err != nil {
		t.Fatalf("write of a 252-byte name: %v", err)
	}
	if len(temps) != 1 || len(temps[0]) > 24 || !IsTemp(temps[0]) {
		t.Fatalf("while writing, the folder holds %q, want one temporary file of at most 24 bytes that IsTemp knows", temps)
	}
	if _, err := os.Stat(name); err != nil {
		t.Fatal(err)
	}
}

func TestIsTemp(t *testing.T) {
	for name, want := range map[string]bool{
		".vt-123.tmp":                       true,
		".vt-4294967295.tmp":                true,
		"/site/p/a/.vt-7.tmp":               true,
		".f.txt.123.safefile-tmp":           true, // left by earlier versions
		"site/p/.links.yaml.9.safefile-tmp": true,
		"f.txt":                             false,
		".vt-.tmp":                          false,
		".vt-12a.tmp":                       false,
		"vt-123.tmp":                        false,
		".vt-123.tmp/index.html":            false,
	} {
		if got := IsTemp(name); got != want {
			t.Errorf("IsTemp(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestLink checks that Link replaces a file by a hard link only when check
// accepts what the link shows, and leaves no temporary name either way.
func TestLink(t *testing.T) {
	dir := t.TempDir()
	src, name := filepath.Join(dir, "src"), filepath.Join(dir, "name")
	for p, text := range map[string]string{src: "new", name: "old"} {
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	refuse := errors.New("refused")
	err := Link(context.Background(), src, name, func(r io.Reader) error {
		if b, _ := io.ReadAll(r); string(b) != "new" {
			t.Errorf("check read %q, want the content of src", b)
		}
		return refuse
	})
	if !errors.Is(err, refuse) {
		t.Errorf("Link = %v, want the check's error", err)
	}
	if b, _ := os.ReadFile(name); string(b) != "old" {
		t.Errorf("refused Link changed name to %q", b)
	}
	for range 2 { // the second time, name is src already
		if err := Link(context.Background(), src, name, func(io.Reader) error { return nil }); err != nil {
			t.Fatal(err)
		}
		a, _ := os.Stat(src)
		b, _ := os.Stat(name)
		if !os.SameFile(a, b) {
			t.Error("name is not a link to src")
		}
	}
	// A symbolic link as src is never linked in: name would become one.
	sym := filepath.Join(dir, "sym")
	if err := os.Symlink(src, sym); err != nil {
		t.Fatal(err)
	}
	if err := Link(context.Background(), sym, name, func(io.Reader) error { return nil }); err == nil {
		t.Error("a symbolic link was linked in")
	}
	if info, err := os.Lstat(name); err != nil || !info.Mode().IsRegular() {
		t.Errorf("name is %v, %v after linking a symbolic link", info, err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 3 {
		t.Errorf("folder holds %d entries, want src, name and sym", len(entries))
	}
}
