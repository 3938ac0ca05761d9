package site_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/publish"
	"github.com/vitrine/vitrine/internal/site"
	"github.com/vitrine/vitrine/internal/site/sitetest"
	"github.com/vitrine/vitrine/internal/storage/dir"
)

// TestALinkIDBelongsToOneProject: a project folder copied with its
// hand-written links.yaml (no project: line) claims the original's ids.
// Neither project publishes them (their stored pages stay, so the
// original customer keeps the page and never sees the copy's data), and
// the problem names both files. Once the copy's entry is deactivated,
// the id is deactivated for the original as well: a deactivated id never
// comes back in any project.
func TestALinkIDBelongsToOneProject(t *testing.T) {
	c := copyLinks(t, func(text string) string { return text })
	orig, copied, id, data := c.orig, c.copied, c.id, c.data
	open := func() (*site.Site, error) {
		cfg, err := config.Load(filepath.Join(c.folder, "config.yaml"))
		if err != nil {
			t.Fatal(err)
		}
		return site.Open(cfg)
	}
	s, err := open()
	if !problem.Is(err) || !strings.Contains(err.Error(), copied) || !strings.Contains(err.Error(), orig) {
		t.Fatalf("Open = %v, want a problem naming both files", err)
	}
	if r := record(s, id); !r.Active || !r.Keep {
		t.Fatalf("record of the shared id = %+v, want it kept as stored", r)
	}
	if ids := s.Active(testNow); strings.Contains(strings.Join(ids, " "), id) {
		t.Fatalf("Active = %q: the shared id would be rendered", ids)
	}

	// The copy's entry deactivated by hand, as the office would after
	// reading the message: the id is now revoked for both projects.
	text := strings.Replace(deactivateFirst(string(data)), "revoked: []", "revoked: ["+id+"]", 1)
	sitetest.WriteFile(t, copied, text)
	s, err = open()
	if !problem.Is(err) || !strings.Contains(err.Error(), "was deactivated in "+copied) {
		t.Fatalf("Open = %v, want the original's entry refused as deactivated elsewhere", err)
	}
	if r := record(s, id); r.Active || r.Reason != publish.ReasonDeactivated {
		t.Fatalf("record = %+v, want deactivated", r)
	}
}

// copied is a site of two projects whose second project's links.yaml is a
// copy of the first's, edited.
type copied struct {
	folder, orig, copied, id string
	data                     []byte // the original links.yaml
}

// copyLinks writes a site of two projects and gives the second project the
// first one's links.yaml, changed by edit, as a hand-copied folder has it.
func copyLinks(t *testing.T, edit func(string) string) copied {
	t.Helper()
	c := copied{folder: t.TempDir()}
	ids := sitetest.Write(t, c.folder, sitetest.Options{Projects: 2})
	projects := filepath.Join(c.folder, "site", "projects")
	c.orig, c.copied = filepath.Join(projects, sitetest.Slug(0), "links.yaml"), filepath.Join(projects, sitetest.Slug(1), "links.yaml")
	c.id = ids[sitetest.Slug(0)][0]
	var err error
	if c.data, err = os.ReadFile(c.orig); err != nil {
		t.Fatal(err)
	}
	sitetest.WriteFile(t, c.copied, edit(string(c.data)))
	return c
}

// deactivateFirst marks the first entry of a links.yaml deactivated, as a
// hand edit would, without touching its revoked list.
func deactivateFirst(text string) string {
	return strings.Replace(text, "    created:", "    deactivated: 2026-11-03T08:00:00Z\n    created:", 1)
}

func record(s *site.Site, id string) publish.Record {
	for _, r := range s.Records(testNow) {
		if r.ID == id {
			return r
		}
	}
	return publish.Record{}
}

// TestDeactivatedEntryElsewhereWithoutRevokedList: a hand-edited copy that
// marks the id deactivated: but left revoked: [] as it was still revokes
// the id everywhere; the active entry in the other project is refused and
// its page is not published.
func TestDeactivatedEntryElsewhereWithoutRevokedList(t *testing.T) {
	c := copyLinks(t, deactivateFirst)
	copied, id := c.copied, c.id
	s := openSiteAllowingProblems(t, c.folder)
	if r := record(s, id); r.Active {
		t.Fatalf("record = %+v, want the id deactivated", r)
	}
	out := t.TempDir()
	if _, err := s.Publish(context.Background(), dir.New(out), site.PublishOptions{Now: testNow}); !problem.Is(err) || !strings.Contains(err.Error(), "was deactivated in "+copied) {
		t.Fatalf("Publish = %v, want the active entry refused", err)
	}
	if _, err := os.Stat(filepath.Join(out, "p", id, "index.html")); err == nil {
		t.Fatal("the page of a deactivated id was published")
	}
}

// openSiteAllowingProblems opens the site in folder, which may have
// problems in its records.
func openSiteAllowingProblems(t *testing.T, folder string) *site.Site {
	t.Helper()
	cfg, err := config.Load(filepath.Join(folder, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := site.Open(cfg)
	if err != nil && !problem.Is(err) {
		t.Fatal(err)
	}
	return s
}
