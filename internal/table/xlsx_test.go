package table

import (
	"os"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"
)

// cell is one cell of a test workbook: a value and the number format
// Excel shows it with ("" for General).
type cell struct {
	value  any
	format string
}

// workbook returns an .xlsx file with the given sheets, each a list of
// rows keyed by row number, with formulas in cells whose value is a
// string starting with "=" and cached value cached.
func workbook(t *testing.T, sheets []string, rows map[int][]cell) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if _, err := f.NewSheet(s); err != nil {
			t.Fatal(err)
		}
	}
	sheet := sheets[0]
	for r, cs := range rows {
		for c, cl := range cs {
			ref, err := excelize.CoordinatesToCellName(c+1, r)
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellValue(sheet, ref, cl.value); err != nil {
				t.Fatal(err)
			}
			if cl.format == "" {
				continue
			}
			code := cl.format
			style, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
			if err != nil {
				t.Fatal(err)
			}
			if err := f.SetCellStyle(sheet, ref, ref, style); err != nil {
				t.Fatal(err)
			}
		}
	}
	b, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestReadXLSXCells(t *testing.T) {
	// 45415 is 2024-05-03 in Excel's 1900 date system; .3125 is 07:30.
	data := workbook(t, []string{"Worksheet"}, map[int][]cell{
		1: {{"Datum", ""}, {"Beginn", ""}, {"Dauer", ""}, {"Stunden", ""}, {"Betrag", ""}, {"Zeitpunkt", ""}, {"Uhr", ""}},
		2: {{45415, "dd.mm.yyyy"}, {0.3125, "hh:mm"}, {0.3125, "[h]:mm:ss"}, {7.5, "0.00"}, {1234.5, `#,##0.00 [$€-407]`}, {45415.75, "dd/mm/yyyy hh:mm AM/PM"}, {0.5, "h:mm:ss AM/PM"}},
		4: {{"  Text mit Rand  ", ""}, {1.5, "[hh]:mm"}, {45415, "m/d/yyyy"}, {-2.25, "#,##0.00;[Red]-#,##0.00"}, {"", ""}, {1e-7, ""}, {42, "@"}},
		5: {{"", ""}, {"", ""}},
		6: {{"03.05.2024", ""}, {true, ""}, {45415, "yyyy\\-mm\\-dd \"Uhr\""}},
	})
	tb, err := ReadXLSX("export.xlsx", data, "Export", "worksheet")
	if err != nil {
		t.Fatal(err)
	}
	if tb.Sheet != "Worksheet" || tb.Encoding != "" || tb.Name != "export.xlsx" {
		t.Errorf("Sheet, Encoding, Name = %q, %q, %q", tb.Sheet, tb.Encoding, tb.Name)
	}
	want := []Row{
		{Line: 1, Cells: []string{"Datum", "Beginn", "Dauer", "Stunden", "Betrag", "Zeitpunkt", "Uhr"}},
		{Line: 2, Cells: []string{"2024-05-03", "07:30:00", "7:30:00", "7.5", "1234.5", "2024-05-03 18:00:00", "12:00:00"}},
		{Line: 4, Cells: []string{"Text mit Rand", "36:00:00", "2024-05-03", "-2.25", "", "0.0000001", "42"}},
		{Line: 6, Cells: []string{"03.05.2024", "TRUE", "2024-05-03"}},
	}
	for i := range want {
		want[i].CellLines = make([]int, len(want[i].Cells))
		for j := range want[i].CellLines {
			want[i].CellLines[j] = want[i].Line
		}
	}
	if !reflect.DeepEqual(tb.Rows, want) {
		t.Errorf("rows = %+v\nwant %+v", tb.Rows, want)
	}
}

func TestReadXLSXFormula(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	set := func(err error) {
		if err != nil {
			t.Fatal(err)
		}
	}
	set(f.SetCellValue("Sheet1", "A1", 7.5))
	set(f.SetCellValue("Sheet1", "B1", 0.5))
	// Excel saves a formula with its value; excelize does not compute
	// one, so the test writes the cached value as Excel would.
	set(f.SetCellFormula("Sheet1", "C1", "A1+B1"))
	set(f.SetCellValue("Sheet1", "C1", 8))
	set(f.SetCellFormula("Sheet1", "C1", "A1+B1"))
	b, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	tb, err := Read("hours", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if got := cells(tb); !reflect.DeepEqual(got, [][]string{{"7.5", "0.5", "8"}}) {
		t.Errorf("cells = %q", got)
	}
}

func TestReadXLSXSheet(t *testing.T) {
	sheets := []string{"Info", "Detailed Report", "Export"}
	data := workbook(t, sheets, map[int][]cell{1: {{"x", ""}}})
	for _, tc := range []struct {
		preferred []string
		want      string
	}{
		{nil, "Info"},
		{[]string{"Worksheet"}, "Info"},
		{[]string{"Worksheet", "Export", "Detailed report"}, "Export"},
		{[]string{"detailed report"}, "Detailed Report"},
	} {
		tb, err := ReadXLSX("x.xlsx", data, tc.preferred...)
		if err != nil {
			t.Fatal(err)
		}
		if tb.Sheet != tc.want {
			t.Errorf("preferred %q: sheet %q, want %q", tc.preferred, tb.Sheet, tc.want)
		}
	}
}

// TestReadXLSXSepCell checks that Excel's "sep=" line, a CSV matter, is
// an ordinary cell in a workbook.
func TestReadXLSXSepCell(t *testing.T) {
	data := workbook(t, []string{"Sheet1"}, map[int][]cell{1: {{"sep=;", ""}}, 2: {{"Datum", ""}, {"Stunden", ""}}})
	tb, err := Read("export.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	want := []Row{
		{Line: 1, Cells: []string{"sep=;"}, CellLines: []int{1}},
		{Line: 2, Cells: []string{"Datum", "Stunden"}, CellLines: []int{2, 2}},
	}
	if !reflect.DeepEqual(tb.Rows, want) {
		t.Errorf("rows = %+v\nwant %+v", tb.Rows, want)
	}
}

func TestReadXLSXRefused(t *testing.T) {
	many := map[int][]cell{}
	for r := 1; r <= MaxRows+2; r++ {
		many[r] = []cell{{r, ""}}
	}
	for _, tc := range []refusal{
		{"xls", append(append([]byte{}, oleMagic...), make([]byte, 512)...), 0, "old Excel workbook (.xls)", "Excel-Arbeitsmappe"},
		{"not a zip", []byte("PK\x03\x04 but broken"), 0, "cannot be read as an Excel workbook", "Excel-Arbeitsmappe"},
		{"too many rows", workbook(t, []string{"Sheet1"}, many), MaxRows + 2, "more than 50000 rows", "shorter period"},
	} {
		tc.check(t, Read, "export.xlsx")
	}
}

func TestCodeKind(t *testing.T) {
	for code, want := range map[string]kind{
		"General":                      kindNumber,
		"0.00":                         kindNumber,
		`#,##0.00 "Tage"`:              kindNumber,
		`[$€-407] #,##0.00;[Red]-0`:    kindNumber,
		"@":                            kindNumber,
		"dd.mm.yyyy":                   kindDate,
		"[$-407]dddd, d. mmmm yyyy":    kindDate,
		"mm/dd/yy hh:mm AM/PM":         kindDateTime,
		"hh:mm":                        kindTime,
		`h:mm "Uhr"`:                   kindTime,
		"[h]:mm:ss":                    kindDuration,
		"[mm]:ss":                      kindDuration,
		`0.00 "h";-0.00 "h"`:           kindNumber,
		`_-* #,##0.00\ "€"_-;-* #,##0`: kindNumber,
	} {
		if got := codeKind(code); got != want {
			t.Errorf("codeKind(%q) = %d, want %d", code, got, want)
		}
	}
}

// TestReadXLSXSample reads a committed workbook shaped like a Kimai export
// (sheet "Export", dates and times as serial numbers with German formats,
// hours as a formula, a rate column and a sum row), written by excelize as
// no office program was at hand.
func TestReadXLSXSample(t *testing.T) {
	data, err := os.ReadFile("testdata/stunden.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	tb, err := Read("testdata/stunden.xlsx", data)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{
		{"Datum", "Von", "Bis", "Dauer", "Stunden", "Benutzer", "Projekt", "Tätigkeit", "Beschreibung", "Stundensatz"},
		{"2024-05-03", "07:30:00", "16:00:00", "8:00:00", "8", "Anna Schmidt", "2024-017", "Fliesen", "Abbruch „alt“", "58"},
		{"2024-05-06", "08:00:00", "12:15:00", "4:15:00", "4.25", "Jonas Weber", "2024-017", "Silikon", "Fugen, Ecken", "52"},
		{"Summe"},
	}
	if got := cells(tb); !reflect.DeepEqual(got, want) {
		t.Errorf("cells = %q\nwant %q", got, want)
	}
}
