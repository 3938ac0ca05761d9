package cdn

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/cdn/cdntest"
)

func TestPaths(t *testing.T) {
	ids := func(n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = fmt.Sprintf("id%02d", i)
		}
		return out
	}
	tests := []struct {
		name, root string
		ids        []string
		want       []string
	}{
		{"one link", "https://projekte.example.de/p", []string{"a"}, []string{"/p/a/*"}},
		{"base url with a path", "https://example.de/kunden/p/", []string{"a", "b"}, []string{"/kunden/p/a/*", "/kunden/p/b/*"}},
		{"as many links as wildcards", "https://example.de/p", ids(maxWildcards), func() []string {
			var out []string
			for _, id := range ids(maxWildcards) {
				out = append(out, "/p/"+id+"/*")
			}
			return out
		}()},
		{"more links than wildcards: the whole prefix", "https://example.de/p", ids(maxWildcards + 1), []string{"/p/*"}},
		{"nothing changed", "https://example.de/p", nil, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Paths(tt.root, tt.ids)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, tt.want) {
				t.Fatalf("Paths = %q, want %q", got, tt.want)
			}
		})
	}
}

// fake returns a client of a fake CloudFront API, and the waits it made.
func fake(t *testing.T, busy int) (*CloudFront, *cdntest.Server, *[]int) {
	srv := cdntest.Start(t)
	srv.Busy = busy
	srv.SetEnv(t)
	c, err := NewCloudFront(t.Context(), "E2QWRUHAPOMQZL")
	if err != nil {
		t.Fatal(err)
	}
	var waits []int
	c.wait = func(_ context.Context, try int) error { waits = append(waits, try); return nil }
	return c, srv, &waits
}

func TestInvalidateOneBatch(t *testing.T) {
	c, srv, waits := fake(t, 0)
	paths := []string{"/p/a/*", "/p/b/*"}
	id, err := c.Invalidate(t.Context(), paths)
	if err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if id != "I1" || len(reqs) != 1 || len(*waits) != 0 {
		t.Fatalf("id %q, %d requests, waits %v; want I1 from one request", id, len(reqs), *waits)
	}
	r := reqs[0]
	if r.Distribution != "E2QWRUHAPOMQZL" || r.Quantity != 2 || !slices.Equal(r.Paths, paths) || !strings.HasPrefix(r.CallerReference, "vitrine-") {
		t.Fatalf("request = %+v", r)
	}
	if id, err := c.Invalidate(t.Context(), nil); err != nil || id != "" || len(srv.Requests()) != 1 {
		t.Fatalf("Invalidate(nothing) = %q, %v; sent a request", id, err)
	}
}

func TestInvalidateRetriesWhileBusy(t *testing.T) {
	c, srv, waits := fake(t, 2)
	if _, err := c.Invalidate(t.Context(), []string{"/p/a/*"}); err != nil {
		t.Fatal(err)
	}
	reqs := srv.Requests()
	if len(reqs) != 3 || !slices.Equal(*waits, []int{0, 1}) {
		t.Fatalf("%d requests, waits %v; want 3 requests after waits 0 and 1", len(reqs), *waits)
	}
	if reqs[0].CallerReference != reqs[2].CallerReference {
		t.Fatalf("caller reference changed between tries: %q, %q", reqs[0].CallerReference, reqs[2].CallerReference)
	}
}

func TestInvalidateGivesUp(t *testing.T) {
	c, srv, _ := fake(t, maxTries)
	_, err := c.Invalidate(t.Context(), []string{"/p/a/*"})
	if err == nil || !strings.Contains(err.Error(), "TooManyInvalidationsInProgress") {
		t.Fatalf("err = %v, want TooManyInvalidationsInProgress", err)
	}
	if n := len(srv.Requests()); n != maxTries {
		t.Fatalf("%d requests, want %d", n, maxTries)
	}
}
