package site_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/site"
	"github.com/vitrine/vitrine/internal/site/sitetest"
)

// Ids made to share starts: the first two their first 35 characters, the
// third 7 with them, and the first and the fourth the first 8 (so that
// the fourth's short form must go past the dash).
const (
	idTwinA = "0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e21"
	idTwinB = "0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e22"
	idNear  = "0b6c1f5f-4a53-4f0e-9a3c-3c1d5f1f7e21"
	idDash  = "0b6c1f5e-5a53-4f0e-9a3c-3c1d5f1f7e21"
	idAlone = "7d2e9a10-1b2c-4d3e-8f40-5a6b7c8d9e0f"
)

// resolveSite is a site whose two projects hold the ids above, the last
// one deactivated.
func resolveSite(t *testing.T) *site.Site {
	t.Helper()
	folder := t.TempDir()
	sitetest.Write(t, folder, sitetest.Options{Projects: 2})
	projects := filepath.Join(folder, "site", "projects")
	entry := func(id, label, extra string) string {
		return fmt.Sprintf("  - id: %s\n    label: %s\n    created: 2026-11-02T09:15:00Z\n    locale: de\n    sections: [overview]\n%s", id, label, extra)
	}
	sitetest.WriteFile(t, filepath.Join(projects, sitetest.Slug(0), "links.yaml"),
		"links:\n"+entry(idTwinA, "Familie Müller", "")+entry(idNear, "Architekt", "")+"revoked: []\n")
	sitetest.WriteFile(t, filepath.Join(projects, sitetest.Slug(1), "links.yaml"),
		"links:\n"+entry(idTwinB, "Hausverwaltung", "")+entry(idDash, "Bauleiter", "")+
			entry(idAlone, "Alt", "    deactivated: 2026-11-20T08:00:00Z\n")+"revoked: ["+idAlone+"]\n")
	return openSite(t, folder)
}

func TestResolve(t *testing.T) {
	s := resolveSite(t)
	cfg := s.Config
	for _, c := range []struct{ arg, want, project string }{
		{idTwinA, idTwinA, sitetest.Slug(0)},
		{strings.ToUpper(idTwinB), idTwinB, sitetest.Slug(1)},
		{"0b6c1f5f", idNear, sitetest.Slug(0)},
		{"0b6c1f5e-5", idDash, sitetest.Slug(1)},
		{"7d2e9a10", idAlone, sitetest.Slug(1)}, // deactivated links resolve too
		{cfg.LinkURL(idTwinA), idTwinA, sitetest.Slug(0)},
		{" <" + cfg.LinkURL(idNear) + "> ", idNear, sitetest.Slug(0)},
		{cfg.LinkURL(idDash) + "index.html#zeiten", idDash, sitetest.Slug(1)},
		{"https://cdn.example.net/" + cfg.Prefix + "/" + idAlone + "/times.csv", idAlone, sitetest.Slug(1)},
		{strings.TrimSuffix(cfg.LinkURL(idNear), "/")[:len(cfg.LinkURL(idNear))-20], idNear, sitetest.Slug(0)}, // a URL cut short in a mail
	} {
		p, l, err := s.Resolve(c.arg)
		if err != nil {
			t.Errorf("Resolve(%q): %v", c.arg, err)
			continue
		}
		if l.ID != c.want || p.Slug != c.project {
			t.Errorf("Resolve(%q) = %s in %s, want %s in %s", c.arg, l.ID, p.Slug, c.want, c.project)
		}
	}
	for _, c := range []struct {
		arg  string
		want []string
	}{
		{"0b6c1f5e", []string{"3 links", idTwinA, idTwinB, idDash, `"Familie Müller"`, sitetest.Slug(1), "more characters"}},
		{"0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e2", []string{"2 links", idTwinA, idTwinB}},
		{"0b6c1f5", []string{"too short", "at least the first 8"}},
		{"ffffffff", []string{"no link ffffffff"}},
		{"Familie Müller", []string{"not a link id"}},
		{"https://projekte.example.de/x/" + idTwinA + "/", []string{"not the URL of a link", "folder " + cfg.Prefix + "/"}},
	} {
		_, _, err := s.Resolve(c.arg)
		if err == nil {
			t.Errorf("Resolve(%q) found a link, want an error", c.arg)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("Resolve(%q) = %v, want it to say %q", c.arg, err, w)
			}
		}
	}
}

func TestShortIDs(t *testing.T) {
	short := resolveSite(t).ShortIDs()
	want := map[string]string{
		idTwinA: idTwinA,      // differs only in its last character
		idTwinB: idTwinB,      //
		idNear:  "0b6c1f5f",   // 8 suffice
		idDash:  "0b6c1f5e-5", // 9 would end in the dash
		idAlone: "7d2e9a10",   // deactivated ids are listed too
	}
	if len(short) != len(want) {
		t.Fatalf("ShortIDs = %v, want %v", short, want)
	}
	s := resolveSite(t)
	for id, w := range want {
		if short[id] != w {
			t.Errorf("short form of %s = %q, want %q", id, short[id], w)
		}
		// The short form is what Resolve takes back.
		if _, l, err := s.Resolve(short[id]); err != nil || l.ID != id {
			t.Errorf("Resolve(%q) = %v, %v; want %s", short[id], l, err, id)
		}
	}
}
