package site_test

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/vitrine/vitrine/internal/site/sitetest"
)

// TestSwappedInLinkIsNotPublished: a document is streamed from the project
// folder only when it is uploaded, after the records were checked. A file
// replaced by a symbolic link to project.yaml in between (it stays inside
// the folder, so os.Root alone would follow it) must not publish the
// internal block.
func TestSwappedInLinkIsNotPublished(t *testing.T) {
	folder := t.TempDir()
	ids := sitetest.Write(t, folder, sitetest.Options{Projects: 1})
	slug := sitetest.Slug(0)
	proj := filepath.Join(folder, "site", "projects", slug)
	sitetest.WriteFile(t, filepath.Join(proj, "files", "Angebot.pdf"), "%PDF-1.4 Angebot")
	files, err := build(t, openSite(t, folder)).Render(context.Background(), ids[slug][0])
	if err != nil {
		t.Fatal(err)
	}
	doc := -1
	for i, f := range files {
		if f.Path == "files/Angebot.pdf" {
			doc = i
		}
	}
	if doc < 0 || files[doc].Open == nil {
		t.Fatalf("the document is not streamed from the folder: %+v", files)
	}
	if rc, err := files[doc].Open(); err != nil {
		t.Fatalf("the document cannot be read before the swap: %v", err)
	} else {
		rc.Close()
	}

	name := filepath.Join(proj, "files", "Angebot.pdf")
	if err := os.Remove(name); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join("..", "project.yaml"), name); err != nil {
		t.Fatal(err)
	}
	rc, err := files[doc].Open()
	if err == nil {
		b, _ := io.ReadAll(rc)
		rc.Close()
		t.Fatalf("a symbolic link swapped in was followed; it would publish %q", b)
	}
}
