package render

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/vitrine/vitrine/internal/project"
)

// datePattern is a date format of a translation table, such as
// "{dd}.{mm}.{yyyy}" or "{d} {mon} {yyyy}". Unlike a Go time layout it
// takes the names of months and weekdays from the table, so that a new
// language needs no code.
type datePattern []dateToken

// dateToken is literal text, or a field of the date when field is set.
type dateToken struct {
	text  string
	field string
}

// dateFields are the placeholders a date pattern may use.
var dateFields = map[string]bool{
	"d": true, "dd": true, "m": true, "mm": true, "yyyy": true,
	"month": true, "mon": true, "weekday": true, "wd": true,
}

// parseDatePattern splits s into literal text and {field}s, rejecting an
// unknown field so that a typo in a translation table fails at start.
func parseDatePattern(s string) (datePattern, error) {
	if s == "" {
		return nil, fmt.Errorf("pattern is missing")
	}
	var p datePattern
	for s != "" {
		open := strings.IndexByte(s, '{')
		if open < 0 {
			p = append(p, dateToken{text: s})
			break
		}
		if open > 0 {
			p = append(p, dateToken{text: s[:open]})
		}
		end := strings.IndexByte(s[open:], '}')
		if end < 0 {
			return nil, fmt.Errorf("pattern %q: unclosed {", s)
		}
		field := s[open+1 : open+end]
		if !dateFields[field] {
			return nil, fmt.Errorf("pattern %q: unknown field {%s}; use d, dd, m, mm, yyyy, month, mon, weekday or wd", s, field)
		}
		p = append(p, dateToken{field: field})
		s = s[open+end+1:]
	}
	return p, nil
}

// format writes d in pattern p with the names of l, "" when d is not set.
func (l *locale) format(p datePattern, d project.Date) string {
	if d.IsZero() {
		return ""
	}
	var b strings.Builder
	for _, t := range p {
		switch t.field {
		case "":
			b.WriteString(t.text)
		case "d":
			b.WriteString(strconv.Itoa(d.Day()))
		case "dd":
			fmt.Fprintf(&b, "%02d", d.Day())
		case "m":
			b.WriteString(strconv.Itoa(int(d.Month())))
		case "mm":
			fmt.Fprintf(&b, "%02d", int(d.Month()))
		case "yyyy":
			fmt.Fprintf(&b, "%04d", d.Year())
		case "month":
			b.WriteString(l.Months[d.Month()-1])
		case "mon":
			b.WriteString(l.MonthsShort[d.Month()-1])
		case "weekday":
			b.WriteString(l.Weekdays[d.Weekday()])
		case "wd":
			b.WriteString(l.WeekdaysShort[d.Weekday()])
		}
	}
	return b.String()
}

// date formats a calendar day for the page, "" when it is not set.
func (l *locale) date(d project.Date) string { return l.format(l.datePat, d) }

// dateShort formats a day without its year, for dates whose year the
// context makes clear (a timeline, a chart).
func (l *locale) dateShort(d project.Date) string { return l.format(l.shortPat, d) }

// month formats the month and year of d, e.g. "Mai 2024".
func (l *locale) month(d project.Date) string { return l.format(l.monthPat, d) }

// csvDate formats d for the date column of times.csv.
func (l *locale) csvDate(d project.Date) string { return l.format(l.csvPat, d) }

// weekday returns the short name of d's day of the week, e.g. "Mo".
func (l *locale) weekday(d project.Date) string { return l.format(datePattern{{field: "wd"}}, d) }
