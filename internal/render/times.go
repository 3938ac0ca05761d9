package render

import (
	"cmp"
	"html/template"
	"slices"
	"strings"

	"github.com/vitrine/vitrine/internal/access"
	"github.com/vitrine/vitrine/internal/project"
)

// timesData is the times section: totals, the weekly chart and the entries
// grouped by week, newest first, where the customer looks for news.
type timesData struct {
	Total float64
	Count int
	First project.Date
	Last  project.Date
	// ShowEmployee is set when any entry names an employee, which only a
	// View with the team section has.
	ShowEmployee bool
	// Groups are the entries by ISO week, the latest week first and the
	// entries of a week newest first.
	Groups []groupData
	// Head is the header row of every week's table, written once by
	// entryHead: the labels of each week's header, called through the
	// templates, cost a third more than the page's other work.
	Head       template.HTML
	ByMonth    []shareData
	ByActivity []shareData // nil when a summary would not help (see activities)
	// Weeks are the weeks of the chart, oldest first like its x axis,
	// weeks without entries included.
	Weeks []weekData
	Chart *chartData
}

// groupData is one week of entries. The values the built-in theme shows
// come formatted (Name, HoursText), as do those of the other rows below:
// a function call per cell, through the reflection of text/template, was
// most of the cost of a page with a hundred entries.
type groupData struct {
	Monday    project.Date
	Name      string // e.g. "KW 19/2024"
	Hours     float64
	HoursText string
	// New is set when an entry of the week is new.
	New     bool
	Entries []entryData
	// Rows are the table rows of Entries, written by entryRows: the
	// built-in theme's one loop too many for text/template, which costs
	// a reflective call for every escaped cell. A theme of one's own may
	// range over Entries instead.
	Rows template.HTML
}

// entryData is one time entry with its date and hours formatted.
type entryData struct {
	Date                     project.Date
	Start, End               string
	Hours                    float64
	Employee, Activity, Note string
	DateText, HoursText      string
	New                      bool
}

// shareData is one line of a totals table: a name, its hours and a bar as
// long as its share of the largest line.
type shareData struct {
	Name      string
	Hours     float64
	HoursText string
	// Rest counts the activities summed up in the "other" line; 0 for a
	// named line.
	Rest int
	// Bar is the bar's length, percent of the largest named line; "" for
	// the "other" line, whose sum of many would dwarf every bar.
	Bar string
	// unnamed marks the line of the entries without an activity, which
	// is no activity to count.
	unnamed bool
}

// weekData is one ISO 8601 week of the chart and its data table.
type weekData struct {
	Year, Week int
	Monday     project.Date
	Hours      float64
	// Name ("KW 19/2024"), MondayText and HoursText are set by timesPage.
	Name, MondayText, HoursText string
}

// timesPage shapes the View's time entries (oldest first) for the page,
// marking those isNew reports.
func timesPage(loc *locale, t *access.Times, isNew func(project.Date) bool) (*timesData, error) {
	td := &timesData{Total: round2(t.Total), Count: len(t.Entries)}
	if len(t.Entries) == 0 {
		return td, nil
	}
	tx := &texts{loc: loc}
	activity := map[string]float64{}
	var month project.Date // the first of the last month in ByMonth
	for _, e := range t.Entries {
		td.ShowEmployee = td.ShowEmployee || e.Employee != ""
		activity[e.Activity] += e.Hours

		if first := project.NewDate(e.Date.Year(), e.Date.Month(), 1); first != month {
			month = first
			td.ByMonth = append(td.ByMonth, shareData{Name: loc.month(first)})
		}
		td.ByMonth[len(td.ByMonth)-1].Hours += e.Hours

		y, w := e.Date.ISOWeek()
		if n := len(td.Weeks); n == 0 || td.Weeks[n-1].Year != y || td.Weeks[n-1].Week != w {
			td.Weeks = append(td.Weeks, weekData{Year: y, Week: w, Monday: monday(e.Date)})
			td.Groups = append(td.Groups, groupData{Monday: monday(e.Date)})
		}
		td.Weeks[len(td.Weeks)-1].Hours += e.Hours
		g := &td.Groups[len(td.Groups)-1]
		g.Hours += e.Hours
		g.Entries = append(g.Entries, entryData{
			Date: e.Date, Start: e.Start, End: e.End, Hours: e.Hours,
			Employee: e.Employee, Activity: e.Activity, Note: e.Note,
			DateText: loc.date(e.Date), HoursText: tx.hours(e.Hours), New: isNew(e.Date),
		})
	}
	td.First, td.Last = t.Entries[0].Date, t.Entries[len(t.Entries)-1].Date
	slices.Reverse(td.Groups)
	mark := tx.t("new")
	td.Head = entryHead(tx, td.ShowEmployee)
	for i := range td.Groups {
		g := &td.Groups[i]
		slices.Reverse(g.Entries)
		y, w := g.Monday.ISOWeek()
		g.Hours = round2(g.Hours)
		g.Name, g.HoursText = weekName(tx, weekData{Year: y, Week: w}), tx.hours(g.Hours)
		g.New = slices.ContainsFunc(g.Entries, func(e entryData) bool { return e.New })
		g.Rows = entryRows(g.Entries, td.ShowEmployee, mark)
	}
	td.Weeks = fillWeeks(td.Weeks)
	for i := range td.Weeks {
		w := &td.Weeks[i]
		w.Hours = round2(w.Hours)
		w.Name, w.MondayText, w.HoursText = weekName(tx, *w), loc.date(w.Monday), tx.hours(w.Hours)
	}
	for i := range td.ByMonth {
		td.ByMonth[i].Hours = round2(td.ByMonth[i].Hours)
	}
	td.ByMonth = bars(td.ByMonth)
	td.ByActivity = bars(activities(activity, tx.t("times.no_activity")))
	for _, shares := range [][]shareData{td.ByMonth, td.ByActivity} {
		for i := range shares {
			shares[i].HoursText = tx.hours(shares[i].Hours)
		}
	}
	if tx.err != nil {
		return nil, tx.err
	}
	var err error
	td.Chart, err = weekChart(loc, td.Weeks)
	return td, err
}

// htmlText escapes text for the text of an element or a quoted attribute
// as html/template does, "+" included (template.HTMLEscape leaves it).
var htmlText = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// entryRows writes the rows of the entries table, each cell escaped as
// html/template would: what the built-in theme wrote with a range over
// Entries, byte for byte. A new entry's date carries mark.
func entryRows(entries []entryData, showEmployee bool, mark string) template.HTML {
	var b strings.Builder
	cell := func(class, text string) {
		b.WriteString(`<td class="`)
		b.WriteString(class)
		b.WriteString(`">`)
		htmlText.WriteString(&b, text)
		b.WriteString(`</td>`)
	}
	for _, e := range entries {
		b.WriteString(`
<tr><td class="day"><time datetime="`)
		htmlText.WriteString(&b, e.Date.String())
		b.WriteString(`">`)
		htmlText.WriteString(&b, e.DateText)
		b.WriteString(`</time>`)
		if e.New {
			b.WriteString(` <span class="new">`)
			htmlText.WriteString(&b, mark)
			b.WriteString(`</span>`)
		}
		b.WriteString(`</td>`)
		if showEmployee {
			cell("who", e.Employee)
		}
		cell("what", e.Activity)
		cell("note", e.Note)
		cell("num", e.HoursText)
		b.WriteString(`</tr>`)
	}
	return template.HTML(b.String())
}

// entryHead writes the header row of an entries table.
func entryHead(tx *texts, showEmployee bool) template.HTML {
	var b strings.Builder
	b.WriteString(`<tr>`)
	for _, key := range []string{"times.date", "times.employee", "times.activity", "times.note", "times.hours"} {
		if key == "times.employee" && !showEmployee {
			continue
		}
		b.WriteString(`<th scope="col"`)
		if key == "times.hours" {
			b.WriteString(` class="num"`)
		}
		b.WriteString(`>`)
		htmlText.WriteString(&b, tx.t(key))
		b.WriteString(`</th>`)
	}
	b.WriteString(`</tr>`)
	return template.HTML(b.String())
}

// Limits of the activities summary. Offices describe nearly every entry
// differently: past maxActivities distinct names the summary would only
// repeat the entries, so it is left out; below, it shows at most
// topActivities rows, the last summing up the rest when there are more.
const (
	topActivities = 5
	maxActivities = 8
)

// activities returns the hours per activity, largest first, in at most
// topActivities lines, the last summing up the rest; nil when entries
// name more than maxActivities activities.
func activities(hours map[string]float64, unnamed string) []shareData {
	named := len(hours)
	if _, ok := hours[""]; ok {
		named-- // entries without an activity are not one more to read
	}
	if named > maxActivities {
		return nil
	}
	all := make([]shareData, 0, len(hours))
	for name, h := range hours {
		if name == "" {
			all = append(all, shareData{Name: unnamed, Hours: h, unnamed: true})
		} else {
			all = append(all, shareData{Name: name, Hours: h})
		}
	}
	slices.SortFunc(all, func(a, b shareData) int {
		if c := cmp.Compare(b.Hours, a.Hours); c != 0 {
			return c
		}
		return cmp.Compare(a.Name, b.Name)
	})
	if len(all) > topActivities {
		keep := topActivities - 1
		var rest shareData
		for _, s := range all[keep:] {
			rest.Hours += s.Hours
			if !s.unnamed {
				rest.Rest++
			}
		}
		all = append(all[:keep], rest)
	}
	for i := range all {
		all[i].Hours = round2(all[i].Hours)
	}
	return all
}

// bars sets each named line's bar relative to the largest named line.
func bars(lines []shareData) []shareData {
	var top float64
	for _, l := range lines {
		if l.Rest == 0 {
			top = max(top, l.Hours)
		}
	}
	for i := range lines {
		if lines[i].Rest == 0 {
			lines[i].Bar = ratio(lines[i].Hours, top)
		}
	}
	return lines
}

// monday returns the Monday of d's ISO week.
func monday(d project.Date) project.Date {
	back := (int(d.Weekday()) + 6) % 7 // days since Monday
	return project.Date{Time: d.AddDate(0, 0, -back)}
}

// fillWeeks adds the weeks without entries between the first and the last,
// so that a holiday shows as a gap in the chart instead of vanishing.
func fillWeeks(weeks []weekData) []weekData {
	out := make([]weekData, 0, len(weeks))
	for _, w := range weeks {
		if n := len(out); n > 0 {
			for next := out[n-1].Monday.AddDate(0, 0, 7); next.Before(w.Monday.Time); next = next.AddDate(0, 0, 7) {
				y, wk := next.ISOWeek()
				out = append(out, weekData{Year: y, Week: wk, Monday: project.Date{Time: next}})
			}
		}
		out = append(out, w)
	}
	return out
}
