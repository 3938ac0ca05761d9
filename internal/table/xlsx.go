package table

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/vitrine/vitrine/internal/problem"
)

// unzipLimit caps what a workbook may unpack to: a 16 MiB workbook of
// text unpacks to about 200 MiB of XML, and a zip bomb must stop here.
const unzipLimit = 512 << 20

// saveAsXLSX is the advice for a workbook vitrine cannot open.
const saveAsXLSX = `open it in Excel and save it again: Datei › Speichern unter › "Excel-Arbeitsmappe (*.xlsx)" without a password, or "CSV UTF-8 (durch Trennzeichen getrennt)"`

// ReadXLSX reads one sheet of an Excel workbook: the first of
// preferredSheets that the workbook has (compared case-insensitively, as
// tools vary "Detailed Report" and "Detailed report"), else its first
// sheet. Cells read as a user sees them but machine-readable, whatever the
// workbook's locale: dates as 2006-01-02, date-times as
// 2006-01-02 15:04:05, times as 15:04:05, durations ([h]:mm:ss) as
// h:mm:ss, other numbers as Go writes a float (7.5, no thousands
// separators), formulas as the value Excel saved with them. Row.Line is
// the row number Excel shows; empty rows are skipped.
func ReadXLSX(name string, data []byte, preferredSheets ...string) (*Table, error) {
	if err := checkSize(name, data); err != nil {
		return nil, err
	}
	if bytes.HasPrefix(data, oleMagic) {
		return nil, &problem.Problem{
			File: name,
			Msg:  "is an old Excel workbook (.xls) or one protected by a password",
			Hint: saveAsXLSX,
		}
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: unzipLimit})
	if err != nil {
		return nil, &problem.Problem{File: name, Msg: "cannot be read as an Excel workbook (.xlsx): " + err.Error(), Hint: saveAsXLSX}
	}
	defer f.Close()
	t := &Table{Name: name, Sheet: pickSheet(f.GetSheetList(), preferredSheets)}
	if t.Sheet == "" {
		return nil, &problem.Problem{File: name, Msg: "has no worksheet", Hint: saveAsXLSX}
	}
	if err := machineFormats(f); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	rows, err := f.Rows(t.Sheet)
	if err != nil {
		return nil, fmt.Errorf("read %s: sheet %q: %w", name, t.Sheet, err)
	}
	defer rows.Close()
	// Next visits every row number up to the last, also those the XML
	// leaves out, so counting calls gives the row number.
	for line := 1; rows.Next(); line++ {
		cells, err := rows.Columns()
		if err != nil {
			return nil, fmt.Errorf("read %s: sheet %q, row %d: %w", name, t.Sheet, line, err)
		}
		row := Row{Line: line, Cells: cells, CellLines: make([]int, len(cells))}
		for i, c := range cells {
			row.Cells[i] = strings.TrimSpace(c)
			row.CellLines[i] = line
		}
		if blank(row.Cells) {
			continue
		}
		if len(t.Rows) == MaxRows+1 { // the header and MaxRows rows
			return nil, tooManyRows(name, line)
		}
		t.Rows = append(t.Rows, row)
	}
	if err := rows.Error(); err != nil {
		if errors.Is(err, excelize.ErrMaxRows) {
			return nil, tooManyRows(name, MaxRows)
		}
		return nil, fmt.Errorf("read %s: sheet %q: %w", name, t.Sheet, err)
	}
	return t, nil
}

// pickSheet returns the first of preferred that sheets has, in the
// workbook's spelling, else the first sheet, else "".
func pickSheet(sheets, preferred []string) string {
	for _, p := range preferred {
		for _, s := range sheets {
			if strings.EqualFold(s, p) {
				return s
			}
		}
	}
	if len(sheets) == 0 {
		return ""
	}
	return sheets[0]
}
