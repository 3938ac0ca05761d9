package problem

import (
	"errors"
	"fmt"
	"testing"
)

func TestErrorFormat(t *testing.T) {
	tests := []struct {
		p    Problem
		want string
	}{
		{Problem{File: "a/times.csv", Line: 3, Field: "Stunden", Msg: "bad", Hint: "write 7,5"}, "a/times.csv:3: Stunden: bad; write 7,5"},
		{Problem{File: "config.yaml", Msg: "empty"}, "config.yaml: empty"},
		{Problem{Field: "--show", Msg: "unknown"}, "--show: unknown"},
	}
	for _, tt := range tests {
		if got := tt.p.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
	}
}

func TestAddAndIs(t *testing.T) {
	var l List
	if l.Err() != nil {
		t.Fatal("empty list is an error")
	}
	plain := errors.New("disk full")
	if l.Add(plain) || Is(plain) {
		t.Fatal("a plain error counted as a problem")
	}
	wrapped := fmt.Errorf("load: %w", &Problem{File: "x", Msg: "a"})
	if !l.Add(wrapped) || !l.Add(List{{Msg: "b"}, {Msg: "c"}}) || len(l) != 3 {
		t.Fatalf("Add = %v, want 3 problems", l)
	}
	if !Is(l.Err()) || !Is(wrapped) {
		t.Fatal("Is misses a problem")
	}
}

func TestUnder(t *testing.T) {
	p := &Problem{File: "photos/x.heic", Msg: "cannot decode"}
	got := Under("site/projects/a", p)
	var q *Problem
	if !errors.As(got, &q) || q.File != "site/projects/a/photos/x.heic" {
		t.Fatalf("Under = %v", got)
	}
	if p.File != "photos/x.heic" {
		t.Fatal("Under changed the original problem")
	}
	if Under("d", nil) != nil {
		t.Fatal("Under(nil) != nil")
	}
	plain := errors.New("x")
	if Under("d", plain) != plain {
		t.Fatal("Under changed a plain error")
	}
}

func TestYAMLSyntax(t *testing.T) {
	tests := []struct {
		err    string
		offset int
		line   int
	}{
		{"yaml: line 1: did not find expected node content", 0, 2},
		{"yaml: line 4: mapping values are not allowed in this context", 1, 5},
		{"yaml: unmarshal errors", 0, 0},
	}
	for _, tt := range tests {
		if p := YAMLSyntax("f.yaml", tt.offset, errors.New(tt.err)); p.Line != tt.line || p.File != "f.yaml" {
			t.Errorf("YAMLSyntax(%q) line %d, want %d", tt.err, p.Line, tt.line)
		}
	}
}

func TestOnly(t *testing.T) {
	p := &Problem{File: "a", Msg: "bad"}
	io := errors.New("connection reset")
	for _, tt := range []struct {
		err  error
		want bool
	}{
		{nil, false},
		{p, true},
		{List{p, p}, true},
		{errors.Join(p, List{p}), true},
		{io, false},
		{errors.Join(io, p), false},
		{errors.Join(p, errors.Join(List{p}, io)), false},
	} {
		if got := Only(tt.err); got != tt.want {
			t.Errorf("Only(%v) = %v, want %v", tt.err, got, tt.want)
		}
	}
}
