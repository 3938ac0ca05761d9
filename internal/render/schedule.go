package render

import (
	"github.com/vitrine/vitrine/internal/project"
)

// The states of a schedule entry, as CSS classes and label keys
// (schedule.<state>).
const (
	stateDone     = "done"
	stateToday    = "today"
	stateUpcoming = "upcoming"
	stateOpen     = "open" // due before today, not done yet
)

// milestoneData is one line of the schedule timeline: an entry, or the
// marker of today when Now is set.
type milestoneData struct {
	Date  project.Date
	Title string
	State string
	Now   bool
}

// schedulePage places the View's schedule (oldest first) around today.
// "Today" is the page's "as of" date, never the clock: the page must come
// out the same whenever it is built, and it tells the customer how things
// stood when the office last recorded something. An entry on that day is
// marked as today; otherwise a marker goes between past and future.
func schedulePage(schedule []project.Milestone, today project.Date) []milestoneData {
	out := make([]milestoneData, 0, len(schedule)+1)
	marked := today.IsZero()
	for _, m := range schedule {
		if !marked && m.Date.After(today.Time) {
			out = append(out, milestoneData{Date: today, Now: true})
			marked = true
		}
		state := stateUpcoming
		switch {
		case m.Done:
			state = stateDone
		case m.Date.Equal(today.Time):
			state, marked = stateToday, true
		case !today.IsZero() && m.Date.Before(today.Time):
			state = stateOpen
		}
		out = append(out, milestoneData{Date: m.Date, Title: m.Title, State: state})
	}
	if !marked && len(out) > 0 {
		out = append(out, milestoneData{Date: today, Now: true})
	}
	return out
}
