package desk

import (
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/links"
)

const (
	activeID = "0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e21"
	addr     = "127.0.0.1:8080"
	origin   = "http://" + addr
)

// siteFiles is a site with one project and one active link.
var siteFiles = map[string]string{
	"config.yaml": "company: { name: Malerbetrieb Test }\ncontent: site\nbase_url: https://projekte.example.de\n" +
		"storage: { type: dir, dir: public }\ndefaults: { sections: [overview, progress, times, photos, files] }\n",
	"site/projects/bad/project.yaml": "name: Bad Sanierung\nnumber: \"2024-017\"\nstatus: active\ncustomer: { name: Familie Test }\nplanned_hours: 10\n",
	"site/projects/bad/times.csv":    "Datum;Stunden;Tätigkeit\n03.05.2024;7,5;Wandfliesen\n",
	"site/projects/bad/links.yaml": "links:\n  - id: " + activeID + "\n    label: Familie Test\n    created: 2026-11-02T09:15:00Z\n" +
		"    locale: de\n    sections: [overview, times]\n",
	"site/projects/dach/project.yaml": "name: Dach Neubau\nstatus: planned\n",
}

func now() time.Time { return time.Date(2026, 12, 1, 12, 0, 0, 0, time.UTC) }

// newDesk writes siteFiles to a temporary folder and returns a desk on it.
func newDesk(t *testing.T) (*Server, *config.Config) {
	t.Helper()
	dir := t.TempDir()
	for name, data := range siteFiles {
		writeFile(t, filepath.Join(dir, filepath.FromSlash(name)), data)
	}
	cfg, err := config.Load(filepath.Join(dir, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return New(Options{Config: cfg, Now: now, Addr: addr}), cfg
}

func writeFile(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// browser is the office's browser: it keeps the desk's session cookie
// and sends what a browser sends with a form of the same origin.
type browser struct {
	t      *testing.T
	h      http.Handler
	cookie *http.Cookie
	csrf   string
}

var csrfField = regexp.MustCompile(`name="csrf" value="([0-9a-f]+)"`)

// get loads path and remembers the session and the forms' token.
func (b *browser) get(path string) (*http.Response, string) {
	b.t.Helper()
	path, _, _ = strings.Cut(path, "#") // a browser keeps the fragment to itself
	req := httptest.NewRequest(http.MethodGet, origin+path, nil)
	resp, body := b.do(req)
	if m := csrfField.FindStringSubmatch(body); m != nil {
		b.csrf = m[1]
	}
	return resp, body
}

// post submits form to path as the desk's own page does.
func (b *browser) post(path string, form url.Values) (*http.Response, string) {
	b.t.Helper()
	if b.csrf == "" {
		b.get("/")
	}
	if !form.Has("csrf") {
		form.Set("csrf", b.csrf)
	}
	req := httptest.NewRequest(http.MethodPost, origin+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", origin)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(req)
}

func (b *browser) do(req *http.Request) (*http.Response, string) {
	if b.cookie != nil && req.Header.Get("Cookie") == "" {
		req.AddCookie(b.cookie)
	}
	rec := httptest.NewRecorder()
	b.h.ServeHTTP(rec, req)
	resp := rec.Result()
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie {
			b.cookie = c
		}
	}
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

// linksOf returns the links.yaml of project slug.
func linksOf(t *testing.T, cfg *config.Config, slug string) *links.File {
	t.Helper()
	f, err := links.Load(filepath.Join(cfg.Path(cfg.Content), "projects", slug, "links.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// readFile returns the content of path, or "" when it does not exist.
func readFile(path string) string {
	data, _ := os.ReadFile(path)
	return string(data)
}

// sections builds the form values of section switches.
func sections(ids ...string) url.Values { return url.Values{"section": ids} }
