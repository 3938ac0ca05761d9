package content

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
	"github.com/vitrine/vitrine/internal/table"
)

// Hints shared by every place a value of that kind is written.
const (
	dateHint  = "write the date as 2024-05-03 or 03.05.2024, with the year in four digits"
	hoursHint = "write the hours as 7,5 or 7.5 or 7:30"
	clockHint = "write the time as 07:30"
)

// parseDate reads a day as project.ParseDate does. It is the one place
// where records become dates, so that every date vitrine accepts is
// project.Date.Plausible.
func parseDate(s string) (project.Date, error) {
	d, ok := project.ParseDate(s)
	switch {
	case !ok:
		return project.Date{}, fmt.Errorf("%q is not a date", s)
	case !d.Plausible():
		return project.Date{}, fmt.Errorf("%q is not between %s and %s", s, project.FirstDate, project.LastDate)
	}
	return d, nil
}

// clock is a time of day in minutes since midnight.
type clock int

// String formats c as HH:MM.
func (c clock) String() string {
	return string([]byte{byte('0' + c/600), byte('0' + c/60%10), ':', byte('0' + c%60/10), byte('0' + c%10)})
}

// parseClock reads a time of day: 7:30, 07:30, 7.30, and exports with
// seconds (07:30:00), which are dropped, as time sheets count minutes. It
// is read by hand, not by a regular expression, as it runs twice for each
// of the million rows of a large build.
func parseClock(s string) (clock, error) {
	h, rest, ok := digits(s, 1, 2)
	if ok && rest != "" && (rest[0] == ':' || rest[0] == '.') {
		var mins int
		mins, rest, ok = digits(rest[1:], 2, 2)
		if ok && strings.HasPrefix(rest, ":") { // seconds, ignored
			_, rest, ok = digits(rest[1:], 2, 2)
		}
		if ok && rest == "" && h <= 23 && mins <= 59 {
			return clock(h*60 + mins), nil
		}
	}
	return 0, fmt.Errorf("%q is not a time of day", s)
}

// digits reads between lo and hi ASCII digits from the start of s and
// returns their value and the rest of s.
func digits(s string, lo, hi int) (n int, rest string, ok bool) {
	i := 0
	for i < len(s) && i < hi && '0' <= s[i] && s[i] <= '9' {
		n = n*10 + int(s[i]-'0')
		i++
	}
	return n, s[i:], i >= lo
}

// hoursPattern accepts a decimal with comma or point (7,5 / 7.5) or hours
// and minutes (7:30). The sign is accepted here only so that a negative
// value gets the clearer "between 0 and 24" message.
var hoursPattern = regexp.MustCompile(`^(-?)(\d+)(?:([.,])(\d+)|:(\d{2}))?$`)

// errHoursRange is returned by parseHours for a value outside a day.
var errHoursRange = errors.New("must be between 0 and 24")

// parseHours reads a duration of one day at most.
func parseHours(s string) (float64, error) {
	m := hoursPattern.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("%q is not a number of hours", s)
	}
	var h float64
	switch {
	case m[5] != "":
		whole, _ := strconv.Atoi(m[2])
		mins, _ := strconv.Atoi(m[5])
		if mins > 59 {
			return 0, fmt.Errorf("%q has more than 59 minutes", s)
		}
		h = float64(whole) + float64(mins)/60
	default:
		h, _ = strconv.ParseFloat(m[2]+"."+m[4], 64)
	}
	if m[1] == "-" && h != 0 {
		h = -h
	}
	if h < 0 || h > 24 {
		return 0, fmt.Errorf("%q %w", s, errHoursRange)
	}
	return h, nil
}

// utf8BOM is what Excel and Windows editors put at the start of UTF-8 text.
var utf8BOM = []byte("\ufeff")

// checkUTF8 returns a problem naming the first line that is not UTF-8,
// usually a file saved as Windows-1252 by a spreadsheet, or nil.
func checkUTF8(file string, src []byte) *problem.Problem {
	if utf8.Valid(src) {
		return nil
	}
	valid := src
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size == 1 {
			valid = src[:i]
			break
		}
		i += size
	}
	return &problem.Problem{
		File: file,
		Line: table.EditorLine(valid),
		Msg:  "text is not UTF-8",
		Hint: `save the file as UTF-8 (in Excel: "CSV UTF-8")`,
	}
}
