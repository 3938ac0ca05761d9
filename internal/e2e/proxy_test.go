package e2e

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// Faults the proxy injects, each as likely as the others.
const (
	faultSlowDown   = "503 SlowDown"
	faultInternal   = "500 InternalError"
	faultDropBefore = "dropped before forwarding"
	// faultDropAfter forwards the request, so that it takes effect, and
	// then drops the connection: the client never hears of it.
	faultDropAfter = "dropped after forwarding"
)

var faults = []string{faultSlowDown, faultInternal, faultDropBefore, faultDropAfter}

// faultProxy is a reverse proxy on loopback in front of an S3 server that
// fails a fraction of the requests it is sent.
type faultProxy struct {
	URL   string
	proxy *httputil.ReverseProxy

	mu     sync.Mutex // guards the fields below
	rng    *rand.Rand
	rate   float64
	counts map[string]int // requests by fault, "" for forwarded ones
}

// startProxy starts a proxy to upstream that fails no request until
// setRate is called; it stops when the test ends.
func startProxy(t *testing.T, upstream string, rng *rand.Rand) *faultProxy {
	t.Helper()
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	p := &faultProxy{rng: rng, counts: map[string]int{}}
	p.proxy = &httputil.ReverseProxy{
		Rewrite: func(r *httputil.ProxyRequest) {
			r.SetURL(u)
			// The request is signed for the proxy's host: forward it
			// unchanged, or the server refuses the signature.
			r.Out.Host = r.In.Host
		},
		// The client must see a dropped connection, not a 502 the
		// proxy made up, when the server is unreachable.
		ErrorHandler: func(w http.ResponseWriter, _ *http.Request, err error) { drop(w) },
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	p.URL = srv.URL
	return p
}

// setRate makes the proxy fail the fraction rate of the requests from now
// on, and returns the counts until now.
func (p *faultProxy) setRate(rate float64) map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	counts := p.counts
	p.rate, p.counts = rate, map[string]int{}
	return counts
}

// pick chooses the fault for the next request, "" for none.
func (p *faultProxy) pick() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	f := ""
	if p.rng.Float64() < p.rate {
		f = faults[p.rng.IntN(len(faults))]
	}
	p.counts[f]++
	return f
}

func (p *faultProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch p.pick() {
	case faultSlowDown:
		s3Error(w, r, http.StatusServiceUnavailable, "SlowDown", "Please reduce your request rate.")
	case faultInternal:
		s3Error(w, r, http.StatusInternalServerError, "InternalError", "We encountered an internal error. Please try again.")
	case faultDropBefore:
		drop(w)
	case faultDropAfter:
		// The server gets and answers the whole request; only the answer
		// is lost.
		p.proxy.ServeHTTP(httptest.NewRecorder(), r)
		drop(w)
	default:
		p.proxy.ServeHTTP(w, r)
	}
}

// s3Error answers as S3 does when it refuses a request, after reading the
// request body, as S3 does, so that the client reads a clean answer.
func s3Error(w http.ResponseWriter, r *http.Request, status int, code, msg string) {
	_, _ = io.Copy(io.Discard, r.Body)
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?>
<Error><Code>%s</Code><Message>%s</Message><Resource>%s</Resource><RequestId>e2e-fault</RequestId></Error>`,
		code, msg, strings.ReplaceAll(r.URL.Path, "&", "&amp;"))
}

// drop closes the client's connection without an answer.
func drop(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		// Cannot happen on HTTP/1.1; aborting the handler also drops
		// the connection.
		panic(http.ErrAbortHandler)
	}
	conn.Close()
}
