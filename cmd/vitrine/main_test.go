package main

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

func TestMain(m *testing.M) {
	// TestWatch runs this binary as a real `vitrine watch` process, with
	// main's signal handling.
	if config := os.Getenv("VITRINE_WATCH_CONFIG"); config != "" {
		os.Args = []string{"vitrine", "--config", config, "watch"}
		main()
	}
	testscript.Main(m, map[string]func(){
		"vitrine": func() { os.Exit(Main(context.Background(), os.Args[1:], os.Stdout, os.Stderr)) },
	})
}

// TestScripts runs the end-to-end CLI scripts in testdata/script.
func TestScripts(t *testing.T) {
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/script",
		RequireExplicitExec: true,
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"jsonvar":  jsonVar,
			"dropline": dropLine,
			"nofile":   noFile,
			"exits":    exits,
			"cut":      cut,
		},
	})
}

// jsonVar sets an environment variable from a field of the JSON object
// that the last command printed: jsonvar NAME FIELD.
func jsonVar(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: jsonvar NAME FIELD")
	}
	var v map[string]any
	ts.Check(json.Unmarshal([]byte(ts.ReadFile("stdout")), &v))
	s, ok := v[args[1]].(string)
	if !ok || s == "" {
		ts.Fatalf("last stdout has no string field %q", args[1])
	}
	ts.Setenv(args[0], s)
}

// dropLine removes every line containing a substring from a file, the way
// someone editing by hand would: dropline FILE SUBSTRING.
func dropLine(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: dropline FILE SUBSTRING")
	}
	name := ts.MkAbs(args[0])
	var keep []string
	dropped := 0
	for _, line := range strings.SplitAfter(ts.ReadFile(args[0]), "\n") {
		if strings.Contains(line, args[1]) {
			dropped++
			continue
		}
		keep = append(keep, line)
	}
	if dropped == 0 {
		ts.Fatalf("%s has no line containing %q", args[0], args[1])
	}
	ts.Check(os.WriteFile(name, []byte(strings.Join(keep, "")), 0o644))
}

// noFile fails if any file below DIR contains TEXT: nofile DIR TEXT. It
// checks file names and contents, as a customer with the whole folder would.
func noFile(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: nofile DIR TEXT")
	}
	err := filepath.WalkDir(ts.MkAbs(args[0]), func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if strings.Contains(p, args[1]) {
			ts.Fatalf("file name %s contains %q", p, args[1])
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.Contains(string(b), args[1]) {
			ts.Fatalf("%s contains %q", p, args[1])
		}
		return nil
	})
	ts.Check(err)
}

// cut sets an environment variable to the first N characters of a value:
// cut NAME VALUE N, for the short forms of link ids.
func cut(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 3 {
		ts.Fatalf("usage: cut NAME VALUE N")
	}
	n, err := strconv.Atoi(args[2])
	ts.Check(err)
	ts.Setenv(args[0], args[1][:min(n, len(args[1]))])
}

// exits runs a command and checks its exit status: exits CODE CMD ARGS...
// Its output becomes stdout and stderr like exec's.
func exits(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) < 2 {
		ts.Fatalf("usage: exits CODE CMD [ARGS...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	got := 0
	if err := ts.Exec(args[1], args[2:]...); err != nil {
		var ee *exec.ExitError
		if !errors.As(err, &ee) {
			ts.Fatalf("%v", err)
		}
		got = ee.ExitCode()
	}
	if got != want {
		ts.Fatalf("%s exited with %d, want %d", args[1], got, want)
	}
}
