package main

import (
	"strings"
	"testing"
	"time"
)

// timeReport is what GNU time -v writes, shortened.
const timeReport = `	Command being timed: "hugo --quiet -s site -d out"
	User time (seconds): 30.12
	System time (seconds): 2.41
	Percent of CPU this job got: 153%%
	Elapsed (wall clock) time (h:mm:ss or m:ss): %s
	Average shared text size (kbytes): 0
	Maximum resident set size (kbytes): 5123456
	Average resident set size (kbytes): 0
	Exit status: 0
`

func TestParseTime(t *testing.T) {
	for _, c := range []struct {
		clock string
		want  time.Duration
	}{
		{"0:21.20", 21200 * time.Millisecond},
		{"1:02.05", 62050 * time.Millisecond},
		{"1:02:03", time.Hour + 2*time.Minute + 3*time.Second},
	} {
		m, err := parseTime(strings.NewReader(strings.ReplaceAll(strings.Replace(timeReport, "%s", c.clock, 1), "%%", "%")))
		if err != nil {
			t.Fatalf("%s: %v", c.clock, err)
		}
		if m.Wall != c.want || m.RSS != 5123456*1024 {
			t.Errorf("%s: wall %v, RSS %d; want %v, %d", c.clock, m.Wall, m.RSS, c.want, 5123456*1024)
		}
	}
	for _, bad := range []string{
		"Elapsed (wall clock) time (h:mm:ss or m:ss): 0:01.00\n", // no RSS
		"Maximum resident set size (kbytes): 12\n",               // no time
		"Elapsed (wall clock) time (h:mm:ss or m:ss): soon\nMaximum resident set size (kbytes): 12\n",
		"Elapsed (wall clock) time (h:mm:ss or m:ss): 0:01.00\nMaximum resident set size (kbytes): many\n",
	} {
		if _, err := parseTime(strings.NewReader(bad)); err == nil {
			t.Errorf("no error for %q", bad)
		}
	}
}
