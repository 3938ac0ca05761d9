package config

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vitrine/vitrine/internal/problem"
)

// decode overrides c with the keys of data; a key without a value keeps
// its default. It walks the YAML tree along
// the struct rather than calling yaml.Unmarshal, because yaml.v3 can only be
// strict about unknown keys through a Decoder that stops at the first
// error and keeps no lines for later validation; walking reports every
// unknown key, repeated key and wrong type at once, each with its line, and
// records the line of every key for Validate.
func (c *Config) decode(data []byte) (problem.List, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, problem.YAMLSyntax(c.File, 0, err)
	}
	if doc.Kind == 0 {
		return nil, &problem.Problem{File: c.File, Msg: "the configuration file is empty",
			Hint: "run vitrine init to write a complete one"}
	}
	d := &decoder{file: c.File, lines: map[string]int{}}
	d.structure(doc.Content[0], reflect.ValueOf(c).Elem(), "")
	c.lines = d.lines
	return d.probs, nil
}

type decoder struct {
	file  string
	lines map[string]int
	probs problem.List
}

func (d *decoder) add(n *yaml.Node, field, msg, hint string) {
	d.probs = append(d.probs, &problem.Problem{File: d.file, Line: n.Line, Field: field, Msg: msg, Hint: hint})
}

// structure decodes the mapping n into the struct v, whose key path is
// field. A null n (a key with nothing below it) keeps the defaults.
func (d *decoder) structure(n *yaml.Node, v reflect.Value, field string) {
	n = resolve(n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return
	}
	keys, names := yamlFields(v.Type())
	if n.Kind != yaml.MappingNode {
		d.add(n, field, "must be a group of keys, not "+describeNode(n), "valid keys here are "+names)
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, val := n.Content[i], n.Content[i+1]
		path := k.Value
		if field != "" {
			path = field + "." + k.Value
		}
		index, known := keys[k.Value]
		switch first, repeated := d.lines[path]; {
		case !known:
			d.add(k, path, fmt.Sprintf("unknown key %q", k.Value), "valid keys here are "+names)
		case repeated:
			d.add(k, path, fmt.Sprintf("key repeated (first on line %d)", first), "remove one of them")
		default:
			d.lines[path] = k.Line
			d.value(val, v.Field(index), path)
		}
	}
}

// value decodes n into v, a struct or a leaf.
func (d *decoder) value(n *yaml.Node, v reflect.Value, field string) {
	n = resolve(n)
	if v.Kind() == reflect.Struct {
		d.structure(n, v, field)
		return
	}
	// yaml.v3 truncates 1.5 into an int without complaint.
	wrongNumber := v.Kind() == reflect.Int && n.Kind == yaml.ScalarNode && n.Tag == "!!float"
	if err := n.Decode(v.Addr().Interface()); err != nil || wrongNumber {
		d.add(n, field, fmt.Sprintf("must be %s, not %s", describeType(v.Type()), describeNode(n)), "")
	}
}

// yamlFields returns the field index of each yaml key of struct type t and
// the keys in declaration order, for messages.
func yamlFields(t reflect.Type) (map[string]int, string) {
	keys := map[string]int{}
	var names []string
	for i := range t.NumField() {
		f := t.Field(i)
		name, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if !f.IsExported() || name == "-" || name == "" {
			continue
		}
		keys[name] = i
		names = append(names, name)
	}
	return keys, strings.Join(names, ", ")
}

// describeType says in the user's terms what a leaf of type t accepts.
func describeType(t reflect.Type) string {
	switch t.Kind() {
	case reflect.Int:
		return "a whole number"
	case reflect.Bool:
		return "true or false"
	case reflect.Slice:
		return "a list like [a, b]"
	}
	return "a single value"
}

// describeNode names what the user wrote.
func describeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a group of keys"
	case yaml.SequenceNode:
		return "a list"
	}
	return strconv.Quote(n.Value)
}

// resolve follows a YAML alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}
