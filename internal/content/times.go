package content

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
)

// column is the meaning of a times.csv column.
type column int

const (
	colDate column = iota
	colStart
	colEnd
	colHours
	colEmployee
	colActivity
	colNote
	colProject
	numColumns
)

// columnNames lists, for each column vitrine reads, the header names that
// mean it, as normalizeHeader returns them. It is the one table that
// teaches vitrine an export format's words: German exports name columns in
// German, tools without umlauts spell Tätigkeit "taetigkeit". Every other
// column (rates, amounts, e-mail, staff numbers, tags) is never read, so
// it cannot reach a page or the times.csv download.
var columnNames = [numColumns][]string{
	colDate:     {"date", "datum"},
	colStart:    {"start", "beginn"},
	colEnd:      {"end", "ende"},
	colHours:    {"hours", "stunden", "dauer"},
	colEmployee: {"employee", "mitarbeiter"},
	colActivity: {"activity", "tätigkeit", "taetigkeit"},
	colNote:     {"note", "notiz", "bemerkung"},
	colProject:  {"projekt", "project", "projektnummer", "project number", "project code"},
}

// headerColumn maps a normalized header name to its column.
var headerColumn = func() map[string]column {
	m := map[string]column{}
	for c, names := range columnNames {
		for _, n := range names {
			m[n] = column(c)
		}
	}
	return m
}()

// unitSuffix matches a unit after a header name, as in "Dauer (h)".
var unitSuffix = regexp.MustCompile(`\s*[(\[][^)\]]*[)\]]$`)

// normalizeHeader lower-cases h, drops a unit suffix and collapses inner
// white space ("Project  Number").
func normalizeHeader(h string) string {
	return strings.Join(strings.Fields(unitSuffix.ReplaceAllString(strings.ToLower(strings.TrimSpace(h)), "")), " ")
}

// maxRowProblems caps the rows reported: a file exported in the wrong
// format fails on every row, and a thousand identical lines help nobody.
const maxRowProblems = 20

// ReadTimes parses a times.csv export (SPEC §3) of the project owner and
// returns its entries in file order. name is the file as the user sees it
// and is used in errors only. All bad rows are reported together as a
// problem.List (or one *problem.Problem), each naming the line as an
// editor shows it and the column as the header spells it. An empty file
// has no entries.
//
// A file with a project column (exports often cover several projects) is
// refused unless every row names owner (project.Project.KnownAs), so that
// no row of another customer is published. A row whose project cell is
// empty is refused too: whose work it was is unknown.
//
// ReadTimes reads at most timesLimit bytes and maxTimesRows rows of r.
func ReadTimes(name string, r io.Reader, owner *project.Project) ([]project.TimeEntry, error) {
	src, err := timesLimit.readAll(name, r)
	if err != nil {
		return nil, err
	}
	src = bytes.TrimPrefix(src, utf8BOM)
	if p := checkUTF8(name, src); p != nil {
		return nil, p
	}
	cr := csv.NewReader(bytes.NewReader(src))
	cr.Comma = sniffDelimiter(src)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	t := &timesReader{file: name, cr: cr, owner: owner}
	return t.read()
}

// timesReader holds the state of one ReadTimes call.
type timesReader struct {
	file  string
	cr    *csv.Reader
	owner *project.Project
	heads []string        // the header row, each name trimmed as written
	cols  [numColumns]int // record index of each column; -1 when absent
	// projects holds the record index of every project column, as a file
	// may have several (Harvest: "Project" and "Project Code").
	projects []int
	problems problem.List
	more     int // problems beyond maxRowProblems
}

// read reads the header and then every row, collecting the problems.
func (t *timesReader) read() ([]project.TimeEntry, error) {
	header, err := t.next()
	if err == io.EOF {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if err := t.header(header); err != nil {
		return nil, err
	}
	var out []project.TimeEntry
	for rows := 0; ; rows++ {
		rec, err := t.next()
		if err == io.EOF {
			break
		}
		var p *problem.Problem
		if errors.As(err, &p) {
			// encoding/csv cannot resynchronize after a quoting error.
			t.problems = append(t.problems, p)
			break
		}
		if err != nil {
			return nil, err
		}
		if rows == maxTimesRows {
			line, _ := t.cr.FieldPos(0)
			t.problems = append(t.problems, &problem.Problem{
				File: t.file, Line: line,
				Msg:  fmt.Sprintf("has more than %d rows", maxTimesRows),
				Hint: timesLimit.hint,
			})
			break
		}
		if e, ok := t.row(rec); ok {
			out = append(out, e)
		}
	}
	if t.more > 0 {
		t.problems = append(t.problems, &problem.Problem{
			File: t.file,
			Msg:  fmt.Sprintf("%d more problems not shown", t.more),
		})
	}
	if err := errOf(t.problems); err != nil {
		return nil, err
	}
	return out, nil
}

// next returns the next record with any content; exports often end with
// rows of empty cells (";;;;;").
func (t *timesReader) next() ([]string, error) {
	for {
		rec, err := t.cr.Read()
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, &problem.Problem{
				File: t.file,
				Line: pe.Line,
				Msg:  pe.Err.Error(),
				Hint: `put quotes around a field that contains quotes, and double the quotes inside: "Fenster ""Nord"""`,
			}
		}
		if err != nil {
			return nil, err
		}
		for _, f := range rec {
			if strings.TrimSpace(f) != "" {
				return rec, nil
			}
		}
	}
}

// header finds the columns of the header record rec.
func (t *timesReader) header(rec []string) error {
	for c := range t.cols {
		t.cols[c] = -1
	}
	line, _ := t.cr.FieldPos(0)
	for i, h := range rec {
		h = strings.TrimSpace(h)
		t.heads = append(t.heads, h)
		c, ok := headerColumn[normalizeHeader(h)]
		switch {
		case !ok:
			continue
		case c == colProject:
			t.projects = append(t.projects, i)
			continue
		case t.cols[c] >= 0:
			return &problem.Problem{
				File: t.file, Line: line, Field: h,
				Msg:  fmt.Sprintf("means the same as column %q", t.heads[t.cols[c]]),
				Hint: "remove or rename one of the two columns",
			}
		}
		t.cols[c] = i
	}
	var problems problem.List
	if t.cols[colDate] < 0 {
		problems = append(problems, &problem.Problem{
			File: t.file, Line: line,
			Msg:  "the header row has no date column",
			Hint: "the first row must name the columns, e.g. Datum;Mitarbeiter;Stunden;Tätigkeit",
		})
	}
	if t.cols[colHours] < 0 && (t.cols[colStart] < 0 || t.cols[colEnd] < 0) {
		problems = append(problems, &problem.Problem{
			File: t.file, Line: line,
			Msg:  "the header row has no hours column and no start and end columns",
			Hint: "add a column hours (or Stunden, Dauer), or start and end (or Beginn, Ende)",
		})
	}
	return errOf(problems)
}

// row converts one record; ok is false when it had a problem.
func (t *timesReader) row(rec []string) (e project.TimeEntry, ok bool) {
	if !t.ours(rec) {
		// Another project's row: its other faults are not this
		// project's business.
		return e, false
	}
	ok = true
	fail := func(c column, msg, hint string) {
		ok = false
		t.bad(rec, c, msg, hint)
	}
	e.Employee = t.get(rec, colEmployee)
	e.Activity = t.get(rec, colActivity)
	e.Note = t.get(rec, colNote)

	if s := t.get(rec, colDate); s == "" {
		fail(colDate, "is empty", dateHint)
	} else if d, err := parseDate(s); err != nil {
		fail(colDate, err.Error(), dateHint)
	} else {
		e.Date = d
	}

	start, hasStart := t.clock(rec, colStart, fail)
	end, hasEnd := t.clock(rec, colEnd, fail)
	if hasStart {
		e.Start = start.String()
	}
	if hasEnd {
		e.End = end.String()
	}

	// Explicit hours win over start and end: exports subtract breaks.
	switch s := t.get(rec, colHours); {
	case s != "":
		h, err := parseHours(s)
		if err != nil {
			fail(colHours, err.Error(), hoursHint)
		}
		e.Hours = h
	case hasStart && hasEnd:
		if end <= start {
			fail(colEnd, fmt.Sprintf("%s is not after the start %s", end, start),
				"write the end of the work; work past midnight belongs on two rows")
		}
		e.Hours = float64(end-start) / 60
	case t.get(rec, colStart) != "" && !hasStart, t.get(rec, colEnd) != "" && !hasEnd:
		// A start or end that did not parse is already reported.
	case t.cols[colHours] >= 0:
		fail(colHours, "is empty and the row has no start and end",
			"write the hours, e.g. 7,5, or the start and end, e.g. 07:30 and 16:00")
	case !hasStart:
		fail(colStart, "is empty", clockHint)
	default:
		fail(colEnd, "is empty", clockHint)
	}
	return e, ok
}

// ours reports whether rec belongs to the owner: every non-empty project
// cell names it, and at least one is not empty. A file without a project
// column is the project's own. Rows that are not are reported.
func (t *timesReader) ours(rec []string) bool {
	named := false
	for _, i := range t.projects {
		cell := ""
		if i < len(rec) {
			cell = strings.TrimSpace(rec[i])
		}
		if cell == "" {
			continue
		}
		if !t.owner.KnownAs(cell) {
			t.badAt(rec, i, fmt.Sprintf("%q is another project; this file belongs to %s", cell, ownerName(t.owner)),
				"delete the rows of other projects, or if it is this project under another name, add it to import_names in project.yaml")
			return false
		}
		named = true
	}
	if !named && len(t.projects) > 0 {
		t.badAt(rec, t.projects[0], "is empty, so the row may belong to another project",
			"write the project's number in the row, or delete the row")
		return false
	}
	return true
}

// ownerName names p for the office: its name, with the number in front
// when the name does not contain it.
func ownerName(p *project.Project) string {
	if p.Number != "" && !strings.Contains(p.Name, p.Number) {
		return strings.TrimSpace(p.Number + " " + p.Name)
	}
	return p.Name
}

// clock parses the time of day in column c; set is false when the cell is
// absent, empty or bad (bad cells are reported through fail).
func (t *timesReader) clock(rec []string, c column, fail func(column, string, string)) (v clock, set bool) {
	s := t.get(rec, c)
	if s == "" {
		return 0, false
	}
	v, err := parseClock(s)
	if err != nil {
		fail(c, err.Error(), clockHint)
		return 0, false
	}
	return v, true
}

// get returns the trimmed cell of column c, or "" when the file or the
// record has no such column.
func (t *timesReader) get(rec []string, c column) string {
	if i := t.cols[c]; i >= 0 && i < len(rec) {
		return strings.TrimSpace(rec[i])
	}
	return ""
}

// bad records a problem in column c of rec.
func (t *timesReader) bad(rec []string, c column, msg, hint string) {
	t.badAt(rec, t.cols[c], msg, hint)
}

// badAt records a problem in the field i of rec. The line is the field's
// own, which differs from the record's first line after a quoted line
// break.
func (t *timesReader) badAt(rec []string, i int, msg, hint string) {
	if len(t.problems) >= maxRowProblems {
		t.more++
		return
	}
	line, _ := t.cr.FieldPos(min(i, len(rec)-1))
	t.problems = append(t.problems, &problem.Problem{
		File: t.file, Line: line, Field: t.heads[i], Msg: msg, Hint: hint,
	})
}

// sniffDelimiter picks the most frequent of ';', ',' and tab outside quotes
// in the first non-blank line, the header. A tie goes to ';', the German
// Excel default.
func sniffDelimiter(src []byte) rune {
	counts := map[rune]int{}
	quoted, content := false, false
scan:
	for _, b := range src {
		switch {
		case b == '"':
			quoted = !quoted
		case quoted:
		case b == '\n':
			if content {
				break scan
			}
		case b == ';' || b == ',' || b == '\t':
			counts[rune(b)]++
			content = true
		case b != ' ' && b != '\r':
			content = true
		}
	}
	best := ';'
	for _, d := range []rune{',', '\t'} {
		if counts[d] > counts[best] {
			best = d
		}
	}
	return best
}
