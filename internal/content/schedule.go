package content

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vitrine/vitrine/internal/project"
)

// Hints for the schedule's appointments.
const (
	whenHint  = "write the day, and the time if there is one, e.g. 2026-03-10 08:00 or 10.03.2026 08:00"
	untilHint = `write when the appointment ends, on the same day, e.g. until: "12:00"`
)

// schedule decodes the appointments and milestones.
func (d *decoder) schedule(n *yaml.Node) []project.Milestone {
	var out []project.Milestone
	for _, item := range d.list(n, "schedule", "write one entry per line, e.g. - { date: 2024-05-03, title: Abbruch, done: true }") {
		f := d.fields(item, "schedule", "date", "until", "title", "done")
		if f == nil || !d.require(item, f, "schedule", "date", "title") {
			continue
		}
		m := project.Milestone{
			Title: d.str(f["title"], "schedule.title"),
			Done:  d.boolean(f["done"], "schedule.done"),
		}
		var ok bool
		m.Date, m.Time, ok = d.when(f["date"])
		if ok && f["until"] != nil {
			m.Until = d.until(f["until"], m.Time)
		}
		out = append(out, m)
	}
	return out
}

// when returns the day of an appointment and its time ("" when it has
// none) as HH:MM. ok is false when n was reported, so that until is not
// reported again for a start it cannot see.
func (d *decoder) when(n *yaml.Node) (day project.Date, at string, ok bool) {
	const field = "schedule.date"
	s, ok := d.scalar(n, field, whenHint)
	if !ok {
		return project.Date{}, "", false
	}
	date, clockText := cutTime(strings.TrimSpace(s))
	day, err := parseDate(date)
	if err == nil && clockText != "" {
		var c clock
		c, err = appointmentTime(clockText)
		at = c.String()
	}
	if err != nil {
		d.add(n, field, err.Error(), whenHint)
		return project.Date{}, "", false
	}
	return day, at, true
}

// until returns the end of an appointment that starts at start, as HH:MM,
// or "" when n is not a time after start (reported).
func (d *decoder) until(n *yaml.Node, start string) string {
	const field = "schedule.until"
	s, ok := d.scalar(n, field, untilHint)
	if !ok {
		return ""
	}
	c, err := appointmentTime(strings.TrimSpace(s))
	switch {
	case err != nil:
		d.add(n, field, err.Error(), untilHint)
	case start == "":
		d.add(n, field, "needs the time the appointment starts", "write it after the day, e.g. date: 2026-03-10 08:00")
	case c.String() <= start:
		d.add(n, field, fmt.Sprintf("%s is not after the start %s", c, start), untilHint)
	default:
		return c.String()
	}
	return ""
}

// cutTime splits an appointment's "2026-03-10 08:00", "2026-03-10T08:00"
// or "10.03.2026, 8 Uhr" into the day and the time ("" when none).
func cutTime(s string) (day, at string) {
	i := strings.IndexAny(s, " T")
	if i < 0 {
		return s, ""
	}
	return strings.TrimSuffix(s[:i], ","), strings.TrimSpace(s[i+1:])
}

// appointmentTime reads a time of day as the office writes an
// appointment: as in time sheets (parseTimeOfDay), or as a German says
// it, "8 Uhr", "8.30 Uhr", or a bare hour.
func appointmentTime(s string) (clock, error) {
	t := strings.TrimSpace(s)
	if len(t) >= 3 && strings.EqualFold(t[len(t)-3:], "uhr") {
		t = strings.TrimSpace(t[:len(t)-3])
	}
	if h, rest, ok := digits(t, 1, 2); ok && rest == "" {
		if h > 23 {
			return 0, fmt.Errorf("%q is not a time of day", s)
		}
		return clock(h * 60), nil
	}
	c, err := parseTimeOfDay(t)
	if err != nil {
		return 0, fmt.Errorf("%q is not a time of day", s)
	}
	return c, nil
}
