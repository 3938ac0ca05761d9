package content

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
	"github.com/vitrine/vitrine/internal/table"
)

// dateConvention is how one file writes its days. ISO (2024-05-03) and
// German (03.05.2024) dates say what they mean and are always read; a
// slashed date (03/02/2026) is the day first or the month first depending
// on the locale of whoever exported it, which the file decides once for
// all its rows.
type dateConvention struct {
	first      string // the shape of the file's first date, for String
	slashed    bool   // the file has slashed dates
	monthFirst bool   // slashed dates are MM/DD/YYYY
	twelveHour bool   // times carry AM or PM
}

// slashedDate matches 03/02/2026 and 3/2/2026.
var slashedDate = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/\d{4}$`)

// decideDates reads the date and time cells of rows once, before any row
// is converted: the first slashed date whose day is past the 12th decides
// the order for the whole file, as the tools write one locale per file.
// A file whose slashed dates could all be either is refused rather than
// guessed, since a wrong guess would move every entry to another month.
func (x *exportReader) decideDates(rows []table.Row) error {
	d := &x.dates
	var undecided *table.Row
	decided := false
	for i, r := range rows {
		s := x.get(r, fieldDate)
		if d.first == "" && s != "" {
			d.first = dateShape(s)
		}
		for _, c := range []field{fieldStart, fieldEnd} {
			if v := x.get(r, c); maybeMeridiem(v) && meridiem.MatchString(v) {
				d.twelveHour = true
			}
		}
		if decided || !strings.Contains(s, "/") {
			continue
		}
		m := slashedDate.FindStringSubmatch(s)
		if m == nil {
			continue
		}
		d.slashed = true
		a, _ := strconv.Atoi(m[1])
		b, _ := strconv.Atoi(m[2])
		switch {
		case a > 12:
			decided = true
		case b > 12:
			d.monthFirst, decided = true, true
		case undecided == nil:
			undecided = &rows[i]
		}
	}
	if !d.slashed || decided {
		return nil
	}
	s := x.get(*undecided, fieldDate)
	return &problem.Problem{
		File: x.file, Line: undecided.Line, Field: x.heads[x.cols[fieldDate]],
		Msg: fmt.Sprintf("%q may be day/month or month/day, and no date of the file has a day after the 12th to tell", s),
		Hint: "export again with dates as YYYY-MM-DD or DD.MM.YYYY (in the tool's settings: date format), " +
			"or write the dates in this file as 03.02.2026",
	}
}

// dateShape names the convention of the date s for Export.Dates.
func dateShape(s string) string {
	switch {
	case strings.Contains(s, "-"):
		return "YYYY-MM-DD"
	case strings.Contains(s, "."):
		return "DD.MM.YYYY"
	}
	return ""
}

// String describes the convention as check and import print it.
func (d dateConvention) String() string {
	s := d.first
	if d.slashed {
		s = "DD/MM/YYYY"
		if d.monthFirst {
			s = "MM/DD/YYYY"
		}
	}
	if d.twelveHour {
		s += ", 12-hour times"
	}
	return s
}

// parse reads the day s in the file's convention.
func (d dateConvention) parse(s string) (project.Date, error) {
	if !slashedDate.MatchString(s) {
		return parseDate(s)
	}
	layout := "2/1/2006"
	if d.monthFirst {
		layout = "1/2/2006"
	}
	t, err := time.Parse(layout, s)
	if err != nil {
		return project.Date{}, fmt.Errorf("%q is not a date in the file's order %s", s, d)
	}
	return parseDate(t.Format(time.DateOnly))
}

// hint says how to write a date in this file.
func (d dateConvention) hint() string {
	if d.slashed {
		return fmt.Sprintf("write the date as the file's other dates, %s, or as 2024-05-03", strings.TrimSuffix(d.String(), ", 12-hour times"))
	}
	return dateHint
}

// meridiem matches the AM or PM after a 12-hour time (07:30:00 AM).
var meridiem = regexp.MustCompile(`(?i)\s*([ap])\.?\s*m\.?$`)

// maybeMeridiem is a quick test for what meridiem may match, a value ending
// in "m" or "m.": that pattern, unanchored at its start, would search every
// time of day of every row for nothing.
func maybeMeridiem(s string) bool {
	s = strings.TrimSuffix(s, ".")
	return s != "" && (s[len(s)-1] == 'm' || s[len(s)-1] == 'M')
}

// parseTimeOfDay reads a time of day as parseClock does, and 12-hour times
// with AM or PM as US exports write them: 12:15 AM is a quarter past
// midnight, 12:15 PM a quarter past noon.
func parseTimeOfDay(s string) (clock, error) {
	if !maybeMeridiem(s) {
		return parseClock(s)
	}
	m := meridiem.FindStringSubmatchIndex(s)
	if m == nil {
		return parseClock(s)
	}
	c, err := parseClock(s[:m[0]])
	if err != nil || c < 60 || c >= 13*60 {
		return 0, fmt.Errorf("%q is not a time of day", s)
	}
	c %= 12 * 60
	if strings.EqualFold(s[m[2]:m[3]], "p") {
		c += 12 * 60
	}
	return c, nil
}

// withSeconds matches a duration in hours, minutes and seconds (07:30:00),
// as Clockify and Toggl write it.
var withSeconds = regexp.MustCompile(`^(\d+):(\d{2}):(\d{2})$`)

// parseDuration reads hours as parseHours does, and hh:mm:ss.
func parseDuration(s string) (float64, error) {
	if strings.Count(s, ":") != 2 {
		return parseHours(s)
	}
	m := withSeconds.FindStringSubmatch(s)
	if m == nil {
		return parseHours(s)
	}
	h, _ := strconv.Atoi(m[1])
	mins, _ := strconv.Atoi(m[2])
	secs, _ := strconv.Atoi(m[3])
	if mins > 59 || secs > 59 {
		return 0, fmt.Errorf("%q is not hours, minutes and seconds", s)
	}
	hours := float64(h) + float64(mins)/60 + float64(secs)/3600
	if hours > 24 {
		return 0, fmt.Errorf("%q %w", s, errHoursRange)
	}
	return hours, nil
}
