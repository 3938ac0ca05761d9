// Package cdntest stands in for the CloudFront API in tests, which cannot
// reach the real one: a local HTTP server that records each
// CreateInvalidation request as the SDK serialised it.
package cdntest

import (
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
)

// Invalidation is one recorded CreateInvalidation request.
type Invalidation struct {
	Distribution    string
	CallerReference string   `xml:"CallerReference"`
	Quantity        int      `xml:"Paths>Quantity"`
	Paths           []string `xml:"Paths>Items>Path"`
}

// Server is a fake CloudFront API.
type Server struct {
	URL string
	// Busy is how many requests to refuse, as CloudFront does while too
	// many invalidations are in progress, before accepting one.
	Busy int
	mu   sync.Mutex
	reqs []Invalidation
}

// Start starts a fake CloudFront API for the test.
func Start(t testing.TB) *Server {
	s := &Server{}
	hs := httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(hs.Close)
	s.URL = hs.URL
	return s
}

// Requests returns the requests received so far, refused ones included.
func (s *Server) Requests() []Invalidation {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Invalidation(nil), s.reqs...)
}

// Vars returns the environment that sends the SDK's CloudFront requests
// here, with credentials that it accepts and no shared AWS files.
func (s *Server) Vars() []string {
	return []string{
		"AWS_ENDPOINT_URL_CLOUDFRONT=" + s.URL,
		"AWS_ACCESS_KEY_ID=cdntest",
		"AWS_SECRET_ACCESS_KEY=cdntest",
		"AWS_SESSION_TOKEN=",
		"AWS_PROFILE=",
		"AWS_CONFIG_FILE=" + os.DevNull,
		"AWS_SHARED_CREDENTIALS_FILE=" + os.DevNull,
	}
}

// SetEnv sets Vars for the rest of the test.
func (s *Server) SetEnv(t testing.TB) {
	for _, kv := range s.Vars() {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	// POST /2020-05-31/distribution/{id}/invalidation
	parts := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	if r.Method != http.MethodPost || len(parts) != 4 || parts[1] != "distribution" || parts[3] != "invalidation" {
		http.Error(w, "not a CreateInvalidation request", http.StatusNotFound)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	inv := Invalidation{Distribution: parts[2]}
	if err := xml.Unmarshal(body, &inv); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	s.reqs = append(s.reqs, inv)
	n, busy := len(s.reqs), s.Busy
	s.mu.Unlock()
	w.Header().Set("Content-Type", "text/xml")
	if n <= busy {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprint(w, `<ErrorResponse><Error><Type>Sender</Type><Code>TooManyInvalidationsInProgress</Code>`+
			`<Message>Processing your request will cause you to exceed the maximum number of in-progress wildcard invalidations.</Message>`+
			`</Error><RequestId>test</RequestId></ErrorResponse>`)
		return
	}
	w.Header().Set("Location", fmt.Sprintf("%s/I%d", r.URL.Path, n))
	w.WriteHeader(http.StatusCreated)
	fmt.Fprintf(w, `<Invalidation><Id>I%d</Id><Status>InProgress</Status><CreateTime>2026-11-29T10:00:00Z</CreateTime></Invalidation>`, n)
}
