// Package table reads a spreadsheet-like file, a CSV export in whatever
// encoding an office program wrote or an Excel .xlsx workbook, into rows of
// trimmed cell texts. It knows nothing of what the columns mean: that is
// the business of the caller (internal/content).
package table

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"

	"github.com/vitrine/vitrine/internal/problem"
)

// Table is the rows of one file, as a reader found them.
type Table struct {
	Name     string // the file as the user sees it, for messages
	Sheet    string // the sheet read, for .xlsx; "" for CSV
	Rows     []Row  // non-blank rows in file order, the header first
	Encoding string // what the bytes were, e.g. "UTF-8", "UTF-16LE", "Windows-1252" (check prints it); "" for .xlsx
}

// Row is one record.
type Row struct {
	Line      int      // line (CSV: of the record's first field, as an editor shows it) or row number (xlsx)
	Cells     []string // trimmed cell texts
	CellLines []int    // the line of each cell (differs after a quoted line break); same length as Cells
}

// The caps of one file. They sit far above what an office exports for its
// projects (a large renovation has about 10,000 rows), so that only a
// mistake, such as a whole company's history, hits them; they keep the
// entries of every file near 10 MB in memory.
// MaxRows counts the rows below the header.
const (
	MaxBytes = 16 << 20
	MaxRows  = 50_000
)

// tooLargeHint says what to do about a file past a cap.
const tooLargeHint = "export a shorter period, or only the projects you publish"

// Magic numbers at the start of a file.
var (
	zipMagic = []byte("PK\x03\x04")
	// oleMagic starts an old binary .xls workbook, and an .xlsx that Excel
	// encrypted with a password.
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

// Read reads data as CSV or .xlsx by the extension of name
// (case-insensitive), and otherwise by its content: a zip archive (or an
// old binary workbook, which ReadXLSX explains) is a workbook, anything
// else CSV text.
func Read(name string, data []byte) (*Table, error) {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".csv":
		return ReadCSV(name, data)
	case ".xlsx":
		return ReadXLSX(name, data)
	}
	if bytes.HasPrefix(data, zipMagic) || bytes.HasPrefix(data, oleMagic) {
		return ReadXLSX(name, data)
	}
	return ReadCSV(name, data)
}

// checkSize refuses data larger than MaxBytes.
func checkSize(name string, data []byte) error {
	if len(data) <= MaxBytes {
		return nil
	}
	return &problem.Problem{
		File: name,
		Msg:  fmt.Sprintf("is more than the limit of %d MiB", MaxBytes>>20),
		Hint: tooLargeHint,
	}
}

// tooManyRows is the problem of a file with more than MaxRows rows below
// its header; line is where the first row past the cap starts.
func tooManyRows(name string, line int) *problem.Problem {
	return &problem.Problem{
		File: name, Line: line,
		Msg:  fmt.Sprintf("has more than %d rows", MaxRows),
		Hint: tooLargeHint,
	}
}

// blank reports whether every cell is empty; exports often end with rows
// of empty cells (";;;;;").
func blank(cells []string) bool {
	for _, c := range cells {
		if c != "" {
			return false
		}
	}
	return true
}
