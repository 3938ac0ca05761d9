package main

import (
	"net/http"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
)

// Kinds of request the proxy counts, in the order tables show them. LIST
// is ListObjectsV2 (GET ?list-type=2) or its predecessor ListObjects, GET
// a GetObject, DELETE a DeleteObject and DeleteObjects the batch delete
// (POST ?delete).
var kinds = []string{"LIST", "HEAD", "GET", "PUT", "DeleteObjects", "DELETE", "other"}

// listParams are the query parameters of a listing; any other one on a
// bucket GET asks for a subresource (?location, ?versioning, …).
var listParams = map[string]bool{
	"list-type": true, "prefix": true, "delimiter": true, "marker": true, "max-keys": true,
	"encoding-type": true, "continuation-token": true, "start-after": true, "fetch-owner": true,
}

// classify names the kind of a path-style S3 request.
func classify(r *http.Request) string {
	q := r.URL.Query()
	_, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	switch r.Method {
	case http.MethodHead:
		return "HEAD"
	case http.MethodPut:
		if key != "" {
			return "PUT"
		}
	case http.MethodDelete:
		if key != "" {
			return "DELETE"
		}
	case http.MethodPost:
		if key == "" && q.Has("delete") {
			return "DeleteObjects"
		}
	case http.MethodGet:
		if key != "" {
			return "GET"
		}
		for p := range q {
			if !listParams[p] {
				return "other"
			}
		}
		return "LIST"
	}
	return "other"
}

// counts are requests by kind.
type counts map[string]int

// counter is a reverse proxy in front of the S3 server that counts the
// requests passing through it by kind. Every tool publishes through it, so
// that their counts compare.
type counter struct {
	proxy *httputil.ReverseProxy
	mu    sync.Mutex
	n     counts
}

func newCounter(target *url.URL) *counter {
	// The tools sign the Host they send to; the S3 server checks the
	// signature against the Host it receives, so the proxy keeps it.
	return &counter{proxy: &httputil.ReverseProxy{
		Rewrite: func(pr *httputil.ProxyRequest) {
			pr.SetURL(target)
			pr.Out.Host = pr.In.Host
		},
		// Enough idle connections for every tool's concurrency, so the
		// proxy does not open a connection per request.
		Transport: &http.Transport{MaxIdleConns: 256, MaxIdleConnsPerHost: 256},
	}}
}

func (c *counter) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	kind := classify(r)
	c.mu.Lock()
	if c.n == nil {
		c.n = counts{}
	}
	c.n[kind]++
	c.mu.Unlock()
	c.proxy.ServeHTTP(w, r)
}

// take returns the counts since the last take and starts again from zero.
func (c *counter) take() counts {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.n
	c.n = nil
	return n
}
