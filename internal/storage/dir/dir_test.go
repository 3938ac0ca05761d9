package dir_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/storage"
	"github.com/vitrine/vitrine/internal/storage/dir"
	"github.com/vitrine/vitrine/internal/storage/storagetest"
)

func TestConformance(t *testing.T) {
	storagetest.Run(t, func(t *testing.T) storage.Store { return dir.New(t.TempDir()) })
}

func TestDeleteRemovesEmptyFolders(t *testing.T) {
	root := t.TempDir()
	s := dir.New(root)
	ctx := context.Background()
	for _, k := range []string{"p/a/photos/x.jpg", "p/a/index.html", "p/b/index.html"} {
		if err := s.Put(ctx, k, strings.NewReader(k), storage.Meta{}); err != nil {
			t.Fatal(err)
		}
	}
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

func TestListIgnoresTempFilesAndSymlinks(t *testing.T) {
	root := t.TempDir()
	if err := os.MkdirAll(filepath.Join(root, "p", "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "p", "a", ".index.html.123.safefile-tmp"), []byte("torn"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink("/etc/passwd", filepath.Join(root, "p", "a", "link")); err != nil {
		t.Fatal(err)
	}
	l, err := dir.New(root).List(context.Background(), "p/")
	if err != nil {
		t.Fatal(err)
	}
	if len(l) != 0 {
		t.Fatalf("List = %+v, want nothing", l)
	}
}
