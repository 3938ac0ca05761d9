package e2e

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vitrine/vitrine/internal/storage/s3/s3test"
)

// faultRates are the fractions of failed requests the publishes ride out.
var faultRates = []float64{0.10, 0.25, 0.50}

// change is one step of the office's work between two publishes.
type change struct {
	name string
	do   func(s *site)
}

// officeDay is a sequence of everyday changes, each followed by a publish.
func officeDay() []change {
	return []change{
		{"first publish", func(*site) {}},
		{"link set --hide photos", func(s *site) {
			s.must("link", "set", s.activeLink("2024-017-bad-mueller").ID, "--hide", "photos")
		}},
		{"link deactivate", func(s *site) {
			s.must("link", "deactivate", s.activeLink("2024-021-fassade-schneider").ID)
		}},
		{"a new photo", func(s *site) {
			s.copyFile("site/projects/2024-017-bad-mueller/photos/fertig.jpg", "site/projects/2024-030-dach-yilmaz/photos/neu.jpg")
		}},
		{"link create", func(s *site) {
			s.must("link", "create", "2024-017-bad-mueller", "--label", "Neu")
		}},
	}
}

// errorNames matches an error line that names what failed: the key (or
// prefix) of the request, or the reason the server or connection gave.
var errorNames = regexp.MustCompile(`(?m)^vitrine: .*(` + prefix + `/|SlowDown|InternalError|EOF|connection reset|broken pipe)`)

// TestPublishThroughFaults publishes the demo records to versitygw through
// a proxy that fails 10 %, 25 % and 50 % of the requests, with changes
// between the publishes. A publish that exits 0 must leave the bucket
// exactly as the records want it; one that fails must say what failed and
// not claim success; a publish without faults afterwards must converge.
func TestPublishThroughFaults(t *testing.T) {
	// Mostly waiting for the retries' backoff: the rates run side by side,
	// and beside TestKill.
	t.Parallel()
	srv := s3test.Start(t)
	for _, rate := range faultRates {
		t.Run(fmt.Sprintf("%.0f%%", rate*100), func(t *testing.T) {
			t.Parallel()
			rng := newRand(t)
			bucket := srv.Bucket(t)
			proxy := startProxy(t, srv.Endpoint, rng)
			s := newSite(t, s3Storage(bucket, proxy.URL), srv.Vars())
			start := time.Now()
			var failed []string
			for _, c := range officeDay() {
				c.do(s)
				proxy.setRate(rate)
				r := s.run("publish")
				counts := proxy.setRate(0)
				t.Logf("%s: exit %d after %v; requests: %s", c.name, r.code, r.took.Round(time.Millisecond), describeCounts(counts))
				got := bucketObjects(t, srv.Admin(), bucket)
				switch {
				case r.code == 0:
					if d := s.stateDiff(got); d != "" {
						t.Errorf("%s: publish exited 0, but the bucket is not the desired state:\n%s\n%s", c.name, d, r)
					}
				case strings.Contains(r.stdout+r.stderr, "Published to"):
					t.Errorf("%s: publish failed but claims success:\n%s", c.name, r)
				case !errorNames.MatchString(r.stderr):
					t.Errorf("%s: publish failed without naming the request or the reason:\n%s", c.name, r)
				default:
					failed = append(failed, c.name)
					t.Logf("%s: publish failed as it may: %s", c.name, lastLine(r.stderr))
				}
				if r := s.run("publish"); r.code != 0 {
					t.Errorf("%s: publish without faults failed:\n%s", c.name, r)
				} else if d := s.stateDiff(bucketObjects(t, srv.Admin(), bucket)); d != "" {
					t.Errorf("%s: publish without faults did not converge:\n%s\n%s", c.name, d, r)
				}
			}
			t.Logf("%.0f%% faults: %d of %d publishes failed (%s); %v in all",
				rate*100, len(failed), len(officeDay()), strings.Join(failed, ", "), time.Since(start).Round(time.Millisecond))
		})
	}
}

// describeCounts prints the requests by fault.
func describeCounts(counts map[string]int) string {
	total := 0
	var parts []string
	for _, f := range slices.Sorted(maps.Keys(counts)) {
		total += counts[f]
		if f != "" {
			parts = append(parts, fmt.Sprintf("%d %s", counts[f], f))
		}
	}
	return fmt.Sprintf("%d, of which %s", total, strings.Join(parts, ", "))
}

// lastLine returns the last line of text, where vitrine prints its error.
func lastLine(text string) string {
	lines := strings.Split(strings.TrimSpace(text), "\n")
	return lines[len(lines)-1]
}
