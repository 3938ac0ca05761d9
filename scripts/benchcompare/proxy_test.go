package main

import (
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestClassify(t *testing.T) {
	for _, c := range []struct{ method, target, want string }{
		{"GET", "/b?list-type=2&prefix=p%2F&continuation-token=x", "LIST"},
		{"GET", "/b/?delimiter=%2F&prefix=rclone%2Fp%2F", "LIST"}, // ListObjects v1
		{"GET", "/b", "LIST"},
		{"GET", "/b?location", "other"},
		{"GET", "/b/p/x/index.html", "GET"},
		{"GET", "/b/p/_manifest?list-type=2", "GET"}, // a key named like a parameter is still an object
		{"HEAD", "/b/p/x/style.css", "HEAD"},
		{"HEAD", "/b", "HEAD"},
		{"PUT", "/b/p/x/index.html", "PUT"},
		{"PUT", "/b", "other"}, // CreateBucket
		{"POST", "/b?delete", "DeleteObjects"},
		{"POST", "/b/p/x/big?uploads", "other"},
		{"DELETE", "/b/p/x/index.html", "DELETE"},
		{"DELETE", "/b", "other"},
	} {
		r := httptest.NewRequest(c.method, "http://127.0.0.1:1"+c.target, nil)
		if got := classify(r); got != c.want {
			t.Errorf("%s %s: %s, want %s", c.method, c.target, got, c.want)
		}
	}
}

// TestCounter checks that the proxy passes requests on with the Host the
// client signed, and counts them by kind until take.
func TestCounter(t *testing.T) {
	var hosts []string
	backend := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hosts = append(hosts, r.Host)
		io.WriteString(w, r.Method+" "+r.URL.RequestURI())
	}))
	defer backend.Close()
	target, _ := url.Parse(backend.URL)
	proxy := httptest.NewServer(newCounter(target))
	defer proxy.Close()
	c := proxy.Config.Handler.(*counter)

	for _, r := range []struct{ method, target string }{
		{"GET", "/b?list-type=2"}, {"HEAD", "/b/k"}, {"HEAD", "/b/l"}, {"PUT", "/b/k"},
	} {
		req, _ := http.NewRequest(r.method, proxy.URL+r.target, strings.NewReader(""))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if want := r.method + " " + r.target; r.method != "HEAD" && string(body) != want {
			t.Errorf("backend got %q, want %q", body, want)
		}
	}
	proxyHost := strings.TrimPrefix(proxy.URL, "http://")
	for _, h := range hosts {
		if h != proxyHost {
			t.Errorf("backend got Host %s, want the client's %s", h, proxyHost)
		}
	}
	if got, want := c.take(), (counts{"LIST": 1, "HEAD": 2, "PUT": 1}); !maps.Equal(got, want) {
		t.Errorf("counts %v, want %v", got, want)
	}
	if got := c.take(); len(got) != 0 {
		t.Errorf("counts after take: %v, want none", got)
	}
}
