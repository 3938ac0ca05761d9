package render

import (
	"slices"
	"testing"

	"github.com/vitrine/vitrine/internal/project"
)

func TestSchedulePage(t *testing.T) {
	d := func(day int) project.Date { return project.NewDate(2024, 5, day) }
	ms := []project.Milestone{ // the View's order: oldest first
		{Date: d(1), Title: "a", Done: true},
		{Date: d(2), Title: "b", Done: true},
		{Date: d(3), Title: "c"},
		{Date: d(5), Title: "d"},
		{Date: d(10), Title: "e"},
	}
	tx := &texts{loc: locales(t)["de"]}
	// line renders the schedule as "title:state", with "+" when the
	// entry links a calendar file.
	line := func(items []milestoneData) []string {
		var out []string
		for _, m := range items {
			s := m.Title + ":" + m.State
			if m.Calendar != "" {
				s += "+"
			}
			out = append(out, s)
		}
		return out
	}
	for _, c := range []struct {
		today project.Date
		want  []string
	}{
		// Next first, then overdue, then done ones, the latest first.
		{d(5), []string{"d:today+", "e:upcoming+", "c:open", "b:done", "a:done"}},
		{d(4), []string{"d:upcoming+", "e:upcoming+", "c:open", "b:done", "a:done"}},
		{d(1), []string{"c:upcoming+", "d:upcoming+", "e:upcoming+", "b:done", "a:done"}},
		{d(20), []string{"c:open", "d:open", "e:open", "b:done", "a:done"}},
	} {
		if got := line(schedulePage(tx, ms, c.today, "Bad")); !slices.Equal(got, c.want) {
			t.Errorf("today %s: %v, want %v", c.today, got, c.want)
		}
	}
	if got := schedulePage(tx, nil, d(5), "Bad"); len(got) != 0 {
		t.Errorf("empty schedule gave %v", got)
	}
}

func TestWhen(t *testing.T) {
	day := project.NewDate(2026, 3, 10) // a Tuesday
	for _, c := range []struct {
		lang, time, until, want string
	}{
		{"de", "", "", "Di 10.03."},
		{"de", "08:00", "12:00", "Di 10.03., 8–12\u00a0Uhr"},
		{"de", "08:30", "", "Di 10.03., 8:30\u00a0Uhr"},
		{"de", "07:45", "16:15", "Di 10.03., 7:45–16:15\u00a0Uhr"},
		{"en", "", "", "Tue 10 Mar"},
		{"en", "08:00", "12:00", "Tue 10 Mar, 8:00–12:00"},
		{"en", "13:30", "", "Tue 10 Mar, 13:30"},
	} {
		tx := &texts{loc: locales(t)[c.lang]}
		got := when(tx, project.Milestone{Date: day, Time: c.time, Until: c.until})
		if got != c.want || tx.err != nil {
			t.Errorf("%s %s–%s: %q (%v), want %q", c.lang, c.time, c.until, got, tx.err, c.want)
		}
	}
}
