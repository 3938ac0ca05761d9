package links

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitrine/vitrine/internal/safefile"
)

// TestLoadRefusesCopiedFile is case 7 of issue 8: a links.yaml copied with
// its project folder must not publish the new project's data under the
// links of the old one.
func TestLoadRefusesCopiedFile(t *testing.T) {
	root := t.TempDir()
	orig := filepath.Join(root, "bad-mueller", "links.yaml")
	copied := filepath.Join(root, "neu", "links.yaml")
	for _, dir := range []string{filepath.Dir(orig), filepath.Dir(copied)} {
		if err := os.Mkdir(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(orig, []byte(canonical), 0o644); err != nil {
		t.Fatal(err)
	}
	// Any change binds the file to its folder.
	if err := Update(context.Background(), filepath.Join(root, "records.lock"), orig, t0, time.UTC, func(f *File) error {
		return f.Deactivate(id1, t0)
	}); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(orig)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "\nproject: bad-mueller\nlinks:\n") {
		t.Fatalf("Update did not write the project:\n%s", data)
	}
	if _, err := Load(orig); err != nil {
		t.Errorf("the original: %v", err)
	}

	if err := os.WriteFile(copied, data, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err = Load(copied)
	p := firstProblem(err)
	if p == nil {
		t.Fatalf("Load(copy) = %v, want a problem", err)
	}
	for _, want := range []string{
		copied + ":4: project: ",
		`this file belongs to project "bad-mueller" but lies in folder "neu"`,
		"delete " + copied, "vitrine link create neu",
	} {
		if !strings.Contains(p.Error(), want) {
			t.Errorf("problem %q lacks %q", p, want)
		}
	}
	// Nor can a change go through the copy.
	err = Update(context.Background(), filepath.Join(root, "records.lock"), copied, t0, time.UTC, func(*File) error {
		t.Error("fn ran on a copied file")
		return nil
	})
	if firstProblem(err) == nil {
		t.Errorf("Update(copy) = %v, want the problem", err)
	}
}

// TestUpdateRemovesLeftovers is the records part of case 13: lock files of
// earlier versions and temporary files of crashed writes go, the user's
// files and the lock held stay.
func TestUpdateRemovesLeftovers(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "links.yaml")
	held := filepath.Join(dir, "held.lock") // a lock in the folder, as in old tests
	leftovers := []string{"links.yaml.lock", ".vt-123456.tmp", ".links.yaml.987.safefile-tmp"}
	kept := []string{"project.yaml", "notes.tmp", "held.lock"}
	for _, name := range append(leftovers, kept...) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range leftovers[1:] {
		if !safefile.IsTemp(name) {
			t.Fatalf("%s is no temporary name of safefile; update this test", name)
		}
	}
	if err := Update(context.Background(), held, path, t0, time.UTC, func(f *File) error {
		_, err := f.Create(CreateOptions{Locale: "de"}, t0, time.UTC)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	for _, name := range leftovers {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("%s is still there", name)
		}
	}
	for _, name := range append(kept, "links.yaml") {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
}
