// Package icstest reads iCalendar files (RFC 5545) strictly, for tests of
// the calendar files vitrine publishes: it refuses what a lenient phone
// calendar might accept, so that a test passing here means a file every
// calendar can import.
package icstest

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Calendar is a parsed VCALENDAR.
type Calendar struct {
	Props  map[string]Prop // by name; each calendar property occurs once
	Events []Event
}

// Event is a VEVENT.
type Event struct {
	Props map[string]Prop
	// Start and End are DTSTART and DTEND (End zero when absent); AllDay
	// is set when they are DATE values.
	Start, End time.Time
	AllDay     bool
}

// Prop is a content line: its parameters and its value, TEXT values
// unescaped.
type Prop struct {
	Params map[string]string
	Value  string
}

// textProps are the properties whose value is TEXT, which Parse unescapes.
var textProps = map[string]bool{"SUMMARY": true, "DESCRIPTION": true, "LOCATION": true, "X-WR-CALNAME": true}

var (
	nameRe     = regexp.MustCompile(`^[A-Z][A-Z0-9-]*$`)
	dateRe     = regexp.MustCompile(`^\d{8}$`)
	dateTimeRe = regexp.MustCompile(`^\d{8}T\d{6}Z?$`)
)

// Parse reads one VCALENDAR. It checks CRLF line ends, the 75-octet limit
// of content lines, folding, UTF-8, TEXT escapes, the required
// properties (VERSION 2.0, PRODID; UID, DTSTAMP, DTSTART per event) and
// the form of dates.
func Parse(data []byte) (*Calendar, error) {
	if !utf8.Valid(data) {
		return nil, fmt.Errorf("not UTF-8")
	}
	if !bytes.HasSuffix(data, []byte("\r\n")) {
		return nil, fmt.Errorf("does not end with CRLF")
	}
	raw := strings.Split(strings.TrimSuffix(string(data), "\r\n"), "\r\n")
	var lines []string
	for i, l := range raw {
		if strings.ContainsAny(l, "\r\n") {
			return nil, fmt.Errorf("line %d: a bare CR or LF; lines end with CRLF", i+1)
		}
		if len(l) > 75 {
			return nil, fmt.Errorf("line %d: %d octets, more than 75: fold it", i+1, len(l))
		}
		if !utf8.ValidString(l) {
			return nil, fmt.Errorf("line %d: folded inside a UTF-8 sequence", i+1)
		}
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			if len(lines) == 0 {
				return nil, fmt.Errorf("line 1: continuation without a line")
			}
			lines[len(lines)-1] += l[1:]
			continue
		}
		lines = append(lines, l)
	}
	c := &Calendar{Props: map[string]Prop{}}
	var ev *Event
	depth := 0
	for i, l := range lines {
		name, p, err := parseLine(l)
		if err != nil {
			return nil, fmt.Errorf("content line %d: %w", i+1, err)
		}
		switch {
		case name == "BEGIN" && p.Value == "VCALENDAR" && depth == 0:
			depth = 1
		case name == "BEGIN" && p.Value == "VEVENT" && depth == 1:
			depth, ev = 2, &Event{Props: map[string]Prop{}}
		case name == "END" && p.Value == "VEVENT" && depth == 2:
			if err := ev.check(); err != nil {
				return nil, fmt.Errorf("event %d: %w", len(c.Events)+1, err)
			}
			c.Events = append(c.Events, *ev)
			depth, ev = 1, nil
		case name == "END" && p.Value == "VCALENDAR" && depth == 1:
			if i != len(lines)-1 {
				return nil, fmt.Errorf("content after END:VCALENDAR")
			}
			depth = 0
		case name == "BEGIN" || name == "END" || depth == 0:
			return nil, fmt.Errorf("content line %d: %s out of place", i+1, l)
		default:
			props := c.Props
			if depth == 2 {
				props = ev.Props
			}
			if _, dup := props[name]; dup {
				return nil, fmt.Errorf("content line %d: %s twice", i+1, name)
			}
			props[name] = p
		}
	}
	if depth != 0 {
		return nil, fmt.Errorf("unterminated BEGIN")
	}
	if c.Props["VERSION"].Value != "2.0" || c.Props["PRODID"].Value == "" {
		return nil, fmt.Errorf("VERSION:2.0 or PRODID missing")
	}
	return c, nil
}

// parseLine splits a content line into name, parameters and value.
func parseLine(l string) (string, Prop, error) {
	colon := strings.IndexByte(l, ':')
	if colon < 0 {
		return "", Prop{}, fmt.Errorf("no colon in %q", l)
	}
	head, value := l[:colon], l[colon+1:]
	parts := strings.Split(head, ";")
	name := parts[0]
	if !nameRe.MatchString(name) {
		return "", Prop{}, fmt.Errorf("bad property name %q", name)
	}
	p := Prop{Params: map[string]string{}, Value: value}
	for _, param := range parts[1:] {
		k, v, ok := strings.Cut(param, "=")
		if !ok || !nameRe.MatchString(k) {
			return "", Prop{}, fmt.Errorf("bad parameter %q", param)
		}
		p.Params[k] = v
	}
	if textProps[name] {
		text, err := unescape(value)
		if err != nil {
			return "", Prop{}, fmt.Errorf("%s: %w", name, err)
		}
		p.Value = text
	}
	return name, p, nil
}

// unescape reads a TEXT value: \\ \; \, \n and \N are the only escapes,
// and ; and , must be escaped.
func unescape(s string) (string, error) {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			if i+1 == len(s) {
				return "", fmt.Errorf("trailing backslash")
			}
			i++
			switch s[i] {
			case '\\', ';', ',':
				b.WriteByte(s[i])
			case 'n', 'N':
				b.WriteByte('\n')
			default:
				return "", fmt.Errorf("unknown escape \\%c", s[i])
			}
		case ';', ',':
			return "", fmt.Errorf("unescaped %c in %q", c, s)
		default:
			b.WriteByte(c)
		}
	}
	return b.String(), nil
}

// check verifies the required properties of an event and reads its
// times.
func (e *Event) check() error {
	for _, name := range []string{"UID", "DTSTAMP", "DTSTART"} {
		if e.Props[name].Value == "" {
			return fmt.Errorf("%s missing", name)
		}
	}
	if !dateTimeRe.MatchString(e.Props["DTSTAMP"].Value) || !strings.HasSuffix(e.Props["DTSTAMP"].Value, "Z") {
		return fmt.Errorf("DTSTAMP %q is not a UTC date-time", e.Props["DTSTAMP"].Value)
	}
	var err error
	start := e.Props["DTSTART"]
	e.AllDay = start.Params["VALUE"] == "DATE"
	if e.Start, err = e.when(start); err != nil {
		return fmt.Errorf("DTSTART: %w", err)
	}
	if end, ok := e.Props["DTEND"]; ok {
		if (end.Params["VALUE"] == "DATE") != e.AllDay {
			return fmt.Errorf("DTSTART and DTEND of different types")
		}
		if e.End, err = e.when(end); err != nil {
			return fmt.Errorf("DTEND: %w", err)
		}
		if !e.End.After(e.Start) {
			return fmt.Errorf("DTEND %s not after DTSTART %s", e.End, e.Start)
		}
	}
	return nil
}

// when reads a DATE or (floating or UTC) DATE-TIME value.
func (e *Event) when(p Prop) (time.Time, error) {
	if e.AllDay {
		if !dateRe.MatchString(p.Value) {
			return time.Time{}, fmt.Errorf("%q is not a DATE", p.Value)
		}
		return time.Parse("20060102", p.Value)
	}
	if !dateTimeRe.MatchString(p.Value) {
		return time.Time{}, fmt.Errorf("%q is not a DATE-TIME", p.Value)
	}
	return time.Parse("20060102T150405", strings.TrimSuffix(p.Value, "Z"))
}
