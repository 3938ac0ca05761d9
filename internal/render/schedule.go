package render

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/vitrine/vitrine/internal/project"
)

// The states of a schedule entry, as CSS classes and label keys
// (schedule.<state>).
const (
	stateDone     = "done"
	stateToday    = "today"
	stateUpcoming = "upcoming"
	stateOpen     = "open" // due before today, not done yet: overdue
)

// milestoneData is one entry of the schedule.
type milestoneData struct {
	Date        project.Date
	Time, Until string // "HH:MM" or ""
	Title       string
	State       string
	// When is the day and time as the page shows it, e.g.
	// "Di 10.03., 8–12 Uhr".
	When string
	// Calendar is the URL of the entry's .ics file; "" unless it is
	// upcoming.
	Calendar string
}

// upcoming reports whether m is still to come on today, the publish day.
func upcoming(m project.Milestone, today project.Date) bool {
	return !m.Done && !m.Date.Before(today.Time)
}

// schedulePage orders the View's schedule (oldest first) the way a
// customer reads it: what comes next first, then what is overdue, then
// what is done, the latest first. "Today" is the publish day, never the
// clock, so that builds of one day give the same page. title is the
// project's, which the calendar files' names derive from.
func schedulePage(tx *texts, schedule []project.Milestone, today project.Date, title string) []milestoneData {
	out := make([]milestoneData, 0, len(schedule))
	ids := calendarIDs(title, schedule, today)
	for i, m := range schedule {
		d := milestoneData{Date: m.Date, Time: m.Time, Until: m.Until, Title: m.Title, When: when(tx, m)}
		switch {
		case m.Done:
			d.State = stateDone
		case m.Date.Equal(today.Time):
			d.State = stateToday
		case upcoming(m, today):
			d.State = stateUpcoming
		default:
			d.State = stateOpen
		}
		if ids[i] != "" {
			d.Calendar = href(calendarPath(ids[i]))
		}
		out = append(out, d)
	}
	rank := map[string]int{stateToday: 0, stateUpcoming: 0, stateOpen: 1, stateDone: 2}
	slices.SortStableFunc(out, func(a, b milestoneData) int {
		if c := cmp.Compare(rank[a.State], rank[b.State]); c != 0 {
			return c
		}
		if a.State == stateDone {
			return b.Date.Compare(a.Date.Time)
		}
		return 0 // the View's order: oldest first
	})
	return out
}

// when formats the day and time of m, e.g. "Di 10.03., 8–12 Uhr" or
// "Tue 10 Mar".
func when(tx *texts, m project.Milestone) string {
	day := tx.loc.weekday(m.Date) + " " + tx.loc.dateShort(m.Date)
	switch {
	case m.Time == "":
		return day
	case m.Until == "":
		return tx.t("schedule.at", "day", day, "time", clock(tx, m.Time))
	}
	return tx.t("schedule.from_until", "day", day, "from", clock(tx, m.Time), "until", clock(tx, m.Until))
}

// clock formats a time of day "HH:MM" with the locale's labels clock and
// clock.hour (a full hour, which German writes as "8").
func clock(tx *texts, hhmm string) string {
	hh, mm, _ := strings.Cut(hhmm, ":")
	h, _ := strconv.Atoi(hh)
	key := "clock"
	if mm == "00" {
		key = "clock.hour"
	}
	return tx.t(key, "h", h, "hh", hh, "mm", mm)
}
