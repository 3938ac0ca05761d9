package content_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/content"
	"github.com/vitrine/vitrine/internal/project"
)

// TestBadCellLine: a bad cell is named by the line the office's editor
// shows, in files written for Excel (a sep= first line) and by old Macs
// (CR line ends).
func TestBadCellLine(t *testing.T) {
	const file = "site/projects/x/times.csv"
	owner := &project.Project{Name: "2024-017 Bad Sanierung Müller", Number: "2024-017"}
	for _, tc := range []struct {
		name string
		csv  string
		line int
	}{
		{"sep line", "sep=;\r\nDatum;Stunden\r\n03.05.2024;x\r\n", 3},
		{"old Mac lines", "Datum;Stunden\r\r03.05.2024;1\r03.05.2024;x\r", 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := content.ReadTimes(file, strings.NewReader(tc.csv), owner)
			// What the office reads: one problem, at the line and column.
			want := fmt.Sprintf(`%s:%d: Stunden: "x"`, file, tc.line)
			if err == nil || !strings.HasPrefix(err.Error(), want) || strings.Contains(err.Error(), "\n") {
				t.Errorf("err = %v\nwant one problem starting %s", err, want)
			}
		})
	}
}
