package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/site/sitetest"
)

// TestCheckAsksForTheGonePage: check asks the public address for a link
// that does not exist and warns unless the answer is the gone page, as a
// web server configured by the README (error page _gone.html) gives it.
func TestCheckAsksForTheGonePage(t *testing.T) {
	folder := t.TempDir()
	sitetest.Write(t, folder, sitetest.Options{Projects: 1})
	public := filepath.Join(folder, "public")
	errorPage := false // whether the server answers a miss with p/_gone.html
	files := http.FileServer(http.Dir(public))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if _, err := os.Stat(filepath.Join(public, filepath.FromSlash(r.URL.Path))); err == nil {
			files.ServeHTTP(w, r)
			return
		}
		page, err := os.ReadFile(filepath.Join(public, "p", "_gone.html"))
		if !errorPage || err != nil {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(http.StatusNotFound)
		w.Write(page)
	}))
	defer srv.Close()
	config := filepath.Join(folder, "config.yaml")
	b, err := os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	sitetest.WriteFile(t, config, strings.Replace(string(b), "base_url: https://projekte.example.de", "base_url: "+srv.URL, 1))
	check := func() (warnings []string, stdout, stderr string) {
		t.Helper()
		code, stdout, stderr := vitrine("--config", config, "check")
		if code != 0 {
			t.Fatalf("check exited with %d: %s", code, stderr)
		}
		code, js, _ := vitrine("--config", config, "check", "--json")
		var out checkJSON
		if code != 0 || json.Unmarshal([]byte(js), &out) != nil {
			t.Fatalf("check --json exited with %d: %s", code, js)
		}
		return out.Warnings, stdout, stderr
	}
	// Not published yet, and the server has no error page: a warning.
	warnings, _, stderr := check()
	if !strings.Contains(stderr, "answers with HTTP 404 but not with the page p/_gone.html") || !strings.Contains(strings.Join(warnings, "\n"), "make p/_gone.html the error page") {
		t.Fatalf("check without a gone page: stderr %s\nwarnings %q", stderr, warnings)
	}
	if code, _, stderr := vitrine("--config", config, "publish"); code != 0 {
		t.Fatalf("publish: %s", stderr)
	}
	// Published, but the server still answers with its own 404.
	if _, _, stderr := check(); !strings.Contains(stderr, "but not with the page p/_gone.html") {
		t.Fatalf("check with the page published but not served: %s", stderr)
	}
	errorPage = true
	warnings, stdout, stderr := check()
	if !strings.Contains(stdout, "OK: ended links show p/_gone.html.") || strings.Contains(stderr, "_gone.html") || strings.Contains(strings.Join(warnings, "\n"), "_gone.html") {
		t.Fatalf("check with the error page set: stdout %s\nstderr %s", stdout, stderr)
	}
	// The company's contact changed since the publish: the page served is
	// the one stored, which is right, and only out of date.
	b, err = os.ReadFile(config)
	if err != nil {
		t.Fatal(err)
	}
	sitetest.WriteFile(t, config, strings.Replace(string(b), "0251 123456", "0251 654321", 1))
	warnings, stdout, stderr = check()
	if !strings.Contains(stdout, "as it was published; vitrine publish brings it up to date") || strings.Contains(strings.Join(warnings, "\n"), "_gone.html") {
		t.Fatalf("check with the gone page out of date: stdout %s\nstderr %s", stdout, stderr)
	}
	// Nobody answers: check cannot tell, and says so without a warning.
	srv.Close()
	warnings, stdout, _ = check()
	if !strings.Contains(stdout, "could not ask") || strings.Contains(strings.Join(warnings, "\n"), "_gone.html") {
		t.Fatalf("check with the CDN down: %s, warnings %q", stdout, warnings)
	}
}
