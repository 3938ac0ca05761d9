package content

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"

	"github.com/vitrine/vitrine/internal/benchsite"
)

// benchFolder writes one project of the scale benchmarks (100 time
// entries, 5 reports, 4 milestones) and returns its folder.
func benchFolder(b *testing.B) string {
	b.Helper()
	s, err := benchsite.Write(b.TempDir(), 1)
	if err != nil {
		b.Fatal(err)
	}
	return s.Project(0)
}

// BenchmarkLoad reads one project folder: project.yaml, times.csv and the
// reports, as every build does for each project.
func BenchmarkLoad(b *testing.B) {
	dir := benchFolder(b)
	for b.Loop() {
		p, err := Load(context.Background(), dir)
		if err != nil {
			b.Fatal(err)
		}
		if len(p.Times) != benchsite.Entries || len(p.Notes) != benchsite.Reports {
			b.Fatalf("read %d entries and %d reports", len(p.Times), len(p.Notes))
		}
	}
}

// BenchmarkReadTimes parses one Kimai export of 100 entries.
func BenchmarkReadTimes(b *testing.B) {
	dir := benchFolder(b)
	owner, err := Identity(context.Background(), dir)
	if err != nil {
		b.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(dir, "times.csv"))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		entries, err := ReadTimes("times.csv", bytes.NewReader(data), owner)
		if err != nil {
			b.Fatal(err)
		}
		if len(entries) != benchsite.Entries {
			b.Fatalf("read %d entries", len(entries))
		}
	}
}

// TestParseClockAsPattern checks the hand-written parseClock against the
// regular expression it replaced, on the values exports hold and near them.
func TestParseClockAsPattern(t *testing.T) {
	pattern := regexp.MustCompile(`^(\d{1,2})[:.](\d{2})(?::\d{2})?$`)
	for _, s := range []string{
		"7:30", "07:30", "7.30", "23:59", "24:00", "7:60", "7:30:00", "7:30:5", "7:30:001", "7:305", "123:45",
		"7", "7:", ":30", "7:3", "7-30", " 7:30", "7:30 ", "07:30:00:00", "7.30.00", "", "٣:30", "7:30am",
	} {
		c, err := parseClock(s)
		m := pattern.FindStringSubmatch(s)
		want := m != nil
		if want {
			h, _ := strconv.Atoi(m[1])
			mins, _ := strconv.Atoi(m[2])
			want = h <= 23 && mins <= 59
			if want && c != clock(h*60+mins) {
				t.Errorf("parseClock(%q) = %d, want %d", s, c, h*60+mins)
			}
		}
		if (err == nil) != want {
			t.Errorf("parseClock(%q): error %v, want accepted=%v", s, err, want)
		}
	}
}
