package main

import (
	"strings"
	"testing"
	"time"
)

func TestResultWrite(t *testing.T) {
	noChange := measure{Wall: 2 * time.Second, Requests: counts{"LIST": 12, "GET": 1}}
	rclone := measure{Wall: 8 * time.Second, Requests: counts{"LIST": 4000, "HEAD": 1}}
	r := result{
		Links: 10000, Objects: 40000,
		Builds: []row{
			{Work: "cold build, 10000 links", Vitrine: measure{Wall: 10 * time.Second, RSS: 100_000_000},
				Ref: "Hugo", Other: measure{Wall: 20 * time.Second, RSS: 5_000_000_000}},
			{Work: "warm build (nothing changed)", Vitrine: measure{Wall: 1500 * time.Millisecond, RSS: 90_000_000}},
		},
		Publishes: []row{{Work: "no-change publish", Vitrine: noChange, Ref: "rclone sync --checksum", Other: rclone}},
		Steps:     []named{{"vitrine no-change publish", noChange}, {"rclone no-change sync", rclone}},
	}
	var b strings.Builder
	r.write(&b)
	for _, want := range []string{
		"### 10000 links (40000 objects)\n",
		"| cold build, 10000 links | 10.00 s, 100 MB | Hugo: 20.00 s, 5000 MB | time 0.50×, memory 0.02× |\n",
		"| warm build (nothing changed) | 1.50 s, 90 MB | – | – |\n",
		"| no-change publish | 2.00 s: 12 LIST + 1 GET | rclone sync --checksum: 8.00 s: 4000 LIST + 1 HEAD | time 0.25× |\n",
		"| step | time | LIST | HEAD | GET | PUT | DeleteObjects | DELETE | other |\n",
		"| vitrine no-change publish | 2.00 s | 12 | 0 | 1 | 0 | 0 | 0 | 0 |\n",
		"| rclone no-change sync | 8.00 s | 4000 | 1 | 0 | 0 | 0 | 0 | 0 |\n",
	} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("no line %q in\n%s", want, b.String())
		}
	}
}

func TestRequests(t *testing.T) {
	if got := requests(nil); got != "no requests" {
		t.Errorf("requests(nil) = %q", got)
	}
	if got := requests(counts{"PUT": 3, "LIST": 1, "other": 2}); got != "1 LIST + 3 PUT + 2 other" {
		t.Errorf("requests = %q, want kinds in table order", got)
	}
}
