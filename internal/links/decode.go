package links

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
)

// The keys links.yaml may hold, in the order they are written.
var (
	fileKeys = []string{"project", "links", "revoked"}
	linkKeys = []string{"id", "label", "created", "locale", "sections", "expires", "deactivated"}
)

// position is where an entry of links.yaml was read.
type position struct {
	line int            // the entry's first line
	keys map[string]int // line of each key of the entry
}

// of returns the line of key in the entry, or the entry's line when the
// key is absent (an error about a missing key points at its entry).
func (p *position) of(key string) int {
	if p == nil {
		return 0
	}
	if line, ok := p.keys[key]; ok {
		return line
	}
	return p.line
}

// Load reads links.yaml at path. A missing file is an empty File, since a
// project has no links until the first `vitrine link create`. The decode is
// strict: an unknown or repeated key is a problem naming its line. The
// result is validated; problems are returned as a problem.List.
func Load(path string) (*File, error) {
	data, err := read(path)
	if err != nil {
		return nil, err
	}
	if data == nil {
		return &File{}, nil
	}
	return parse(path, data)
}

// read returns the content of links.yaml at path, nil when it is missing.
func read(path string) ([]byte, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read links: %w", err)
	}
	return data, nil
}

// parse decodes and validates data read from path, and checks that the
// file lies in the folder of the project it names.
func parse(path string, data []byte) (*File, error) {
	f, err := decode(path, data)
	if err != nil {
		return nil, err
	}
	if err := f.Validate(path); err != nil {
		return nil, err
	}
	if folder := folderOf(path); f.Project != "" && f.Project != folder {
		return nil, &problem.Problem{
			File: path, Line: f.projectLine, Field: "project",
			Msg: fmt.Sprintf("this file belongs to project %q but lies in folder %q (a copied project folder?)",
				f.Project, folder),
			Hint: fmt.Sprintf("delete %s; the new project needs links of its own: vitrine link create %s", path, folder),
		}
	}
	return f, nil
}

// folderOf returns the name of the project folder that holds the
// links.yaml at path: the project's slug.
func folderOf(path string) string { return filepath.Base(filepath.Dir(path)) }

// decoder collects the problems of one links.yaml, so that the user sees
// them all at once.
type decoder struct {
	path  string
	probs problem.List
}

func decode(path string, data []byte) (*File, error) {
	d := &decoder{path: path}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, problem.YAMLSyntax(path, 0, err)
	}
	f := &File{}
	if doc.Kind == 0 { // empty, or only comments
		return f, nil
	}
	d.mapping(doc.Content[0], "", fileKeys, func(key string, v *yaml.Node) {
		switch key {
		case "project":
			f.Project, _ = d.scalar(v, key)
			f.projectLine = v.Line
		case "links":
			for _, n := range d.sequence(v, key) {
				f.Links = append(f.Links, d.link(n))
			}
		case "revoked":
			f.revokedAt = map[string]int{}
			for _, n := range d.sequence(v, key) {
				if id, ok := d.scalar(n, key); ok {
					f.Revoked = append(f.Revoked, id)
					f.revokedAt[id] = n.Line
				}
			}
		}
	})
	return f, d.probs.Err()
}

func (d *decoder) link(n *yaml.Node) Link {
	l := Link{at: &position{line: resolve(n).Line}}
	l.at.keys = d.mapping(n, "links", linkKeys, func(key string, v *yaml.Node) {
		switch key {
		case "id":
			l.ID, _ = d.scalar(v, key)
		case "label":
			l.Label, _ = d.scalar(v, key)
		case "locale":
			l.Locale, _ = d.scalar(v, key)
		case "created":
			l.Created, _ = d.time(v, key)
		case "deactivated":
			if t, ok := d.time(v, key); ok {
				l.Deactivated = &t
			}
		case "expires":
			if s, ok := d.scalar(v, key); ok && s != "" {
				var err error
				if l.Expires, err = ParseDate(s); err != nil {
					d.add(v, key, fmt.Sprintf("%q is not a date", s), "write the last day the link works as YYYY-MM-DD or DD.MM.YYYY")
				}
			}
		case "sections":
			l.Sections = []project.Section{}
			for _, s := range d.sequence(v, key) {
				if id, ok := d.scalar(s, key); ok {
					l.Sections = append(l.Sections, project.Section(id))
				}
			}
		}
	})
	return l
}

// mapping calls fn for every key of the mapping n that is in known, and
// reports unknown and repeated keys. It returns the line of each key. A
// null n is an empty mapping.
func (d *decoder) mapping(n *yaml.Node, field string, known []string, fn func(key string, v *yaml.Node)) map[string]int {
	n = resolve(n)
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.MappingNode {
		d.add(n, field, "must be a group of keys: "+strings.Join(known, ", "), "")
		return nil
	}
	seen := map[string]int{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], resolve(n.Content[i+1])
		switch first, dup := seen[k.Value]; {
		case dup:
			d.add(k, k.Value, fmt.Sprintf("key repeated (first on line %d)", first), "remove one of them")
		case !slices.Contains(known, k.Value):
			d.add(k, k.Value, "unknown key", "valid keys here are "+strings.Join(known, ", "))
		default:
			seen[k.Value] = k.Line
			fn(k.Value, v)
		}
	}
	return seen
}

// sequence returns the items of the list n; null is an empty list.
func (d *decoder) sequence(n *yaml.Node, field string) []*yaml.Node {
	n = resolve(n)
	if isNull(n) {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		d.add(n, field, "must be a list", "")
		return nil
	}
	return n.Content
}

// scalar returns the text of n; null is "".
func (d *decoder) scalar(n *yaml.Node, field string) (string, bool) {
	n = resolve(n)
	switch {
	case isNull(n):
		return "", true
	case n.Kind != yaml.ScalarNode:
		d.add(n, field, "must be a single value, not a list or a group of keys", "")
		return "", false
	}
	return n.Value, true
}

// time parses n as an RFC 3339 time; null is absent.
func (d *decoder) time(n *yaml.Node, field string) (time.Time, bool) {
	s, ok := d.scalar(n, field)
	if !ok || s == "" {
		return time.Time{}, false
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		d.add(n, field, fmt.Sprintf("%q is not a time", s), "write it like 2026-11-29T10:00:00Z")
		return time.Time{}, false
	}
	return t.UTC(), true
}

func (d *decoder) add(n *yaml.Node, field, msg, hint string) {
	d.probs = append(d.probs, &problem.Problem{File: d.path, Line: n.Line, Field: field, Msg: msg, Hint: hint})
}

// resolve follows a YAML alias to the node it names.
func resolve(n *yaml.Node) *yaml.Node {
	for n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.Tag == "!!null" }
