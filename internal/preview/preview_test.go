package preview

import (
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/site"
)

const (
	activeID = "0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e21"
	goneID   = "5f1c2a3b-9d8e-4f70-8a6b-1c2d3e4f5a6b"
	pastID   = "9c3e7a51-2b4d-4e6f-a8c0-d1e2f3a4b5c6"
)

// files of a site with one project, one active, one deactivated and one
// expired link.
var siteFiles = map[string]string{
	"config.yaml":                      "company: { name: Malerbetrieb Test }\ncontent: site\nbase_url: https://projekte.example.de\nstorage: { type: dir, dir: public }\n",
	"site/projects/bad/project.yaml":   "name: Bad Sanierung\nstatus: active\nplanned_hours: 10\n",
	"site/projects/bad/times.csv":      "Datum;Stunden;Tätigkeit\n03.05.2024;7,5;Wandfliesen\n",
	"site/projects/bad/files/Plan.pdf": "%PDF-1.4 plan",
	"site/projects/bad/links.yaml": `links:
  - id: ` + activeID + `
    label: Familie Test
    created: 2026-11-02T09:15:00Z
    locale: de
    sections: [overview, times, files]
  - id: ` + goneID + `
    label: Alte Nachbarn
    created: 2026-11-01T09:15:00Z
    locale: de
    sections: [overview]
    deactivated: 2026-11-03T09:15:00Z
  - id: ` + pastID + `
    label: Vormieter
    created: 2026-11-01T09:15:00Z
    locale: de
    sections: [overview]
    expires: 2026-11-20
revoked:
  - ` + goneID + `
`,
}

// newSite writes siteFiles to a temporary folder and returns its config.
func newSite(t *testing.T) *config.Config {
	t.Helper()
	dir := t.TempDir()
	for name, data := range siteFiles {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cfg, err := config.Load(filepath.Join(dir, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return cfg
}

func now() time.Time { return time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC) }

// get requests path from h as a browser on this computer would.
func get(t *testing.T, h http.Handler, path string) (*http.Response, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "http://127.0.0.1:8080"+path, nil))
	resp := rec.Result()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// TestLinkIsServedAsBuilt checks that the preview serves the very bytes
// that build publishes, and nothing else.
func TestLinkIsServedAsBuilt(t *testing.T) {
	cfg := newSite(t)
	srv := New(cfg, now)
	if n, err := srv.Build(t.Context()); n != 1 || err != nil {
		t.Fatalf("Build = %d, %v; want 1 link", n, err)
	}
	st, err := site.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	b, err := st.Build(now())
	if err != nil {
		t.Fatal(err)
	}
	files, err := b.Render(t.Context(), activeID)
	if err != nil {
		t.Fatal(err)
	}
	base := "/p/" + activeID + "/"
	for _, f := range files {
		want := f.Body
		if f.Open != nil {
			rc, err := f.Open()
			if err != nil {
				t.Fatal(err)
			}
			want, _ = io.ReadAll(rc)
			rc.Close()
		}
		resp, body := get(t, srv, base+f.Path)
		if resp.StatusCode != http.StatusOK || body != string(want) || resp.Header.Get("Content-Type") != f.ContentType {
			t.Errorf("%s: %s %q, %d bytes; want the built file (%s, %d bytes)", f.Path, resp.Status, resp.Header.Get("Content-Type"), len(body), f.ContentType, len(want))
		}
		if resp.Header.Get("Cache-Control") != "no-store" {
			t.Errorf("%s: Cache-Control %q", f.Path, resp.Header.Get("Cache-Control"))
		}
	}
	if resp, body := get(t, srv, base); resp.StatusCode != http.StatusOK || !strings.Contains(body, "Wandfliesen") {
		t.Errorf("folder URL: %s", resp.Status)
	}
	if _, err := os.Stat(cfg.Path(cfg.Storage.Dir)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the preview wrote to the storage folder: %v", err)
	}
}

func TestLinkErrors(t *testing.T) {
	srv := New(newSite(t), now)
	for path, status := range map[string]int{
		"/p/" + activeID:                           http.StatusMovedPermanently,
		"/p/" + activeID + "/links.yaml":           http.StatusNotFound,
		"/p/" + activeID + "/../bad/project.yaml":  http.StatusNotFound,
		"/p/" + goneID + "/":                       http.StatusGone,
		"/p/9a1c2a3b-9d8e-4f70-8a6b-1c2d3e4f5a6b/": http.StatusNotFound,
		"/favicon.ico":                             http.StatusNotFound,
	} {
		if resp, _ := get(t, srv, path); resp.StatusCode != status {
			t.Errorf("GET %s: %s, want %d", path, resp.Status, status)
		}
	}
}

// TestReloadShowsEdits: the office edits the records and reloads.
func TestReloadShowsEdits(t *testing.T) {
	cfg := newSite(t)
	srv := New(cfg, now)
	page := "/p/" + activeID + "/"
	if _, body := get(t, srv, page); !strings.Contains(body, "Bad Sanierung") {
		t.Fatal("page lacks the title")
	}
	yaml := filepath.Join(cfg.Path(cfg.Content), "projects", "bad", "project.yaml")
	if err := os.WriteFile(yaml, []byte("name: Badezimmer neu\nstatus: active\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, body := get(t, srv, page); !strings.Contains(body, "Badezimmer neu") {
		t.Error("reloaded page does not show the edited title")
	}
}

// TestBrokenRecordsAreReported: a page whose records are at fault says
// where.
func TestBrokenRecordsAreReported(t *testing.T) {
	cfg := newSite(t)
	bad := filepath.Join(cfg.Path(cfg.Content), "projects", "bad", "times.csv")
	if err := os.WriteFile(bad, []byte("Datum;Stunden\n03.05.2024;7,x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := New(cfg, now)
	n, err := srv.Build(t.Context())
	if n != 0 || !problem.Is(err) || !strings.Contains(err.Error(), "times.csv:2") {
		t.Errorf("Build = %d, %v; want 0 and the problem in times.csv", n, err)
	}
	resp, body := get(t, srv, "/p/"+activeID+"/")
	if resp.StatusCode != http.StatusInternalServerError || !strings.Contains(body, "times.csv:2") {
		t.Errorf("page of a broken project: %s, %q", resp.Status, body)
	}
}
