package content

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/table"
)

// TestLoadRefusesHugeRecords: a huge record file is refused with its name
// and the limit, from its size alone, without reading it into memory (the
// files are sparse: reading one would take gigabytes).
func TestLoadRefusesHugeRecords(t *testing.T) {
	tests := []struct {
		file string
		size int64
		msg  string
	}{
		{"times.csv", 2 << 30, "is 2048 MiB, more than the limit of 16 MiB"},
		{"times.csv", 16<<20 + 1, "more than the limit of 16 MiB"},
		{"project.yaml", 1<<20 + 1, "more than the limit of 1 MiB"},
		{"notes/2024-05-03-a.md", 2 << 30, "more than the limit of 1 MiB"},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "x")
			writeTree(t, dir, map[string]string{"project.yaml": "name: X\n", tt.file: ""})
			if err := os.Truncate(filepath.Join(dir, tt.file), tt.size); err != nil {
				t.Fatal(err)
			}
			p, err := Load(context.Background(), dir)
			if p != nil {
				t.Fatal("loaded a project with a huge file")
			}
			assertProblem(t, err, want{filepath.Join(dir, tt.file), 0, "", tt.msg})
		})
	}
}

func TestLoadAcceptsRecordsAtTheLimit(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	yaml := "name: X\n"
	writeTree(t, dir, map[string]string{
		"project.yaml": yaml + "description: " + strings.Repeat("a", 1<<20-len(yaml)-len("description: \n")) + "\n",
	})
	if _, err := Load(context.Background(), dir); err != nil {
		t.Fatal(err)
	}
}

// endless is a reader that never ends, like a pipe from a runaway export.
type endless struct{ line []byte }

func (e endless) Read(b []byte) (int, error) {
	n := 0
	for n < len(b) {
		n += copy(b[n:], e.line)
	}
	return n, nil
}

func TestReadTimesStopsAtTheSizeLimit(t *testing.T) {
	r := io.MultiReader(strings.NewReader("Datum;Stunden\n"), endless{[]byte("03.05.2024;1\n")})
	_, err := ReadTimes("times.csv", r, testOwner)
	assertProblem(t, err, want{"times.csv", 0, "", "is more than the limit of 16 MiB"})
}

func TestReadTimesStopsAtTheRowLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("Datum;Stunden\n")
	for range table.MaxRows {
		b.WriteString("03.05.2024;1\n")
	}
	entries, err := ReadTimes("times.csv", strings.NewReader(b.String()), testOwner)
	if err != nil || len(entries) != table.MaxRows {
		t.Fatalf("%d rows: got %d entries, %v", table.MaxRows, len(entries), err)
	}
	b.WriteString("04.05.2024;1\n")
	_, err = ReadTimes("times.csv", strings.NewReader(b.String()), testOwner)
	assertProblem(t, err, want{"times.csv", table.MaxRows + 2, "", "has more than 50000 rows"})
}
