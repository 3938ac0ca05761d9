package links

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/problem"
)

// canonical is a links.yaml as vitrine writes it.
const canonical = header + `

links:
  - id: 0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e21
    label: Familie Müller
    created: 2026-11-29T10:00:00Z
    locale: de
    sections: [overview, progress, times, photos]
    expires: 2027-03-31
  - id: 5f0c7a3e-9d21-4b6a-8e4f-2a7b9c1d3e58
    label: "2024"
    created: 2026-11-30T08:15:00Z
    locale: en
    sections: []
    deactivated: 2026-12-01T08:00:00Z
revoked:
  - 5f0c7a3e-9d21-4b6a-8e4f-2a7b9c1d3e58
`

const (
	id1 = "0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e21"
	id2 = "5f0c7a3e-9d21-4b6a-8e4f-2a7b9c1d3e58"
)

func TestRoundTrip(t *testing.T) {
	for name, in := range map[string]string{
		"links":    canonical,
		"no links": header + "\n\nlinks: []\nrevoked: []\n",
	} {
		f, err := decode("links.yaml", []byte(in))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if err := f.Validate("links.yaml"); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		out, err := f.marshal()
		if err != nil {
			t.Fatal(err)
		}
		if string(out) != in {
			t.Errorf("%s: round trip changed the file:\n%s\nwant:\n%s", name, out, in)
		}
	}
}

func TestLoadMissingAndEmpty(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.yaml")
	os.WriteFile(empty, []byte("# nothing yet\n"), 0o644)
	for _, path := range []string{filepath.Join(dir, "missing.yaml"), empty} {
		f, err := Load(path)
		if err != nil || len(f.Links) != 0 || len(f.Revoked) != 0 {
			t.Errorf("Load(%s) = %+v, %v; want an empty File", filepath.Base(path), f, err)
		}
	}
}

func TestLoadProblems(t *testing.T) {
	entry := func(lines ...string) string {
		return "links:\n  - id: " + id1 + "\n    created: 2026-11-29T10:00:00Z\n    locale: de\n" + strings.Join(lines, "\n") + "\n"
	}
	tests := []struct {
		name, yaml string
		line       int
		field, msg string
	}{
		{"unknown top key", "links: []\nrevokd: []\n", 2, "revokd", "unknown key"},
		{"unknown entry key", entry("    lable: x"), 5, "lable", "unknown key"},
		{"repeated key", entry("    locale: en"), 5, "locale", "repeated (first on line 4)"},
		{"yaml syntax", "links: [\n", 2, "", "did not find"},
		{"links not a list", "links: x\n", 1, "links", "must be a list"},
		{"entry not a mapping", "links:\n  - x\n", 2, "links", "group of keys"},
		{"bad time", entry("    deactivated: yesterday"), 5, "deactivated", "not a time"},
		{"bad date", entry("    expires: 31.13.2027"), 5, "expires", "not a date"},
		{"copied from another project", "project: bad-mueller\nlinks: []\n", 1, "project", `belongs to project "bad-mueller"`},
		{"label not a value", entry("    label: [a]"), 5, "label", "single value"},
		{"non-v4 id", "links:\n  - id: 0b6c1f5e-4a53-1f0e-9a3c-3c1d5f1f7e21\n    created: 2026-11-29T10:00:00Z\n    locale: de\n", 2, "id", "version 1"},
		{"upper-case id", "links:\n  - id: 0B6C1F5E-4A53-4F0E-9A3C-3C1D5F1F7E21\n    created: 2026-11-29T10:00:00Z\n    locale: de\n", 2, "id", "lower case"},
		{"weakened id", "links:\n  - id: 00000000-0000-4000-8000-000000000000\n    created: 2026-11-29T10:00:00Z\n    locale: de\n", 2, "id", "too regular"},
		{"missing id", "links:\n  - created: 2026-11-29T10:00:00Z\n    locale: de\n", 2, "id", "missing"},
		{"duplicate id", entry("  - id: "+id1, "    created: 2026-11-29T10:00:00Z", "    locale: de"), 5, "id", "listed twice (first on line 2)"},
		{"bad locale", entry("    label: x", "  - id: "+id2, "    created: 2026-11-29T10:00:00Z", "    locale: fr"), 8, "locale", `"fr"`},
		{"bad section", entry("    sections: [overview, prices]"), 5, "sections", `unknown section "prices"`},
		{"missing created", "links:\n  - id: " + id1 + "\n    locale: de\n", 2, "created", "missing"},
		{"deactivated before created", entry("    deactivated: 2026-11-28T10:00:00Z"), 5, "deactivated", "before created"},
		{"hand-reactivated", entry("revoked: [" + id1 + "]"), 2, "deactivated",
			"link " + id1 + " was deactivated and cannot be reactivated; restore its deactivated: line or create a new link"},
		{"bad revoked id", "links: []\nrevoked:\n  - ../x\n", 3, "revoked", "not a UUID"},
	}
	for _, tt := range tests {
		// The same lines as Notepad saves them name the same line.
		for style, src := range map[string]string{"LF": tt.yaml, "CRLF": "\ufeff" + strings.ReplaceAll(tt.yaml, "\n", "\r\n")} {
			path := filepath.Join(t.TempDir(), "links.yaml")
			os.WriteFile(path, []byte(src), 0o644)
			_, err := Load(path)
			p := firstProblem(err)
			if p == nil {
				t.Errorf("%s (%s): Load = %v, want a problem", tt.name, style, err)
				continue
			}
			if p.File != path || p.Line != tt.line || p.Field != tt.field || !strings.Contains(p.Error(), tt.msg) {
				t.Errorf("%s (%s): got %s (line %d, field %q); want line %d, field %q, %q", tt.name, style, p, p.Line, p.Field, tt.line, tt.field, tt.msg)
			}
		}
	}
}

// TestLoadWindowsFile checks that links.yaml saved by a Windows editor
// (CRLF, a byte order mark) or an old Mac one (CR) means the same.
func TestLoadWindowsFile(t *testing.T) {
	want, err := decode("links.yaml", []byte(canonical))
	if err != nil {
		t.Fatal(err)
	}
	for style, src := range map[string]string{
		"CRLF":          strings.ReplaceAll(canonical, "\n", "\r\n"),
		"CRLF with BOM": "\ufeff" + strings.ReplaceAll(canonical, "\n", "\r\n"),
		"CR":            strings.ReplaceAll(canonical, "\n", "\r"),
	} {
		got, err := decode("links.yaml", []byte(src))
		if err != nil {
			t.Errorf("%s: %v", style, err)
			continue
		}
		a, _ := got.marshal()
		b, _ := want.marshal()
		if !bytes.Equal(a, b) || len(got.Links) != 2 {
			t.Errorf("%s: read as\n%s\nwant\n%s", style, a, b)
		}
	}
}

func firstProblem(err error) *problem.Problem {
	var l problem.List
	var p *problem.Problem
	switch {
	case errors.As(err, &l):
		return l[0]
	case errors.As(err, &p):
		return p
	}
	return nil
}
