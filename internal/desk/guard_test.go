package desk

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
)

// TestRefusedRequestsChangeNothing sends the create form as a page
// elsewhere could make the office's browser send it: to a rebound host
// name, without or with a wrong token, from another origin. None may
// change links.yaml.
func TestRefusedRequestsChangeNothing(t *testing.T) {
	srv, cfg := newDesk(t)
	yaml := filepath.Join(cfg.Path(cfg.Content), "projects", "bad", "links.yaml")
	before := readFile(yaml)
	b := &browser{t: t, h: srv}
	b.get("/")
	form := func() string {
		return url.Values{"csrf": {b.csrf}, "project": {"bad"}, "label": {"Angreifer"}, "locale": {"de"}, "section": {"costs"}}.Encode()
	}
	for _, c := range []struct {
		name   string
		change func(*http.Request)
		status int
	}{
		{"foreign host", func(r *http.Request) { r.Host = "evil.example:8080" }, http.StatusMisdirectedRequest},
		{"foreign port", func(r *http.Request) { r.Host = "127.0.0.1:9999" }, http.StatusMisdirectedRequest},
		{"no token", func(r *http.Request) { r.Body = body(strings.Replace(form(), "csrf=", "x=", 1)) }, http.StatusForbidden},
		{"wrong token", func(r *http.Request) { r.Body = body(strings.Replace(form(), "csrf="+b.csrf[:4], "csrf=0000", 1)) }, http.StatusForbidden},
		{"no session", func(r *http.Request) { r.Header.Del("Cookie") }, http.StatusForbidden},
		{"other session", func(r *http.Request) {
			r.Header.Set("Cookie", sessionCookie+"="+strings.Repeat("a", 64))
		}, http.StatusForbidden},
		{"cross-site", func(r *http.Request) { r.Header.Set("Sec-Fetch-Site", "cross-site") }, http.StatusForbidden},
		{"other origin", func(r *http.Request) {
			r.Header.Del("Sec-Fetch-Site")
			r.Header.Set("Origin", "http://evil.example")
		}, http.StatusForbidden},
	} {
		req := httptest.NewRequest(http.MethodPost, origin+"/links", body(form()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Origin", origin)
		req.Header.Set("Sec-Fetch-Site", "same-origin")
		req.AddCookie(b.cookie)
		c.change(req)
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != c.status {
			t.Errorf("%s: %d, want %d", c.name, rec.Code, c.status)
		}
		if after := readFile(yaml); after != before {
			t.Fatalf("%s changed links.yaml:\n%s", c.name, after)
		}
	}
	// The same form from the desk's own page goes through: the refusals
	// above are the checks, not a broken form.
	if resp, body := b.post("/links", url.Values{"project": {"bad"}, "label": {"Büro"}, "locale": {"de"}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("own form: %s %s", resp.Status, body)
	}
	if readFile(yaml) == before {
		t.Error("own form changed nothing")
	}
}

func body(s string) *readCloser { return &readCloser{strings.NewReader(s)} }

type readCloser struct{ *strings.Reader }

func (readCloser) Close() error { return nil }

// TestHostOfThisComputerOnly: reading the desk, too, needs the address it
// listens on; the loopback names are the same computer.
func TestHostOfThisComputerOnly(t *testing.T) {
	srv, _ := newDesk(t)
	for host, status := range map[string]int{
		"evil.example:8080": http.StatusMisdirectedRequest, "evil.example": http.StatusMisdirectedRequest,
		"127.0.0.1:8081": http.StatusMisdirectedRequest, "localhost:8080": http.StatusOK, "[::1]:8080": http.StatusOK,
		"127.0.0.1:8080": http.StatusOK,
	} {
		req := httptest.NewRequest(http.MethodGet, "/", nil)
		req.Host = host
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != status {
			t.Errorf("Host %s: %d, want %d", host, rec.Code, status)
		}
	}
}

// TestPassword: a desk offered to the network answers only with its
// password, for pages and previews alike.
func TestPassword(t *testing.T) {
	srv, cfg := newDesk(t)
	srv = New(Options{Config: cfg, Now: now, Addr: "0.0.0.0:8080", Password: "geheim"})
	for _, c := range []struct {
		path, user, pw string
		status         int
	}{
		{"/", "", "", http.StatusUnauthorized},
		{"/", "büro", "falsch", http.StatusUnauthorized},
		{"/p/" + activeID + "/", "", "", http.StatusUnauthorized},
		{"/", "büro", "geheim", http.StatusOK},
		{"/p/" + activeID + "/", "x", "geheim", http.StatusOK},
	} {
		req := httptest.NewRequest(http.MethodGet, "http://desk.example.de"+c.path, nil)
		if c.pw != "" {
			req.SetBasicAuth(c.user, c.pw)
		}
		rec := httptest.NewRecorder()
		srv.ServeHTTP(rec, req)
		if rec.Code != c.status {
			t.Errorf("%s as %s/%s: %d, want %d", c.path, c.user, c.pw, rec.Code, c.status)
		}
	}
}

func TestCheckAddr(t *testing.T) {
	for _, c := range []struct {
		addr     string
		remote   bool
		password string
		want     error
	}{
		{"127.0.0.1:8080", false, "", nil},
		{"localhost:0", false, "", nil},
		{"[::1]:80", false, "", nil},
		{"0.0.0.0:8080", false, "", ErrRemote},
		{":8080", false, "x", ErrRemote},
		{"192.168.1.5:8080", false, "", ErrRemote},
		{"192.168.1.5:8080", true, "", ErrNoPassword},
		{"192.168.1.5:8080", true, "geheim", nil},
	} {
		if err := CheckAddr(c.addr, c.remote, c.password); !errors.Is(err, c.want) || (err == nil) != (c.want == nil) {
			t.Errorf("CheckAddr(%q, %v, %q) = %v, want %v", c.addr, c.remote, c.password, err, c.want)
		}
	}
	if err := CheckAddr("8080", false, ""); err == nil {
		t.Error("CheckAddr accepted an address without a port")
	}
}

// TestHeaders: no framing, no inline script, nothing cached.
func TestHeaders(t *testing.T) {
	srv, _ := newDesk(t)
	resp, _ := (&browser{t: t, h: srv}).get("/")
	for name, want := range map[string]string{
		"X-Frame-Options": "DENY", "Cache-Control": "no-store", "Access-Control-Allow-Origin": "",
	} {
		if got := resp.Header.Get(name); got != want {
			t.Errorf("%s: %q, want %q", name, got, want)
		}
	}
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"script-src 'self';", "style-src 'self';", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("CSP %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") {
		t.Errorf("CSP %q allows inline code", csp)
	}
}

// TestNoticeCannotBeForged: the desk's notice after a deactivation comes
// from what the desk did, not from the URL, which any web page could link
// the office to with an instruction of its own.
func TestNoticeCannotBeForged(t *testing.T) {
	srv, _ := newDesk(t)
	b := &browser{t: t, h: srv}
	_, page := b.get("/?done=gone&id=" + activeID + "&n=" + url.QueryEscape("0. Bitte rufen Sie 0900-123 an") + "&cdn=" + url.QueryEscape("Passwort an info@evil.example senden"))
	if strings.Contains(page, "0900-123") || strings.Contains(page, "evil.example") || strings.Contains(page, `class="notice"`) {
		t.Fatal("the desk shows a notice that only the URL made up")
	}
}
