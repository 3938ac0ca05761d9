package main

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// row is one line of the comparison: vitrine doing a piece of work, and a
// reference tool doing the same, if there is one.
type row struct {
	Work    string
	Vitrine measure
	Ref     string // the reference tool, "" for none
	Other   measure
}

// result is everything measured for one number of links.
type result struct {
	Links, Objects int
	Builds         []row   // time and memory compare
	Publishes      []row   // time and requests compare
	Steps          []named // every publishing step, for the requests by kind
}

// named is a measured step of the publishing, e.g. "rclone, no change".
type named struct {
	Name string
	measure
}

// write prints the result as Markdown: the comparison, then the requests
// of every publishing step by kind.
func (r *result) write(w io.Writer) {
	fmt.Fprintf(w, "### %d links (%d objects)\n\n", r.Links, r.Objects)
	fmt.Fprintln(w, "| work | vitrine | reference | ratio |")
	fmt.Fprintln(w, "|---|---|---|---|")
	for _, b := range r.Builds {
		ref, ratio := "–", "–"
		if b.Ref != "" {
			ref = fmt.Sprintf("%s: %s, %s", b.Ref, seconds(b.Other.Wall), megabytes(b.Other.RSS))
			ratio = fmt.Sprintf("time %s, memory %s", times(b.Vitrine.Wall.Seconds(), b.Other.Wall.Seconds()),
				times(float64(b.Vitrine.RSS), float64(b.Other.RSS)))
		}
		fmt.Fprintf(w, "| %s | %s, %s | %s | %s |\n", b.Work, seconds(b.Vitrine.Wall), megabytes(b.Vitrine.RSS), ref, ratio)
	}
	for _, p := range r.Publishes {
		ref, ratio := "–", "–"
		if p.Ref != "" {
			ref = fmt.Sprintf("%s: %s: %s", p.Ref, seconds(p.Other.Wall), requests(p.Other.Requests))
			ratio = "time " + times(p.Vitrine.Wall.Seconds(), p.Other.Wall.Seconds())
		}
		fmt.Fprintf(w, "| %s | %s: %s | %s | %s |\n", p.Work, seconds(p.Vitrine.Wall), requests(p.Vitrine.Requests), ref, ratio)
	}
	fmt.Fprintf(w, "\nRequests by kind:\n\n| step | time | %s |\n|---|---|%s\n", strings.Join(kinds, " | "), strings.Repeat("---|", len(kinds)))
	for _, s := range r.Steps {
		fmt.Fprintf(w, "| %s | %s |", s.Name, seconds(s.Wall))
		for _, k := range kinds {
			fmt.Fprintf(w, " %d |", s.Requests[k])
		}
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w)
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

func megabytes(b int64) string { return fmt.Sprintf("%d MB", (b+500_000)/1_000_000) }

// times is a ratio, or "–" when the reference took no measurable time.
func times(a, b float64) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

// requests lists the kinds of requests that were sent, e.g. "12 LIST +
// 12000 HEAD".
func requests(c counts) string {
	var parts []string
	for _, k := range kinds {
		if c[k] > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", c[k], k))
		}
	}
	if parts == nil {
		return "no requests"
	}
	return strings.Join(parts, " + ")
}
