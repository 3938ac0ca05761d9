package table

import (
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"github.com/vitrine/vitrine/internal/problem"
)

// quoteHint says how to quote a field, for encoding/csv's quoting errors.
const quoteHint = `put quotes around a field that contains quotes, and double the quotes inside: "Fenster ""Nord"""`

// ReadCSV reads data as CSV text: UTF-8 with or without a byte order
// mark, UTF-16 with one, or Windows-1252 (see decode); lines ending in
// "\n", "\r\n" or, from an old Mac, "\r"; the delimiter that a first line
// "sep=X" names for Excel (see sepLine), else ',', ';' or tab, whichever
// the first line uses most. Quoting is strict, as a stray quote usually
// means a shifted column. Rows of empty cells are skipped; a row may have
// any number of cells.
func ReadCSV(name string, data []byte) (*Table, error) {
	if err := checkSize(name, data); err != nil {
		return nil, err
	}
	src, enc, err := decode(name, data)
	if err != nil {
		return nil, err
	}
	src = oldMacLines(src)
	comma, src, named := sepLine(src)
	if !named {
		comma = sniffDelimiter(src)
	}
	cr := csv.NewReader(bytes.NewReader(src))
	cr.Comma = comma
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	t := &Table{Name: name, Encoding: enc}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return t, nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			// encoding/csv cannot resynchronize after a quoting
			// error, so this is the file's only problem.
			return nil, &problem.Problem{File: name, Line: pe.Line, Msg: pe.Err.Error(), Hint: quoteHint}
		}
		if err != nil {
			return nil, err
		}
		row := Row{Cells: make([]string, len(rec)), CellLines: make([]int, len(rec))}
		for i, f := range rec {
			row.Cells[i] = strings.TrimSpace(f)
			row.CellLines[i], _ = cr.FieldPos(i)
		}
		if blank(row.Cells) {
			continue
		}
		row.Line = row.CellLines[0]
		if len(t.Rows) == MaxRows+1 { // the header and MaxRows rows
			return nil, tooManyRows(name, row.Line)
		}
		t.Rows = append(t.Rows, row)
	}
}

// oldMacLines returns src with the line ends of an old Mac, a lone "\r",
// turned into the "\n" that encoding/csv takes for a line end, so that the
// file is not read as one long row. Only text without any "\n" has them:
// in a file of "\r\n" lines, a "\r" alone is inside a quoted field and is
// the user's text.
func oldMacLines(src []byte) []byte {
	if bytes.IndexByte(src, '\n') >= 0 {
		return src
	}
	return bytes.ReplaceAll(src, []byte("\r"), []byte("\n"))
}

// sepLine reads the line "sep=X" that Excel takes, at the very start of a
// file, for the delimiter X (';', ',', tab or '|'), and that programs write
// for German Excel, which would otherwise split at ';' only. It returns the
// delimiter and src with the line emptied but not removed, so that
// encoding/csv skips it and still counts it: the lines it reports stay those
// an editor shows. named is false, and src unchanged, when the first line is
// anything else.
func sepLine(src []byte) (comma rune, rest []byte, named bool) {
	const prefix = "sep="
	if len(src) <= len(prefix) || !bytes.EqualFold(src[:len(prefix)], []byte(prefix)) ||
		!strings.ContainsRune(";,\t|", rune(src[len(prefix)])) {
		return 0, src, false
	}
	rest = src[len(prefix)+1:]
	if len(rest) > 0 && !bytes.HasPrefix(rest, []byte("\n")) && !bytes.HasPrefix(rest, []byte("\r\n")) {
		return 0, src, false
	}
	return rune(src[len(prefix)]), rest, true
}

// sniffDelimiter picks the most frequent of ';', ',' and tab outside quotes
// in the first line with content; ';' on a tie, as German Excel writes it.
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
