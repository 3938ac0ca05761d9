package table

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"

	"github.com/vitrine/vitrine/internal/problem"
)

// encode returns s in enc, failing the test when enc cannot write it.
func encode(t *testing.T, enc encoding.Encoding, s string) []byte {
	t.Helper()
	b, err := enc.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatalf("encode %q: %v", s, err)
	}
	return b
}

// cells returns the cells of every row of tb.
func cells(tb *Table) [][]string {
	var out [][]string
	for _, r := range tb.Rows {
		out = append(out, r.Cells)
	}
	return out
}

// german is a header and a row with every letter and mark German exports
// have outside ASCII.
const german = "Datum;Mitarbeiter;Tätigkeit;Notiz\r\n03.05.2024;Jörg Weiß;Fliesen „Nord“ – Bad;Übergabe: 12,50 € für Öl\r\n"

var germanCells = [][]string{
	{"Datum", "Mitarbeiter", "Tätigkeit", "Notiz"},
	{"03.05.2024", "Jörg Weiß", "Fliesen „Nord“ – Bad", "Übergabe: 12,50 € für Öl"},
}

func TestReadCSVEncodings(t *testing.T) {
	utf16LE := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM)
	utf16BE := xunicode.UTF16(xunicode.BigEndian, xunicode.UseBOM)
	// Excel's "Unicode-Text" is UTF-16LE with a BOM, separated by tabs.
	unicodeText := strings.ReplaceAll(german, ";", "\t")
	for _, tc := range []struct {
		name string
		data []byte
		enc  string
		want [][]string
	}{
		{"UTF-8", []byte(german), "UTF-8", germanCells},
		{"UTF-8 with BOM", append([]byte("\ufeff"), german...), "UTF-8", germanCells},
		{"UTF-16LE Unicode-Text", encode(t, utf16LE, unicodeText), "UTF-16LE", germanCells},
		{"UTF-16BE", encode(t, utf16BE, unicodeText), "UTF-16BE", germanCells},
		{"Windows-1252", encode(t, charmap.Windows1252, german), "Windows-1252", germanCells},
		{
			"ISO-8859-1 letters",
			encode(t, charmap.ISO8859_1, "Datum,Mitarbeiter\n03.05.2024,Jörg Weiß\n"),
			"Windows-1252",
			[][]string{{"Datum", "Mitarbeiter"}, {"03.05.2024", "Jörg Weiß"}},
		},
		{"commas", []byte("a,b;c,d\n1,2;3,4\n"), "UTF-8", [][]string{{"a", "b;c", "d"}, {"1", "2;3", "4"}}},
		{"empty", nil, "UTF-8", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb, err := ReadCSV("times.csv", tc.data)
			if err != nil {
				t.Fatal(err)
			}
			if tb.Encoding != tc.enc || tb.Name != "times.csv" || tb.Sheet != "" {
				t.Errorf("Encoding, Name, Sheet = %q, %q, %q; want %q, times.csv, empty", tb.Encoding, tb.Name, tb.Sheet, tc.enc)
			}
			if got := cells(tb); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("cells = %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestReadCSVRefused(t *testing.T) {
	cp1252 := func(s string) []byte { return encode(t, charmap.Windows1252, s) }
	for _, tc := range []refusal{
		{"binary", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 3, "contains NUL bytes", "CSV UTF-8"},
		{"UTF-16 without BOM", encode(t, xunicode.UTF16(xunicode.LittleEndian, xunicode.IgnoreBOM), "a\tb\n"), 1, "UTF-16 without a byte order mark", "CSV UTF-8"},
		{"C1 control", append([]byte("Datum;Notiz\n03.05.2024;x"), 0x81, '\n'), 2, "neither UTF-8 nor Windows-1252", "Speichern unter"},
		{"cp1252 box drawing", append(cp1252("Datum;Notiz\nü\n"), 0xA6, '\n'), 3, "neither UTF-8 nor Windows-1252", "CSV UTF-8"},
		{"mixed encodings", append([]byte("Datum;Tätigkeit\nx\n"), cp1252("Jörg\n")...), 3, "neither UTF-8 nor Windows-1252", "CSV UTF-8"},
		{"BOM but not UTF-8", append([]byte("\ufeffa;b\n"), cp1252("ä\n")...), 2, "starts with a UTF-8 byte order mark", "CSV UTF-8"},
		{"bad UTF-16", []byte{0xFF, 0xFE, 'a', 0, '\n', 0, 0x00, 0xD8, 'b', 0}, 2, "not valid UTF-16LE", "CSV UTF-8"},
		{"quote", []byte("Datum;Notiz\n03.05.2024;Fenster \"Nord\"\n"), 2, "bare \"", `""Nord""`},
		{"quote after a sep line", []byte("sep=;\r\nDatum;Notiz\r\n03.05.2024;Fenster \"Nord\"\r\n"), 3, "bare \"", `""Nord""`},
		{"quote in old Mac lines", []byte("Datum;Notiz\r\r03.05.2024;Fenster \"Nord\"\r"), 3, "bare \"", `""Nord""`},
		{"C1 control in old Mac lines", append([]byte("Datum;Notiz\r03.05.2024;x\r"), 0x81, '\r'), 3, "neither UTF-8 nor Windows-1252", "CSV UTF-8"},
		{"too many rows", bytes.Repeat([]byte("1\n"), MaxRows+2), MaxRows + 2, "more than 50000 rows", "shorter period"},
		{"too large", make([]byte, MaxBytes+1), 0, "more than the limit of 16 MiB", "shorter period"},
	} {
		tc.check(t, ReadCSV, "times.csv")
	}
}

// refusal is a file a reader must refuse, and the problem it must report.
type refusal struct {
	name string
	data []byte
	line int
	msg  string // a part of the problem's Msg
	hint string // a part of its Hint
}

// check runs read on r's data as the file name in a subtest.
func (r refusal) check(t *testing.T, read func(string, []byte) (*Table, error), name string) {
	t.Run(r.name, func(t *testing.T) {
		_, err := read(name, r.data)
		var p *problem.Problem
		if !errors.As(err, &p) {
			t.Fatalf("err = %v, want a *problem.Problem", err)
		}
		if p.File != name || p.Line != r.line || !strings.Contains(p.Msg, r.msg) || !strings.Contains(p.Hint, r.hint) {
			t.Errorf("problem = %#v\nwant line %d, msg with %q, hint with %q", p, r.line, r.msg, r.hint)
		}
	})
}

func TestReadCSVLines(t *testing.T) {
	src := "\r\nDatum;Notiz;Stunden\r\n;;\r\n03.05.2024;\"erste Zeile\r\nzweite Zeile\";  7,5 \r\n\r\n04.05.2024;\"a\"\"b\";8\r\n"
	tb, err := ReadCSV("times.csv", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{
		{Line: 2, Cells: []string{"Datum", "Notiz", "Stunden"}, CellLines: []int{2, 2, 2}},
		{Line: 4, Cells: []string{"03.05.2024", "erste Zeile\nzweite Zeile", "7,5"}, CellLines: []int{4, 4, 5}},
		{Line: 7, Cells: []string{"04.05.2024", `a"b`, "8"}, CellLines: []int{7, 7, 7}},
	}
	if !reflect.DeepEqual(tb.Rows, want) {
		t.Errorf("rows = %+v\nwant %+v", tb.Rows, want)
	}
}

func TestRead(t *testing.T) {
	for _, name := range []string{"times.CSV", "export"} {
		tb, err := Read(name, []byte("a;b\n1;2\n"))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := cells(tb); !reflect.DeepEqual(got, [][]string{{"a", "b"}, {"1", "2"}}) {
			t.Errorf("%s: cells = %q", name, got)
		}
	}
}

// readable is a file ReadCSV must read, and the rows it must give.
type readable struct {
	name string
	data []byte
	want []Row
}

// check reads r's data in a subtest.
func (r readable) check(t *testing.T) {
	t.Run(r.name, func(t *testing.T) {
		tb, err := ReadCSV("times.csv", r.data)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(tb.Rows, r.want) {
			t.Errorf("rows = %+v\nwant %+v", tb.Rows, r.want)
		}
	})
}

func TestReadCSVSepLine(t *testing.T) {
	utf16LE := xunicode.UTF16(xunicode.LittleEndian, xunicode.UseBOM)
	for _, tc := range []readable{
		{
			"semicolon, CRLF",
			[]byte("sep=;\r\nDatum;Stunden\r\n03.05.2024;x\r\n"),
			[]Row{
				{Line: 2, Cells: []string{"Datum", "Stunden"}, CellLines: []int{2, 2}},
				{Line: 3, Cells: []string{"03.05.2024", "x"}, CellLines: []int{3, 3}},
			},
		},
		{
			// The header has more semicolons than commas: only the sep
			// line makes the comma the delimiter.
			"comma after a BOM, named in capitals",
			[]byte("\ufeffSEP=,\nDatum,Notiz;mit;Semikolon\n"),
			[]Row{{Line: 2, Cells: []string{"Datum", "Notiz;mit;Semikolon"}, CellLines: []int{2, 2}}},
		},
		{
			"tab in UTF-16",
			encode(t, utf16LE, "sep=\t\r\nDatum\tNotiz\r\n03.05.2024\t\"a\r\nb\"\r\n"),
			[]Row{
				{Line: 2, Cells: []string{"Datum", "Notiz"}, CellLines: []int{2, 2}},
				{Line: 3, Cells: []string{"03.05.2024", "a\nb"}, CellLines: []int{3, 3}},
			},
		},
		{
			"bar in old Mac lines",
			[]byte("sep=|\rDatum|Notiz\r\r03.05.2024|a;b,c\r"),
			[]Row{
				{Line: 2, Cells: []string{"Datum", "Notiz"}, CellLines: []int{2, 2}},
				{Line: 4, Cells: []string{"03.05.2024", "a;b,c"}, CellLines: []int{4, 4}},
			},
		},
		{"sep line alone", []byte("sep=;"), nil},
		{
			"not a delimiter Excel takes",
			[]byte("sep=:\nDatum;Notiz\n"),
			[]Row{
				{Line: 1, Cells: []string{"sep=:"}, CellLines: []int{1}},
				{Line: 2, Cells: []string{"Datum", "Notiz"}, CellLines: []int{2, 2}},
			},
		},
		{
			"more on the line",
			[]byte("sep=;x\nDatum;Notiz\n"),
			[]Row{
				{Line: 1, Cells: []string{"sep=", "x"}, CellLines: []int{1, 1}},
				{Line: 2, Cells: []string{"Datum", "Notiz"}, CellLines: []int{2, 2}},
			},
		},
		{
			"not the first line",
			[]byte("\nsep=|\nDatum;Notiz\n"),
			[]Row{
				{Line: 2, Cells: []string{"sep=|"}, CellLines: []int{2}},
				{Line: 3, Cells: []string{"Datum", "Notiz"}, CellLines: []int{3, 3}},
			},
		},
	} {
		tc.check(t)
	}
}

func TestReadCSVOldMacLines(t *testing.T) {
	for _, tc := range []readable{
		{
			"CR",
			[]byte("\ufeffDatum;Notiz;Stunden\r;;\r03.05.2024;\"erste Zeile\rzweite Zeile\";7,5\r\r04.05.2024;x;8"),
			[]Row{
				{Line: 1, Cells: []string{"Datum", "Notiz", "Stunden"}, CellLines: []int{1, 1, 1}},
				{Line: 3, Cells: []string{"03.05.2024", "erste Zeile\nzweite Zeile", "7,5"}, CellLines: []int{3, 3, 4}},
				{Line: 6, Cells: []string{"04.05.2024", "x", "8"}, CellLines: []int{6, 6, 6}},
			},
		},
		{
			// A CR alone in a file of CRLF lines is text the user typed
			// into a quoted field, not a line end.
			"CR in a quoted field of CRLF lines",
			[]byte("Datum;Notiz\r\n03.05.2024;\"a\rb\"\r\n"),
			[]Row{
				{Line: 1, Cells: []string{"Datum", "Notiz"}, CellLines: []int{1, 1}},
				{Line: 2, Cells: []string{"03.05.2024", "a\rb"}, CellLines: []int{2, 2}},
			},
		},
	} {
		tc.check(t)
	}
}
