package content

import (
	"fmt"
	"strings"

	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
	"github.com/vitrine/vitrine/internal/table"
)

// Export is one time-tracking export as vitrine understood it.
type Export struct {
	// Format names the tool whose header the file carries: "Kimai",
	// "Clockify", "Toggl Track", "Harvest", or "vitrine" for the office's
	// own spreadsheet and any other file with vitrine's column names.
	Format string
	// Dates is the date convention decided for the whole file, e.g.
	// "DD.MM.YYYY", "YYYY-MM-DD" or "MM/DD/YYYY, 12-hour times"; "" when
	// the file has no rows.
	Dates string
	Rows  []ExportRow
}

// ExportRow is one time entry and the project it names.
type ExportRow struct {
	Line int // as the table reports it
	// Project holds the non-empty cells of the project columns (name,
	// number, code), for routing; nil when the file has none.
	Project []string
	Entry   project.TimeEntry
}

// maxRowProblems caps the rows reported: a file exported in the wrong
// format fails on every row, and a thousand identical lines help nobody.
const maxRowProblems = 20

// ReadExport understands the rows of t: it detects the format by the
// header, decides the date convention for the whole file, and converts
// every row. All bad rows are reported together as a problem.List (or one
// *problem.Problem), each naming the file, the line and the column as the
// header spells it, up to maxRowProblems.
func ReadExport(t *table.Table) (*Export, error) {
	return readExport(t, nil)
}

// readExport is ReadExport; with an owner, rows of other projects are
// refused (see ours) before their values are read, since their faults are
// not this project's business.
func readExport(t *table.Table, owner *project.Project) (*Export, error) {
	if len(t.Rows) == 0 {
		return &Export{Format: vitrineFormat.name}, nil
	}
	x := &exportReader{file: t.Name, owner: owner}
	if err := x.header(t.Rows[0]); err != nil {
		return nil, err
	}
	rows := t.Rows[1:]
	if err := x.decideDates(rows); err != nil {
		return nil, err
	}
	out := &Export{Format: x.format.name, Dates: x.dates.String()}
	for _, r := range rows {
		if x.owner != nil && !x.ours(r) {
			continue
		}
		if e, ok := x.row(r); ok {
			out.Rows = append(out.Rows, ExportRow{Line: r.Line, Project: x.projectCells(r), Entry: e})
		}
	}
	if x.more > 0 {
		x.problems = append(x.problems, &problem.Problem{
			File: x.file,
			Msg:  fmt.Sprintf("%d more problems not shown", x.more),
		})
	}
	if err := errOf(x.problems); err != nil {
		return nil, err
	}
	return out, nil
}

// exportReader holds the state of one readExport call.
type exportReader struct {
	file   string
	owner  *project.Project // nil: every project's rows are read
	format *format
	heads  []string       // the header row, each name as written
	cols   [numFields]int // cell index of each field; -1 when absent
	// projects holds the index of every project column, as a file may
	// have several (Harvest: "Project" and "Project Code").
	projects []int
	// known remembers the project cells found to name owner, as the rows
	// of one project repeat the same few.
	known    map[string]bool
	dates    dateConvention
	problems problem.List
	more     int // problems beyond maxRowProblems
}

// header detects the format and finds the columns of the header row r.
func (x *exportReader) header(r table.Row) error {
	x.heads = r.Cells
	x.format = detectFormat(r.Cells)
	for c := range x.cols {
		x.cols[c] = -1
	}
	for i, h := range r.Cells {
		c, ok := x.format.field(h)
		switch {
		case !ok:
			continue
		case c == fieldProject:
			x.projects = append(x.projects, i)
			continue
		case x.cols[c] >= 0:
			return &problem.Problem{
				File: x.file, Line: r.Line, Field: h,
				Msg:  fmt.Sprintf("means the same as column %q", x.heads[x.cols[c]]),
				Hint: "remove or rename one of the two columns",
			}
		}
		x.cols[c] = i
	}
	var problems problem.List
	if x.cols[fieldDate] < 0 {
		problems = append(problems, &problem.Problem{
			File: x.file, Line: r.Line,
			Msg:  "the header row has no date column",
			Hint: "the first row must name the columns, e.g. Datum;Mitarbeiter;Stunden;Tätigkeit",
		})
	}
	if x.hoursColumn() < 0 && (x.cols[fieldStart] < 0 || x.cols[fieldEnd] < 0) {
		problems = append(problems, &problem.Problem{
			File: x.file, Line: r.Line,
			Msg:  "the header row has no hours column and no start and end columns",
			Hint: "add a column hours (or Stunden, Dauer), or start and end (or Beginn, Ende)",
		})
	}
	return errOf(problems)
}

// hoursColumn is the index of the column the hours are read from first:
// the decimal hours, which the tools compute exactly, else the duration;
// -1 when the file has neither.
func (x *exportReader) hoursColumn() int {
	if i := x.cols[fieldDecimal]; i >= 0 {
		return i
	}
	return x.cols[fieldDuration]
}

// row converts one row; ok is false when it had a problem.
func (x *exportReader) row(r table.Row) (e project.TimeEntry, ok bool) {
	ok = true
	fail := func(i int, msg, hint string) {
		ok = false
		x.badAt(r, i, msg, hint)
	}
	e.Employee = x.employee(r)
	e.Activity = x.get(r, fieldActivity)
	e.Note = x.get(r, fieldNote)

	if s := x.get(r, fieldDate); s == "" {
		fail(x.cols[fieldDate], "is empty", dateHint)
	} else if d, err := x.dates.parse(s); err != nil {
		fail(x.cols[fieldDate], err.Error(), x.dates.hint())
	} else {
		e.Date = d
	}

	start, hasStart := x.clock(r, fieldStart, fail)
	end, hasEnd := x.clock(r, fieldEnd, fail)
	if hasStart {
		e.Start = start.String()
	}
	if hasEnd {
		e.End = end.String()
	}

	// Explicit hours win over start and end: exports subtract breaks.
	hi, hasHours := x.hours(r)
	switch {
	case hasHours:
		h, err := parseDuration(cell(r, hi))
		if err != nil {
			fail(hi, err.Error(), hoursHint)
		}
		e.Hours = h
	case hasStart && hasEnd:
		if end <= start {
			fail(x.cols[fieldEnd], fmt.Sprintf("%s is not after the start %s", end, start),
				"write the end of the work; work past midnight belongs on two rows")
		}
		e.Hours = float64(end-start) / 60
	case x.get(r, fieldStart) != "" && !hasStart, x.get(r, fieldEnd) != "" && !hasEnd:
		// A start or end that did not parse is already reported.
	case x.hoursColumn() >= 0:
		fail(x.hoursColumn(), "is empty and the row has no start and end",
			"write the hours, e.g. 7,5, or the start and end, e.g. 07:30 and 16:00")
	case !hasStart:
		fail(x.cols[fieldStart], "is empty", clockHint)
	default:
		fail(x.cols[fieldEnd], "is empty", clockHint)
	}
	return e, ok
}

// hours returns the index of the first non-empty hours cell of r, decimal
// before duration.
func (x *exportReader) hours(r table.Row) (int, bool) {
	for _, c := range []field{fieldDecimal, fieldDuration} {
		if x.get(r, c) != "" {
			return x.cols[c], true
		}
	}
	return -1, false
}

// employee names who worked: the display name, else first and last
// name, else the login.
func (x *exportReader) employee(r table.Row) string {
	if s := x.get(r, fieldEmployee); s != "" {
		return s
	}
	if s := strings.TrimSpace(x.get(r, fieldFirstName) + " " + x.get(r, fieldLastName)); s != "" {
		return s
	}
	return x.get(r, fieldUser)
}

// projectCells returns the non-empty project cells of r, or nil.
func (x *exportReader) projectCells(r table.Row) []string {
	var out []string
	for _, i := range x.projects {
		if s := cell(r, i); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// clock parses the time of day in column c; set is false when the cell is
// absent, empty or bad (bad cells are reported through fail).
func (x *exportReader) clock(r table.Row, c field, fail func(int, string, string)) (v clock, set bool) {
	s := x.get(r, c)
	if s == "" {
		return 0, false
	}
	v, err := parseTimeOfDay(s)
	if err != nil {
		fail(x.cols[c], err.Error(), clockHint)
		return 0, false
	}
	return v, true
}

// get returns the cell of field c, or "" when the file or the row has no
// such column.
func (x *exportReader) get(r table.Row, c field) string {
	return cell(r, x.cols[c])
}

// cell returns the trimmed cell i of r, or "" when r is shorter or i is -1.
func cell(r table.Row, i int) string {
	if i >= 0 && i < len(r.Cells) {
		return strings.TrimSpace(r.Cells[i])
	}
	return ""
}

// badAt records a problem in cell i of r. The line is the cell's own,
// which differs from the row's first line after a quoted line break.
func (x *exportReader) badAt(r table.Row, i int, msg, hint string) {
	if len(x.problems) >= maxRowProblems {
		x.more++
		return
	}
	line := r.Line
	if i < len(r.CellLines) {
		line = r.CellLines[i]
	}
	x.problems = append(x.problems, &problem.Problem{
		File: x.file, Line: line, Field: x.heads[i], Msg: msg, Hint: hint,
	})
}
