package content

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/project"
)

// testOwner is the project the times.csv files of the tests belong to.
var testOwner = &project.Project{Name: "2024-017 Bad Sanierung Müller", Number: "2024-017"}

// entryString shows an entry compactly, for comparing with a table.
func entryString(e project.TimeEntry) string {
	return fmt.Sprintf("%s %s-%s %gh %s|%s|%s", e.Date, e.Start, e.End, e.Hours, e.Employee, e.Activity, e.Note)
}

func TestReadTimes(t *testing.T) {
	tests := []struct {
		name string
		csv  string
		want []string
	}{
		{"english header, comma", "date,hours,employee,activity,note\n2024-05-03,7.5,Anna,Fliesen,\n",
			[]string{"2024-05-03 - 7.5h Anna|Fliesen|"}},
		{"german header, semicolon, decimal comma", "Datum;Stunden;Mitarbeiter;Tätigkeit;Bemerkung\n03.05.2024;7,5;Anna;Fliesen;ok\n",
			[]string{"2024-05-03 - 7.5h Anna|Fliesen|ok"}},
		{"BOM and CRLF", "\ufeffDatum;Dauer;Notiz\r\n3.5.2024;8;a\r\n04.05.2024;1;b\r\n",
			[]string{"2024-05-03 - 8h ||a", "2024-05-04 - 1h ||b"}},
		{"quoted field with delimiter, newline and quotes", "Datum;Stunden;Notiz\n03.05.2024;2;\"Zeile 1; mit Semikolon\nZeile 2 \"\"Nord\"\"\"\n",
			[]string{"2024-05-03 - 2h ||Zeile 1; mit Semikolon\nZeile 2 \"Nord\""}},
		{"quoted CRLF field", "Datum,Stunden,Notiz\r\n2024-05-03,2,\"a\r\nb\"\r\n",
			[]string{"2024-05-03 - 2h ||a\nb"}},
		{"hours and minutes", "Datum;Stunden\n03.05.2024;7:30\n03.05.2024;0:45\n",
			[]string{"2024-05-03 - 7.5h ||", "2024-05-03 - 0.75h ||"}},
		{"hours derived from start and end", "date,start,end\n2024-05-03,7:30,16:00\n2024-05-04,07.00,12.15\n2024-05-05,06:00:00,08:30:00\n",
			[]string{"2024-05-03 07:30-16:00 8.5h ||", "2024-05-04 07:00-12:15 5.25h ||", "2024-05-05 06:00-08:30 2.5h ||"}},
		{"hours win over start and end", "Datum;Beginn;Ende;Stunden\n03.05.2024;07:00;16:00;8\n",
			[]string{"2024-05-03 07:00-16:00 8h ||"}},
		{"unknown column ignored", "Datum;Projekt;Stunden;Kostenstelle\n03.05.2024;2024-017;2;4711\n",
			[]string{"2024-05-03 - 2h ||"}},
		{"blank lines and empty rows skipped", "Datum;Stunden\n\n03.05.2024;1\n;;\n   \n04.05.2024;2\n;\n",
			[]string{"2024-05-03 - 1h ||", "2024-05-04 - 2h ||"}},
		{"header variants: case, spaces, unit, taetigkeit", " DATUM ; Dauer (h) ;Taetigkeit\n03.05.2024;1,25;Streichen\n",
			[]string{"2024-05-03 - 1.25h |Streichen|"}},
		{"header with a decomposed umlaut, as macOS writes it", "Datum;Stunden;Ta\u0308tigkeit\n03.05.2024;1;Malen\n",
			[]string{"2024-05-03 - 1h |Malen|"}},
		{"tab delimiter", "date\thours\tactivity\n2024-05-03\t3\tMalen, Decke\n",
			[]string{"2024-05-03 - 3h |Malen, Decke|"}},
		{"comma wins when the header has more commas", "date,hours,note\n2024-05-03,3,\"a;b\"\n",
			[]string{"2024-05-03 - 3h ||a;b"}},
		{"spaces after delimiter", "Datum; Stunden; Notiz\n03.05.2024; 2; \"x; y\"\n",
			[]string{"2024-05-03 - 2h ||x; y"}},
		{"short row", "Datum;Stunden;Mitarbeiter;Notiz\n03.05.2024;2\n",
			[]string{"2024-05-03 - 2h ||"}},
		{"Windows-1252, as German Excel saves CSV", "Datum;Stunden;Notiz\n03.05.2024;1;T\xe4tigkeit\n",
			[]string{"2024-05-03 - 1h ||Tätigkeit"}},
		{"empty file", "", nil},
		{"header only", "Datum;Stunden\r\n", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, err := ReadTimes("times.csv", strings.NewReader(tt.csv), testOwner)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, e := range entries {
				got = append(got, entryString(e))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got\n%q\nwant\n%q", got, tt.want)
			}
		})
	}
}

func TestReadTimesProblems(t *testing.T) {
	const file = "site/projects/x/times.csv"
	tests := []struct {
		name string
		csv  string
		want want
	}{
		{"bad date", "Datum;Stunden\n03.05.2024;1\n31.02.2024;1\n",
			want{file, 3, "Datum", `"31.02.2024" is not a date`}},
		{"empty date", "Datum;Stunden\n;1\n",
			want{file, 2, "Datum", "is empty"}},
		{"bad row after a multi-line quoted field", "Datum;Notiz;Stunden\n03.05.2024;\"a\nb\nc\";1\n04.05.2024;x;abc\n",
			want{file, 5, "Stunden", `"abc" is not a number of hours`}},
		{"bad field on the last line of a multi-line record", "Datum;Notiz;Stunden\n03.05.2024;\"a\nb\";zz\n",
			want{file, 3, "Stunden", `"zz"`}},
		{"blank lines count", "Datum;Stunden\n\n\n03.05.2024;x\n",
			want{file, 4, "Stunden", `"x"`}},
		{"CRLF inside a quoted field counts as one line", "\ufeffDatum;Notiz;Stunden\r\n03.05.2024;\"a\r\nb\";1\r\n04.05.2024;x;abc\r\n",
			want{file, 4, "Stunden", `"abc"`}},
		{"BOM and CRLF count like LF", "\ufeffDatum;Stunden\r\n03.05.2024;1\r\n03.05.2024;y\r\n",
			want{file, 3, "Stunden", `"y"`}},
		{"column named as written", "Datum; Stunden (h) \n03.05.2024;q\n",
			want{file, 2, "Stunden (h)", `"q"`}},
		{"negative hours", "date,hours\n2024-05-03,-2\n",
			want{file, 2, "hours", "between 0 and 24"}},
		{"more than a day", "date,hours\n2024-05-03,25\n",
			want{file, 2, "hours", "between 0 and 24"}},
		{"too many minutes", "date,hours\n2024-05-03,7:75\n",
			want{file, 2, "hours", "more than 59 minutes"}},
		{"end before start", "Datum;Beginn;Ende\n03.05.2024;16:00;07:00\n",
			want{file, 2, "Ende", "16:00"}},
		{"bad start", "Datum;Beginn;Ende\n03.05.2024;25:00;07:00\n",
			want{file, 2, "Beginn", `"25:00" is not a time of day`}},
		{"no hours and no start and end", "Datum;Beginn;Ende;Stunden\n03.05.2024;;;\n",
			want{file, 2, "Stunden", "is empty"}},
		{"start without end", "Datum;Beginn;Ende\n03.05.2024;07:00;\n",
			want{file, 2, "Ende", "is empty"}},
		{"bad date and missing hours in one row", "Datum;Stunden\n03.13.2024;\n",
			want{file, 2, "Stunden", "is empty"}},
		{"no date column", "Tag;Stunden\n03.05.2024;1\n",
			want{file, 1, "", "no date column"}},
		{"no hours column", "Datum;Beginn;Notiz\n03.05.2024;07:00;x\n",
			want{file, 1, "", "no hours column"}},
		{"two hours columns", "Datum;Stunden;Dauer\n03.05.2024;1;1\n",
			want{file, 1, "Dauer", `same as column "Stunden"`}},
		{"bare quote", "Datum;Notiz;Stunden\n03.05.2024;1\n03.05.2024;a \"b\" c;1\n",
			want{file, 3, "", `bare "`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			entries, err := ReadTimes(file, strings.NewReader(tt.csv), testOwner)
			if entries != nil {
				t.Errorf("got entries %v with a problem", entries)
			}
			assertProblem(t, err, tt.want)
		})
	}
}

func TestReadTimesReportsEveryBadRowUpToACap(t *testing.T) {
	var b strings.Builder
	b.WriteString("Datum;Stunden\n")
	for range maxRowProblems + 5 {
		b.WriteString("03.05.2024;x\n")
	}
	_, err := ReadTimes("times.csv", strings.NewReader(b.String()), testOwner)
	list := flatten(t, err)
	if len(list) != maxRowProblems+1 {
		t.Fatalf("got %d problems, want %d", len(list), maxRowProblems+1)
	}
	if list[1].Line != 3 {
		t.Errorf("second problem on line %d, want 3", list[1].Line)
	}
	if last := list[len(list)-1]; last.Msg != "5 more problems not shown" {
		t.Errorf("last problem %q, want the count of the rest", last.Msg)
	}
}
