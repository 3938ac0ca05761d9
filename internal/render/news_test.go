package render

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/access"
	"github.com/vitrine/vitrine/internal/project"
)

// TestNewsLine counts only what the link shows: a link without reports
// must not learn from the line that a report was written.
func TestNewsLine(t *testing.T) {
	r := newRenderer(t, Options{})
	for _, c := range []struct {
		lang     string
		sections []project.Section
		want     string
	}{
		{"de", project.AllSections, "1 neuer Bericht, 1 Foto, 12,5 Stunden seit 07.05."},
		{"en", project.AllSections, "1 new report, 1 photo, 12.5 hours since 7 May"},
		{"de", []project.Section{project.SectionTimes}, "<span class=\"new\">Neu</span> 12,5 Stunden seit 07.05.</p>"},
		{"de", []project.Section{project.SectionPhotos}, "<span class=\"new\">Neu</span> 1 Foto seit 07.05.</p>"},
		{"de", []project.Section{project.SectionOverview, project.SectionSchedule}, ""},
	} {
		out, err := r.Render(context.Background(), view(c.lang, c.sections...), fixtureFS(t))
		if err != nil {
			t.Fatal(err)
		}
		page := string(byPath(t, out)[pageFile].Body)
		has := strings.Contains(page, `<p class="news">`)
		if c.want == "" && has || c.want != "" && !strings.Contains(page, c.want) {
			t.Errorf("%s %v: news line %q, want %q", c.lang, c.sections, between(page, `<p class="news">`, "</p>"), c.want)
		}
	}
	// new_days 0 marks nothing.
	v := access.Filter(fixtureProject(), link("de", project.AllSections...), access.Options{Today: publishDay})
	out, err := r.Render(context.Background(), v, fixtureFS(t))
	if err != nil {
		t.Fatal(err)
	}
	if page := string(byPath(t, out)[pageFile].Body); strings.Contains(page, `class="new"`) || strings.Contains(page, `class="news"`) {
		t.Error("new_days 0 still marks items new")
	}
}

// between returns the text of s from start to the next end, "" when s
// has no start.
func between(s, start, end string) string {
	i := strings.Index(s, start)
	if i < 0 {
		return ""
	}
	j := strings.Index(s[i:], end)
	return s[i : i+j]
}

// TestWhoToCall: the project's person with tel: and mailto: links, else
// the company's contact.
func TestWhoToCall(t *testing.T) {
	r := newRenderer(t, Options{})
	p := fixtureProject()
	out, err := r.Render(context.Background(), access.Filter(p, link("de", project.SectionOverview), fixtureNew), fixtureFS(t))
	if err != nil {
		t.Fatal(err)
	}
	who := between(string(byPath(t, out)[pageFile].Body), `<aside class="who"`, "</aside>")
	for _, want := range []string{"Petra Klein", "Bauleitung", `href="tel:025112345612"`, `href="mailto:p.klein@example.de"`} {
		if !strings.Contains(who, want) {
			t.Errorf("contact block lacks %s:\n%s", want, who)
		}
	}
	p.Contact = nil
	out, err = r.Render(context.Background(), access.Filter(p, link("de", project.SectionOverview), fixtureNew), fixtureFS(t))
	if err != nil {
		t.Fatal(err)
	}
	who = between(string(byPath(t, out)[pageFile].Body), `<aside class="who"`, "</aside>")
	if !strings.Contains(who, "Malerbetrieb Beispiel GmbH") || !strings.Contains(who, `href="tel:0251123456"`) || strings.Contains(who, "Petra") {
		t.Errorf("without a project contact, the block shows:\n%s", who)
	}
}

// TestActivitiesSummary leaves the summary out when entries name more
// than eight activities: it would only repeat the entries.
func TestActivitiesSummary(t *testing.T) {
	for _, c := range []struct {
		n, rows int
		blank   bool // entries without an activity too, which do not count
	}{{3, 3, false}, {5, 5, false}, {6, 5, false}, {8, 5, true}, {9, 0, false}} {
		hours := map[string]float64{}
		if c.blank {
			hours[""] = 1
		}
		for i := range c.n {
			hours[fmt.Sprint("Tätigkeit ", i)] = float64(i + 1)
		}
		if got := activities(hours, "ohne Angabe"); len(got) != c.rows {
			t.Errorf("%d activities: %d rows, want %d", c.n, len(got), c.rows)
		}
	}
	// The entries without an activity are a line of their own, named so,
	// or part of the rest, which does not count them as an activity.
	hours := map[string]float64{"": 9, "A": 1, "B": 1, "C": 1, "D": 1, "E": 1, "F": 1}
	got := activities(hours, "ohne Angabe")
	if len(got) != 5 || got[0].Name != "ohne Angabe" || got[0].Hours != 9 || got[4].Rest != 3 || got[4].Hours != 3 {
		t.Errorf("activities with 9 hours unnamed = %+v; want them first as ohne Angabe, and 3 activities in the rest", got)
	}
	hours = map[string]float64{"": 0.5, "A": 5, "B": 4, "C": 3, "D": 2, "E": 1}
	if got := activities(hours, "ohne Angabe"); len(got) != 5 || got[4].Rest != 1 || got[4].Hours != 1.5 {
		t.Errorf("activities with half an hour unnamed = %+v; want it in the rest, with the one activity E", got)
	}
}
