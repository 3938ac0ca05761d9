package render

import (
	"fmt"
	"slices"
	"testing"

	"github.com/vitrine/vitrine/internal/project"
)

func TestSchedulePage(t *testing.T) {
	d := func(day int) project.Date { return project.NewDate(2024, 5, day) }
	ms := []project.Milestone{
		{Date: d(1), Title: "a", Done: true},
		{Date: d(3), Title: "b"},
		{Date: d(10), Title: "c"},
	}
	// line renders the timeline as "title:state", with "now" for the marker.
	line := func(items []milestoneData) []string {
		var out []string
		for _, m := range items {
			if m.Now {
				out = append(out, "now@"+fmt.Sprint(m.Date.Day()))
			} else {
				out = append(out, m.Title+":"+m.State)
			}
		}
		return out
	}
	for _, c := range []struct {
		today project.Date
		want  []string
	}{
		{d(5), []string{"a:done", "b:open", "now@5", "c:upcoming"}},
		{d(3), []string{"a:done", "b:today", "c:upcoming"}},
		{d(1), []string{"a:done", "now@1", "b:upcoming", "c:upcoming"}},
		{d(20), []string{"a:done", "b:open", "c:open", "now@20"}},
		{project.Date{}, []string{"a:done", "b:upcoming", "c:upcoming"}},
	} {
		if got := line(schedulePage(ms, c.today)); !slices.Equal(got, c.want) {
			t.Errorf("today %s: %v, want %v", c.today, got, c.want)
		}
	}
	if got := schedulePage(nil, d(5)); len(got) != 0 {
		t.Errorf("empty schedule gave %v", got)
	}
}
