package render

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/vitrine/vitrine/internal/access"
	"github.com/vitrine/vitrine/internal/project"
)

// The calendar files of a link folder (RFC 5545): one per upcoming
// appointment, which the schedule links, and one with all of them.
const (
	calendarFile = "calendar.ics"
	calendarDir  = "calendar/"
	calendarType = "text/calendar; charset=utf-8"
)

// calendarIDs returns the UID of each upcoming entry of schedule, "" for
// the others. A UID is a hash of the project's title and the entry's
// title, not of its day: stable from build to build, so that a calendar
// importing the file again updates the event, moved to another day or
// time, instead of adding it twice; and telling nothing, neither the link
// nor anything the page does not show. Entries of the same title are
// numbered over the whole schedule, past ones included, so that the
// number of an appointment does not change when an earlier one passes.
func calendarIDs(project string, schedule []project.Milestone, today project.Date) []string {
	ids := make([]string, len(schedule))
	seen := map[string]int{}
	for i, m := range schedule {
		sum := sha256.Sum256([]byte(project + "\x00" + m.Title))
		id := hex.EncodeToString(sum[:10])
		if seen[id]++; seen[id] > 1 {
			id += "-" + strconv.Itoa(seen[id])
		}
		if upcoming(m, today) {
			ids[i] = id
		}
	}
	return ids
}

// calendarPath is the file of the appointment with UID id.
func calendarPath(id string) string { return calendarDir + id + ".ics" }

// calendars returns the calendar files of v: none without the schedule
// section or without an upcoming appointment. An event carries the
// site's address only when the View shows the overview.
func calendars(tx *texts, v *access.View, company string) []File {
	ids := calendarIDs(v.Title, v.Schedule, v.Today)
	c := calendarWriter{lang: tx.loc.lang, stamp: v.Today}
	c.description = tx.t("calendar.description", "project", v.Title, "company", company)
	if v.Overview != nil {
		c.location = v.Overview.Address
	}
	var all strings.Builder
	var out []File
	for i, m := range v.Schedule {
		if ids[i] == "" {
			continue
		}
		event := c.event(ids[i], m)
		all.WriteString(event)
		out = append(out, File{Path: calendarPath(ids[i]), ContentType: calendarType, Body: c.calendar(v.Title, event)})
	}
	if len(out) == 0 || tx.err != nil {
		return nil
	}
	return append(out, File{Path: calendarFile, ContentType: calendarType, Body: c.calendar(v.Title, all.String())})
}

// calendarWriter writes the events of one View.
type calendarWriter struct {
	lang        string
	stamp       project.Date // DTSTAMP: the publish day, never the clock
	description string
	location    string
}

// calendar wraps events into a VCALENDAR named name.
func (c calendarWriter) calendar(name, events string) []byte {
	var b strings.Builder
	line(&b, "BEGIN:VCALENDAR")
	line(&b, "VERSION:2.0")
	line(&b, "PRODID:-//vitrine//vitrine//"+strings.ToUpper(c.lang))
	line(&b, "CALSCALE:GREGORIAN")
	line(&b, "METHOD:PUBLISH")
	line(&b, "X-WR-CALNAME:"+icsText(name))
	b.WriteString(events)
	line(&b, "END:VCALENDAR")
	return []byte(b.String())
}

// event writes the VEVENT of m. Times are floating (local wherever the
// customer is), which is right for appointments at the customer's home;
// an entry without a time is an all-day event.
func (c calendarWriter) event(id string, m project.Milestone) string {
	var b strings.Builder
	stamp := c.stamp
	if stamp.IsZero() {
		stamp = m.Date
	}
	day := m.Date.Format("20060102")
	line(&b, "BEGIN:VEVENT")
	line(&b, "UID:"+id+"@vitrine")
	line(&b, "DTSTAMP:"+stamp.Format("20060102")+"T000000Z")
	switch {
	case m.Time == "":
		line(&b, "DTSTART;VALUE=DATE:"+day)
		line(&b, "DTEND;VALUE=DATE:"+m.Date.AddDate(0, 0, 1).Format("20060102"))
	default:
		line(&b, "DTSTART:"+day+"T"+icsClock(m.Time))
		if m.Until != "" {
			line(&b, "DTEND:"+day+"T"+icsClock(m.Until))
		}
	}
	// The title is the office's, in whatever language it wrote it.
	line(&b, "SUMMARY:"+icsText(m.Title))
	line(&b, "DESCRIPTION;LANGUAGE="+c.lang+":"+icsText(c.description))
	if c.location != "" {
		line(&b, "LOCATION:"+icsText(c.location))
	}
	line(&b, "END:VEVENT")
	return b.String()
}

// icsClock turns "08:30" into "083000".
func icsClock(hhmm string) string { return strings.Replace(hhmm, ":", "", 1) + "00" }

// icsText escapes a TEXT value (RFC 5545 3.3.11).
var icsText = strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace

// line writes a content line, folded after 75 octets as RFC 5545 3.1
// demands, never inside a UTF-8 sequence, and ended by CRLF.
func line(b *strings.Builder, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the space that starts a continuation line counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}
