package render

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/project"
	"github.com/vitrine/vitrine/internal/render/icstest"
)

// TestCalendarFiles parses the calendar files of the fixture strictly: one
// per upcoming appointment, one with all, linked from the schedule.
func TestCalendarFiles(t *testing.T) {
	r := newRenderer(t, Options{})
	out, err := r.Render(context.Background(), view("de", project.SectionOverview, project.SectionSchedule), fixtureFS(t))
	if err != nil {
		t.Fatal(err)
	}
	files := byPath(t, out)
	all, err := icstest.Parse(files[calendarFile].Body)
	if err != nil {
		t.Fatalf("calendar.ics: %v\n%s", err, files[calendarFile].Body)
	}
	if len(all.Events) != 2 {
		t.Fatalf("calendar.ics has %d events, want the 2 upcoming", len(all.Events))
	}
	meeting, tiler := all.Events[0], all.Events[1]
	if got := meeting.Start.Format("2006-01-02 15:04") + "–" + meeting.End.Format("15:04"); got != "2024-05-13 08:00–09:30" || meeting.AllDay {
		t.Errorf("meeting at %s (all day %v)", got, meeting.AllDay)
	}
	// The title is the office's, of no language the page knows; the
	// description is vitrine's, in the page's.
	if tiler.Props["SUMMARY"].Value != "Fliesenleger, Bad; 1. OG" || len(tiler.Props["SUMMARY"].Params) != 0 || tiler.Props["DESCRIPTION"].Params["LANGUAGE"] != "de" {
		t.Errorf("SUMMARY %+v, DESCRIPTION %+v: escapes lost, or a language wrong", tiler.Props["SUMMARY"], tiler.Props["DESCRIPTION"])
	}
	if !tiler.End.IsZero() || tiler.Start.Format("15:04") != "07:30" {
		t.Errorf("an appointment without end: %s–%s", tiler.Start, tiler.End)
	}
	for _, e := range all.Events {
		if e.Props["DTSTAMP"].Value != "20240513T000000Z" {
			t.Errorf("DTSTAMP %s, want the publish day", e.Props["DTSTAMP"].Value)
		}
		if e.Props["LOCATION"].Value != "Musterstraße 1, 48159 Münster" {
			t.Errorf("LOCATION %q", e.Props["LOCATION"].Value)
		}
		uid := e.Props["UID"].Value
		if strings.Contains(uid, linkID) || strings.Contains(uid, linkID[:8]) {
			t.Errorf("UID %s reveals the link", uid)
		}
		one, ok := files[calendarPath(strings.TrimSuffix(uid, "@vitrine"))]
		if !ok {
			t.Errorf("no file of its own for %s", uid)
			continue
		}
		single, err := icstest.Parse(one.Body)
		if err != nil || len(single.Events) != 1 || single.Events[0].Props["UID"].Value != uid {
			t.Errorf("%s: %v", one.Path, err)
		}
		if !bytes.Contains(files[pageFile].Body, []byte(`href="`+one.Path+`"`)) {
			t.Errorf("the schedule does not link %s", one.Path)
		}
	}
	if !bytes.Contains(files[pageFile].Body, []byte(`href="calendar.ics"`)) {
		t.Error("the schedule does not link calendar.ics")
	}

	// Another day gives the same UIDs, so that a calendar updates the
	// events it has.
	v := view("de", project.SectionSchedule)
	v.Today = date(2024, 5, 1)
	later := calendarIDs(v.Title, v.Schedule, v.Today)
	if !strings.Contains(strings.Join(later, " "), strings.TrimSuffix(meeting.Props["UID"].Value, "@vitrine")) {
		t.Errorf("UIDs %v changed with the publish day", later)
	}

	// An appointment moved to another day keeps its UID; one of a title
	// that comes again keeps its number when the earlier one has passed.
	schedule := []project.Milestone{
		{Date: date(2024, 6, 3), Title: "Baubesprechung"},
		{Date: date(2024, 6, 10), Title: "Baubesprechung"},
		{Date: date(2024, 6, 12), Title: "Fliesenleger"},
	}
	before := calendarIDs("Bad", schedule, date(2024, 6, 1))
	schedule[2].Date = date(2024, 6, 14)
	after := calendarIDs("Bad", schedule, date(2024, 6, 5))
	if before[2] == "" || after[2] != before[2] {
		t.Errorf("the moved appointment's UID went from %q to %q", before[2], after[2])
	}
	if after[0] != "" || after[1] != before[1] || before[1] == before[0] {
		t.Errorf("UIDs of the meetings %q, then %q after the first passed; want the second's kept", before[:2], after[:2])
	}
}

// TestCalendarOnlyWhatTheLinkShows: no calendar without the schedule, and
// no address in it without the overview.
func TestCalendarOnlyWhatTheLinkShows(t *testing.T) {
	r := newRenderer(t, Options{})
	for _, sections := range [][]project.Section{{project.SectionOverview}, {project.SectionSchedule}} {
		out, err := r.Render(context.Background(), view("en", sections...), fixtureFS(t))
		if err != nil {
			t.Fatal(err)
		}
		var ics int
		for _, f := range out {
			if strings.HasSuffix(f.Path, ".ics") {
				ics++
				if bytes.Contains(f.Body, []byte("Musterstraße")) {
					t.Errorf("%v: %s holds the address", sections, f.Path)
				}
			}
		}
		if want := map[bool]int{false: 0, true: 3}[sections[0] == project.SectionSchedule]; ics != want {
			t.Errorf("%v: %d calendar files, want %d", sections, ics, want)
		}
	}
}

// TestCalendarLines folds a long line of umlauts and escapes every
// special character, as the strict parser checks.
func TestCalendarLines(t *testing.T) {
	text := strings.Repeat("ä", 60) + `; a, b \ c` + "\nd" // 120 octets of umlauts
	var b strings.Builder
	line(&b, "SUMMARY:"+icsText(text))
	c, err := icstest.Parse([]byte("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\nBEGIN:VEVENT\r\nUID:1\r\n" +
		"DTSTAMP:20240101T000000Z\r\nDTSTART;VALUE=DATE:20240101\r\n" + b.String() + "END:VEVENT\r\nEND:VCALENDAR\r\n"))
	if err != nil {
		t.Fatalf("%v:\n%q", err, b.String())
	}
	if got := c.Events[0].Props["SUMMARY"].Value; got != text {
		t.Errorf("round trip gave %q, want %q", got, text)
	}
}
