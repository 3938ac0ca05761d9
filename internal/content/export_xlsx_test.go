package content

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/vitrine/vitrine/internal/table"
)

// TestReadExportXLSX reads the samples of the tools that export Excel as the tools'
// Excel exports store them, dates as date cells (serial numbers) and
// hours as numbers, and requires the same entries as from the CSV.
func TestReadExportXLSX(t *testing.T) {
	for _, name := range []string{"kimai-de.csv", "kimai-en.csv", "clockify-de.csv", "clockify-en.csv", "toggl.csv", "harvest.csv"} {
		t.Run(name, func(t *testing.T) {
			want, err := readExportFile(t, name)
			if err != nil {
				t.Fatal(err)
			}
			xlsx := name[:len(name)-len(".csv")] + ".xlsx"
			tab, err := table.Read(xlsx, excelFromCSV(t, filepath.Join("testdata", "exports", name)))
			if err != nil {
				t.Fatal(err)
			}
			got, err := ReadExport(tab)
			if err != nil {
				t.Fatal(err)
			}
			if got.Format != want.Format || len(got.Rows) != len(want.Rows) {
				t.Fatalf("xlsx: %s with %d rows, csv: %s with %d rows", got.Format, len(got.Rows), want.Format, len(want.Rows))
			}
			for i := range want.Rows {
				if g, w := entryString(got.Rows[i].Entry), entryString(want.Rows[i].Entry); g != w {
					t.Errorf("row %d: xlsx %q, csv %q", i, g, w)
				}
			}
		})
	}
}

// excelFromCSV writes the CSV file as a workbook the way an export tool
// does: ISO dates as date cells with a date format, decimal numbers as
// numbers, everything else as text.
func excelFromCSV(t *testing.T, path string) []byte {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := table.ReadCSV(path, data)
	if err != nil {
		t.Fatal(err)
	}
	f := excelize.NewFile()
	defer f.Close()
	dateFmt := "dd.mm.yyyy"
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt})
	if err != nil {
		t.Fatal(err)
	}
	for r, row := range tab.Rows {
		for c, v := range row.Cells {
			ref, err := excelize.CoordinatesToCellName(c+1, r+1)
			if err != nil {
				t.Fatal(err)
			}
			var value any = v
			style := 0
			if d, err := time.Parse(time.DateOnly, v); err == nil && r > 0 {
				value, style = d, date
			} else if n, err := strconv.ParseFloat(v, 64); err == nil && r > 0 {
				value = n
			}
			if err := f.SetCellValue("Sheet1", ref, value); err != nil {
				t.Fatal(err)
			}
			if style != 0 {
				if err := f.SetCellStyle("Sheet1", ref, ref, style); err != nil {
					t.Fatal(err)
				}
			}
		}
	}
	b, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestLoadReadsTimesXLSX: a project may keep its hours as the tool's Excel
// export, times.xlsx, instead of times.csv; other projects' rows in it are
// refused as in a CSV.
func TestLoadReadsTimesXLSX(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "bad-mueller")
	writeTree(t, dir, map[string]string{
		"project.yaml": "name: Bad Sanierung Müller\nnumber: \"2024-017\"\nimport_names: [Familie Müller]\n",
		"times.xlsx":   string(excelFromCSV(t, filepath.Join("testdata", "exports", "kimai-de.csv"))),
	})
	_, err := Load(context.Background(), dir)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "times.xlsx")+":4: ") || !strings.Contains(err.Error(), "Dach Schneider") {
		t.Fatalf("Load = %v, want the row of Dach Schneider refused in times.xlsx", err)
	}
	data, err := os.ReadFile(filepath.Join("testdata", "exports", "kimai-de.csv"))
	if err != nil {
		t.Fatal(err)
	}
	ours := strings.Join(strings.Split(string(data), "\n")[:3], "\n") + "\n"
	writeTree(t, dir, map[string]string{"ours.csv": ours})
	if err := os.WriteFile(filepath.Join(dir, "times.xlsx"), excelFromCSV(t, filepath.Join(dir, "ours.csv")), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "ours.csv")); err != nil {
		t.Fatal(err)
	}
	p, err := Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Times) != 2 || p.Times[0].Employee != "Anna Schmidt" || p.Times[0].Hours != 4.5 {
		t.Fatalf("times = %+v, want the two rows of the project", p.Times)
	}
}

// TestLoadRefusesTimesInTwoFiles: with times.csv and times.xlsx side by
// side the office would edit one while vitrine publishes the other.
func TestLoadRefusesTimesInTwoFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "bad-mueller")
	writeTree(t, dir, map[string]string{
		"project.yaml": "name: Bad Sanierung Müller\n",
		"times.csv":    "Datum;Stunden\n02.03.2026;4\n",
		"times.xlsx":   string(excelFromCSV(t, filepath.Join("testdata", "exports", "vitrine.csv"))),
	})
	_, err := Load(context.Background(), dir)
	if err == nil || !strings.Contains(err.Error(), filepath.Join(dir, "times.xlsx")+": is there as well as times.csv") {
		t.Fatalf("Load = %v, want both files refused", err)
	}
}
