package render

import (
	"fmt"
	"html/template"
	"slices"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/access"
	"github.com/vitrine/vitrine/internal/project"
)

func TestTimesTotals(t *testing.T) {
	d := project.NewDate
	var entries []project.TimeEntry
	// Seven activities, two of them twice, across a month's end and a
	// week without work (ISO week 23 of 2024).
	for i, a := range []string{"Abbruch", "Fliesen", "Fliesen", "Abbruch", "Silikon", "Streichen", "Putz", "Reinigung", "Abnahme"} {
		day := d(2024, 5, 27+i)
		if i >= 5 {
			day = d(2024, 6, 10+i)
		}
		entries = append(entries, project.TimeEntry{Date: day, Hours: float64(i + 1), Activity: a})
	}
	isNew := func(d project.Date) bool { return !d.Before(project.NewDate(2024, 6, 17).Time) }
	td, err := timesPage(locales(t)["de"], &access.Times{Entries: entries, Total: 45}, isNew)
	if err != nil {
		t.Fatal(err)
	}
	var months []string
	for _, m := range td.ByMonth {
		months = append(months, fmt.Sprintf("%s:%g", m.Name, m.Hours))
	}
	if want := []string{"Mai 2024:15", "Juni 2024:30"}; !slices.Equal(months, want) {
		t.Errorf("months %v, want %v", months, want)
	}
	// The entries by week, the latest week first and newest first in it;
	// the weeks without work are no group.
	var groups []string
	for _, g := range td.Groups {
		s := fmt.Sprintf("%s:%g:", g.Name, g.Hours)
		for _, e := range g.Entries {
			s += fmt.Sprintf(" %d", e.Date.Day())
			if e.New {
				s += "*"
			}
		}
		if g.New {
			s += " new"
		}
		groups = append(groups, s)
	}
	want := []string{"KW 25/2024:17: 18* 17* new", "KW 24/2024:13: 16 15", "KW 22/2024:15: 31 30 29 28 27"}
	if !slices.Equal(groups, want) {
		t.Errorf("groups %q, want %q", groups, want)
	}
	var acts []string
	for _, a := range td.ByActivity {
		acts = append(acts, fmt.Sprintf("%s/%d:%g:%s", a.Name, a.Rest, a.Hours, a.Bar))
	}
	// Largest first, ties by name; five lines, the last summing up three
	// activities without a bar.
	want = []string{"Abnahme/0:9:100", "Reinigung/0:8:88.89", "Putz/0:7:77.78", "Streichen/0:6:66.67", "/3:15:"}
	if !slices.Equal(acts, want) {
		t.Errorf("activities %v, want %v", acts, want)
	}
	var weeks []string
	for _, w := range td.Weeks {
		weeks = append(weeks, fmt.Sprintf("%d:%g", w.Week, w.Hours))
	}
	if want := []string{"22:15", "23:0", "24:13", "25:17"}; !slices.Equal(weeks, want) {
		t.Errorf("weeks %v, want %v (empty weeks filled in)", weeks, want)
	}
	if td.First != entries[0].Date || td.Last != entries[len(entries)-1].Date || td.Count != 9 {
		t.Errorf("span %s–%s, %d entries", td.First, td.Last, td.Count)
	}
}

func TestScale(t *testing.T) {
	for _, c := range []struct{ peak, top, step float64 }{
		{0, 1, 1}, {3, 3, 1}, {7.5, 8, 2}, {43, 60, 20}, {67, 80, 20}, {120, 150, 50}, {0.4, 0.4, 0.1},
	} {
		if top, step := scale(c.peak); top != c.top || step != c.step {
			t.Errorf("scale(%g) = %g, %g; want %g, %g", c.peak, top, step, c.top, c.step)
		}
	}
}

func TestWeekChart(t *testing.T) {
	loc := locales(t)["en"]
	var weeks []weekData
	for i := range 30 {
		weeks = append(weeks, weekData{Year: 2024, Week: i + 1, Monday: project.NewDate(2024, 1, 1+7*i), Hours: float64(i % 7)})
	}
	c, err := weekChart(loc, weeks)
	if err != nil {
		t.Fatal(err)
	}
	labels := 0
	for _, b := range c.Bars {
		if b.Label != "" {
			labels++
		}
	}
	if len(c.Bars) != 30 || labels > maxLabels || c.ShowValues {
		t.Errorf("%d bars, %d labels, values shown %v: want 30 bars, at most %d labels, no values", len(c.Bars), labels, c.ShowValues, maxLabels)
	}
	if c.Bars[6].Height != px(chartPlot) || c.Bars[5].Height != px(chartPlot*5.0/6) || c.Bars[0].Height != "0" || c.Top != "6" {
		t.Errorf("bar heights %s, %s on a scale to %s", c.Bars[6].Height, c.Bars[0].Height, c.Top)
	}
	if !strings.Contains(c.Desc, "30 weeks from Week 1, 2024 to Week 30, 2024; most in Week 7, 2024 (6\u00a0h)") {
		t.Errorf("description %q", c.Desc)
	}

	few, err := weekChart(loc, weeks[:2])
	if err != nil {
		t.Fatal(err)
	}
	// Two weeks are centred in the room of minSlots, not stretched.
	if few.Bars[0].X != pct(100.0/minSlots*(2+0.22)) || !few.ShowValues {
		t.Errorf("first of two bars at %s%%", few.Bars[0].X)
	}
}

// TestEntryRowsAsTemplate checks the rows written by entryRows against the
// template loop they replace, with every character html/template escapes.
func TestEntryRowsAsTemplate(t *testing.T) {
	loop := template.Must(template.New("").Parse(
		`{{- range .Entries}}` + "\n" + `<tr><td class="day"><time datetime="{{.Date}}">{{.DateText}}</time>{{if .New}} <span class="new">{{$.Mark}}</span>{{end}}</td>{{if $.ShowEmployee}}<td class="who">{{.Employee}}</td>{{end}}<td class="what">{{.Activity}}</td><td class="note">{{.Note}}</td><td class="num">{{.HoursText}}</td></tr>` + "\n" + `{{- end}}`))
	entries := []entryData{
		{Date: date(2024, 5, 3), DateText: "03.05.2024", HoursText: "7,5 Std.", Employee: "Anna <b>", Activity: `"Abbruch" & 'Entsorgung' + 1`, Note: "a\x00b <script>alert(1)</script>"},
		{Date: date(2024, 5, 6), DateText: "Mo <6.5.>", HoursText: "8 Std.", Activity: "Übergabe", New: true, Note: "=HYPERLINK(\"http://x\")"},
	}
	for _, show := range []bool{true, false} {
		var want strings.Builder
		if err := loop.Execute(&want, map[string]any{"Entries": entries, "ShowEmployee": show, "Mark": "Neu & <b>"}); err != nil {
			t.Fatal(err)
		}
		if got := string(entryRows(entries, show, "Neu & <b>")); got != want.String() {
			t.Errorf("ShowEmployee=%v:\n got %q\nwant %q", show, got, want.String())
		}
	}
}
