// Package problem is vitrine's one user-facing error type: a fault in the
// user's files (config, records, links) that names where it is and what to
// do. The CLI prints it cleanly and exits with status 2.
package problem

import (
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
)

// Problem is a fault in one of the user's files.
type Problem struct {
	File  string // path as the user would type it, e.g. site/projects/x/times.csv
	Line  int    // 1-based line as an editor shows it; 0 = whole file
	Field string // key, column or flag at fault; "" when not one field
	Msg   string // what is wrong, lower-case, no trailing period
	Hint  string // what to do; "" when obvious
}

// Error formats p as "file:line: field: msg (hint)".
func (p *Problem) Error() string {
	var b strings.Builder
	if p.File != "" {
		b.WriteString(p.File)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d", p.Line)
		}
		b.WriteString(": ")
	}
	if p.Field != "" {
		b.WriteString(p.Field)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	if p.Hint != "" {
		b.WriteString("; ")
		b.WriteString(p.Hint)
	}
	return b.String()
}

// List is several problems found in one pass, so that the user can fix them
// all at once.
type List []*Problem

// Error joins the problems one per line.
func (l List) Error() string {
	s := make([]string, len(l))
	for i, p := range l {
		s[i] = p.Error()
	}
	return strings.Join(s, "\n")
}

// Err returns l as an error, or nil when l is empty.
func (l List) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Is reports whether err is or wraps a Problem or a List: a fault in the
// user's files rather than in the environment.
func Is(err error) bool {
	var p *Problem
	var l List
	return errors.As(err, &p) || errors.As(err, &l)
}

// Unique returns l without repeats, in its order: the links of one project
// share its problems, which are said once.
func (l List) Unique() List {
	var out List
	for _, p := range l {
		if !slices.ContainsFunc(out, func(q *Problem) bool { return *q == *p }) {
			out = append(out, p)
		}
	}
	return out
}

// Only reports whether err is a fault in the user's files and nothing
// else: a Problem, a List, or errors joined from only those. A run that
// failed for another reason as well (the storage, the network) is not.
func Only(err error) bool {
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range joined.Unwrap() {
			if !Only(e) {
				return false
			}
		}
		return true
	}
	return Is(err)
}

// Add appends err to l when it is a Problem or a List and reports whether
// it was; any other error is left for the caller to return.
func (l *List) Add(err error) bool {
	var pl List
	var p *Problem
	switch {
	case errors.As(err, &pl):
		*l = append(*l, pl...)
	case errors.As(err, &p):
		*l = append(*l, p)
	default:
		return false
	}
	return true
}

// Under returns err with the File of each Problem in it placed below dir,
// for stages such as render that see paths relative to a project or
// template folder. Other errors are returned as they are.
func Under(dir string, err error) error {
	var l List
	if !l.Add(err) {
		return err
	}
	out := make(List, len(l))
	for i, p := range l {
		c := *p
		if c.File != "" {
			c.File = filepath.Join(dir, c.File)
		}
		out[i] = &c
	}
	if len(out) == 1 {
		return out[0]
	}
	return out
}
