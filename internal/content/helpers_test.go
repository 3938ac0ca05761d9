package content

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/problem"
)

// writeTree creates files (slash paths → content) under dir.
func writeTree(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// flatten returns the problems in err, failing the test when err is nil or
// something other than problems.
func flatten(t *testing.T, err error) problem.List {
	t.Helper()
	var p *problem.Problem
	var l problem.List
	switch {
	case errors.As(err, &l):
		return l
	case errors.As(err, &p):
		return problem.List{p}
	}
	t.Fatalf("got error %v, want problems", err)
	return nil
}

// want is an expected problem; empty fields are not checked, and msg is a
// substring of Msg.
type want struct {
	file  string
	line  int
	field string
	msg   string
}

// assertProblem fails unless err holds a problem matching w.
func assertProblem(t *testing.T, err error, w want) {
	t.Helper()
	list := flatten(t, err)
	for _, p := range list {
		if (w.file == "" || p.File == w.file) && p.Line == w.line &&
			(w.field == "" || p.Field == w.field) && strings.Contains(p.Msg, w.msg) {
			return
		}
	}
	t.Errorf("no problem %+v in:\n%v", w, list)
}

// lineStyles returns src (with "\n" line ends) as editors on each system
// save it: as is, as Notepad and Excel do (CRLF, a byte order mark), and as
// an old Mac did (CR).
func lineStyles(src string) map[string]string {
	return map[string]string{
		"LF":            src,
		"CRLF with BOM": "\ufeff" + strings.ReplaceAll(src, "\n", "\r\n"),
		"CR":            strings.ReplaceAll(src, "\n", "\r"),
	}
}
