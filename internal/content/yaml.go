package content

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
)

// decoder walks a parsed YAML document instead of unmarshalling it into a
// struct, so that every fault (unknown key, wrong type, bad value) can name
// its own line and dotted field, and all faults are found in one pass.
// Getters take nil for an absent key and then return the zero value.
type decoder struct {
	file     string
	offset   int // lines before the YAML text, e.g. the --- of front matter
	problems problem.List
}

// parse returns the top-level node of src, nil when src is empty. ok is
// false when src is not valid YAML (reported), so that callers do not
// pile "missing" problems onto a file that could not be read.
func (d *decoder) parse(src []byte) (root *yaml.Node, ok bool) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		d.problems = append(d.problems, problem.YAMLSyntax(d.file, d.offset, err))
		return nil, false
	}
	if len(doc.Content) == 0 {
		return nil, true
	}
	return doc.Content[0], true
}

// add records a problem at n's line.
func (d *decoder) add(n *yaml.Node, field, msg, hint string) {
	d.problems = append(d.problems, &problem.Problem{
		File: d.file, Line: n.Line + d.offset, Field: field, Msg: msg, Hint: hint,
	})
}

// resolve follows an alias (*name) to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	if n != nil && n.Kind == yaml.AliasNode {
		return n.Alias
	}
	return n
}

// isNull reports whether n is absent or an empty value (key: or key: ~).
func isNull(n *yaml.Node) bool {
	n = resolve(n)
	return n == nil || (n.Kind == yaml.ScalarNode && n.Tag == "!!null")
}

// kindName describes what n is, for "expected X, got Y" messages.
func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a set of keys"
	case yaml.SequenceNode:
		return "a list"
	}
	return fmt.Sprintf("%q", n.Value)
}

// join appends key to the dotted field path.
func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// fields checks that n is a mapping with only the given keys, each at most
// once, and returns the non-empty value of each key present. It returns nil
// when n is not a mapping (reported); an absent n has no keys.
func (d *decoder) fields(n *yaml.Node, path string, keys ...string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	if n = resolve(n); isNull(n) {
		return out
	}
	valid := "valid keys are " + strings.Join(keys, ", ")
	if n.Kind != yaml.MappingNode {
		d.add(n, path, "expected keys, got "+kindName(n), valid)
		return nil
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		field := join(path, k.Value)
		switch {
		case !slices.Contains(keys, k.Value):
			d.add(k, field, "unknown key", valid)
		case seen[k.Value] > 0:
			d.add(k, field, fmt.Sprintf("appears twice (first on line %d)", seen[k.Value]+d.offset), "keep one of them")
		case !isNull(v):
			out[k.Value] = resolve(v)
		}
		seen[k.Value] = k.Line
	}
	return out
}

// scalar returns n's text, or reports a list or mapping where a single
// value belongs.
func (d *decoder) scalar(n *yaml.Node, field, hint string) (string, bool) {
	if n == nil {
		return "", false
	}
	if n.Kind != yaml.ScalarNode {
		d.add(n, field, "expected a single value, got "+kindName(n), hint)
		return "", false
	}
	return n.Value, true
}

// str returns n as trimmed text. Numbers are taken as written, so that
// number: 2024017 needs no quotes.
func (d *decoder) str(n *yaml.Node, field string) string {
	s, _ := d.scalar(n, field, "write the text on the same line, in quotes if it contains \": \"")
	return strings.TrimSpace(s)
}

// number returns n as a finite number.
func (d *decoder) number(n *yaml.Node, field string) float64 {
	const hint = "write a number with a decimal point, e.g. 120 or 7.5"
	s, ok := d.scalar(n, field, hint)
	if !ok {
		return 0
	}
	var f float64
	if n.Decode(&f) != nil || math.IsInf(f, 0) || math.IsNaN(f) {
		d.add(n, field, fmt.Sprintf("%q is not a number", s), hint)
		return 0
	}
	return f
}

// boolean returns n as true or false.
func (d *decoder) boolean(n *yaml.Node, field string) bool {
	const hint = "write true or false"
	s, ok := d.scalar(n, field, hint)
	if !ok {
		return false
	}
	var b bool
	if n.Decode(&b) != nil {
		d.add(n, field, fmt.Sprintf("%q is not true or false", s), hint)
	}
	return b
}

// date returns n as a day.
func (d *decoder) date(n *yaml.Node, field string) project.Date {
	s, ok := d.scalar(n, field, dateHint)
	if !ok {
		return project.Date{}
	}
	day, err := parseDate(strings.TrimSpace(s))
	if err != nil {
		d.add(n, field, err.Error(), dateHint)
	}
	return day
}

// list returns the items of a sequence; a single value where a list
// belongs is reported.
func (d *decoder) list(n *yaml.Node, field, hint string) []*yaml.Node {
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.add(n, field, "expected a list, got "+kindName(n), hint)
		return nil
	}
	items := make([]*yaml.Node, 0, len(n.Content))
	for _, item := range n.Content {
		if !isNull(item) {
			items = append(items, resolve(item))
		}
	}
	return items
}

// texts returns the non-empty texts of a list.
func (d *decoder) texts(n *yaml.Node, field, hint string) []string {
	var out []string
	for _, item := range d.list(n, field, hint) {
		if s := d.str(item, field); s != "" {
			out = append(out, s)
		}
	}
	return out
}
