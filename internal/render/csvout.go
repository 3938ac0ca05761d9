package render

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"

	"github.com/vitrine/vitrine/internal/access"
	"github.com/vitrine/vitrine/internal/project"
)

// csvFile is the time entries' download in a link folder.
const csvFile = "times.csv"

// timesCSV writes v's time entries the way spreadsheets in the locale open
// them without an import dialog: UTF-8 with BOM (Excel's cue for UTF-8),
// ";" as delimiter, the locale's decimal separator, CRLF line ends.
func timesCSV(loc *locale, v *access.View) ([]byte, error) {
	// Employees are named only when the link shows the team; the View has
	// blanked them otherwise, and an empty column would just puzzle.
	team := v.Has(project.SectionTeam)
	keys := []string{"times.date", "times.hours", "times.activity", "times.note"}
	if team {
		keys = []string{"times.date", "times.employee", "times.hours", "times.activity", "times.note"}
	}
	header := make([]string, len(keys))
	for i, k := range keys {
		var err error
		if header[i], err = loc.label(k); err != nil {
			return nil, err
		}
	}
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	w.Comma, w.UseCRLF = ';', true
	_ = w.Write(header)
	for _, e := range v.Times.Entries {
		row := []string{loc.csvDate(e.Date)}
		if team {
			row = append(row, cell(e.Employee))
		}
		row = append(row, decimal(e.Hours, 2, true, loc.Decimal, ""), cell(e.Activity), cell(e.Note))
		_ = w.Write(row)
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, fmt.Errorf("write %s: %w", csvFile, err)
	}
	return buf.Bytes(), nil
}

// cell neutralises text that a spreadsheet would run as a formula
// ("=HYPERLINK(…)"): an apostrophe makes it plain text, and spreadsheets
// hide it.
func cell(s string) string {
	if s != "" && strings.ContainsAny(s[:1], "=+-@\t\r") {
		return "'" + s
	}
	return s
}
