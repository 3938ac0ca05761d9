package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// measure is one timed run of a command.
type measure struct {
	Wall     time.Duration
	RSS      int64  // peak resident set size, bytes
	Requests counts // requests through the proxy, for publishing steps
}

// parseTime reads the wall clock time and the peak resident set size from
// the report of GNU time -v.
func parseTime(r io.Reader) (measure, error) {
	var m measure
	var haveWall, haveRSS bool
	s := bufio.NewScanner(r)
	for s.Scan() {
		label, value, ok := strings.Cut(strings.TrimSpace(s.Text()), "): ")
		if !ok {
			// "Maximum resident set size (kbytes): 1234" has one ")"
			// before the colon; the wall clock line has two.
			continue
		}
		var err error
		switch {
		case strings.HasPrefix(label, "Elapsed (wall clock) time"):
			m.Wall, err = parseClock(value)
			haveWall = true
		case label == "Maximum resident set size (kbytes":
			var kb int64
			kb, err = strconv.ParseInt(value, 10, 64)
			m.RSS = kb * 1024
			haveRSS = true
		}
		if err != nil {
			return m, fmt.Errorf("time -v: %q: %w", s.Text(), err)
		}
	}
	if err := s.Err(); err != nil {
		return m, err
	}
	if !haveWall || !haveRSS {
		return m, errors.New("time -v: no wall clock time or maximum resident set size in its report: is /usr/bin/time GNU time?")
	}
	return m, nil
}

// parseClock reads GNU time's h:mm:ss or m:ss.cc.
func parseClock(v string) (time.Duration, error) {
	parts := strings.Split(v, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, fmt.Errorf("want h:mm:ss or m:ss.cc")
	}
	var d time.Duration
	for _, p := range parts {
		f, err := strconv.ParseFloat(p, 64)
		if err != nil || f < 0 {
			return 0, fmt.Errorf("want h:mm:ss or m:ss.cc")
		}
		// GNU time prints hundredths: round away the float's error.
		d = d*60 + time.Duration(math.Round(f*1000))*time.Millisecond
	}
	return d, nil
}

// step runs commands under GNU time, their output into log files, and
// counts the requests each sends through the proxy.
type step struct {
	logs  string   // folder of the log files
	env   []string // environment of every command
	proxy *counter // nil before the S3 server runs
	out   io.Writer
}

// run runs args in dir and measures it; name names its log files.
func (s *step) run(ctx context.Context, name, dir string, args ...string) (measure, error) {
	base := filepath.Join(s.logs, name)
	log, err := os.Create(base + ".log")
	if err != nil {
		return measure{}, err
	}
	defer log.Close()
	cmd := exec.CommandContext(ctx, timeBin, append([]string{"-v", "-o", base + ".time"}, args...)...)
	cmd.Dir, cmd.Env, cmd.Stdout, cmd.Stderr = dir, s.env, log, log
	if s.proxy != nil {
		s.proxy.take()
	}
	if err := cmd.Run(); err != nil {
		return measure{}, fmt.Errorf("%s: %w; its output is in %s", strings.Join(args, " "), err, log.Name())
	}
	f, err := os.Open(base + ".time")
	if err != nil {
		return measure{}, err
	}
	defer f.Close()
	m, err := parseTime(f)
	if s.proxy != nil {
		m.Requests = s.proxy.take()
	}
	return m, err
}

// best runs the command that prepare returns for each run (preparing it
// is not measured) runs times, and returns the fastest run.
func (s *step) best(ctx context.Context, runs int, name, dir string, prepare func(run int) ([]string, error)) (measure, error) {
	var best measure
	for k := range runs {
		fmt.Fprintf(s.out, "  %s (%d/%d)\n", name, k+1, runs)
		args, err := prepare(k)
		if err != nil {
			return best, fmt.Errorf("%s: %w", name, err)
		}
		m, err := s.run(ctx, fmt.Sprintf("%s-%d", strings.ReplaceAll(name, " ", "-"), k+1), dir, args...)
		if err != nil {
			return best, err
		}
		if k == 0 || m.Wall < best.Wall {
			best = m
		}
	}
	return best, nil
}

// timeBin is GNU time, which reports peak memory; the shell's time does
// not.
const timeBin = "/usr/bin/time"
