package links

import (
	"bytes"
	"fmt"
	"slices"
	"time"

	"gopkg.in/yaml.v3"
)

// header opens every links.yaml that vitrine writes.
const header = `# Links of this project, written by vitrine link …; edit with care.
# revoked lists every link ever deactivated here: those ids never come back.`

// marshal returns f as links.yaml in the shape of SPEC §5: the same File
// always gives the same bytes, so that records under version control only
// change where a link changed. revoked is written sorted, with the id of
// every deactivated entry added.
func (f *File) marshal() ([]byte, error) {
	links := &yaml.Node{Kind: yaml.SequenceNode}
	if len(f.Links) == 0 {
		links.Style = yaml.FlowStyle
	}
	for i := range f.Links {
		links.Content = append(links.Content, entry(&f.Links[i]))
	}
	revoked := &yaml.Node{Kind: yaml.SequenceNode}
	ids := f.revokedIDs()
	if len(ids) == 0 {
		revoked.Style = yaml.FlowStyle
	}
	for _, id := range ids {
		revoked.Content = append(revoked.Content, str(id))
	}
	var pairs []pair
	if f.Project != "" {
		pairs = append(pairs, pair{"project", str(f.Project)})
	}
	pairs = append(pairs, pair{"links", links}, pair{"revoked", revoked})
	doc := &yaml.Node{Kind: yaml.DocumentNode, HeadComment: header, Content: []*yaml.Node{mappingNode(pairs...)}}
	var b bytes.Buffer
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode links: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode links: %w", err)
	}
	return b.Bytes(), nil
}

// revokedIDs returns Revoked with the ids of deactivated entries, sorted
// and without repeats.
func (f *File) revokedIDs() []string {
	ids := slices.Clone(f.Revoked)
	for _, l := range f.Links {
		if l.Deactivated != nil {
			ids = append(ids, l.ID)
		}
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// entry returns l as a mapping with its keys in the order of linkKeys.
func entry(l *Link) *yaml.Node {
	sections := &yaml.Node{Kind: yaml.SequenceNode, Style: yaml.FlowStyle}
	for _, s := range l.Sections {
		sections.Content = append(sections.Content, str(string(s)))
	}
	pairs := []pair{
		{"id", str(l.ID)},
		{"label", str(l.Label)},
		{"created", plain(stamp(l.Created))},
		{"locale", str(l.Locale)},
		{"sections", sections},
	}
	if !l.Expires.IsZero() {
		pairs = append(pairs, pair{"expires", plain(l.Expires.String())})
	}
	if l.Deactivated != nil {
		pairs = append(pairs, pair{"deactivated", plain(stamp(*l.Deactivated))})
	}
	return mappingNode(pairs...)
}

// stamp formats a moment as links.yaml records it. vitrine writes whole
// seconds; a fraction written by hand is kept, so that a rewrite never
// moves a deactivation before its creation.
func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339Nano) }

// pair is one key and value of a mapping.
type pair struct {
	key   string
	value *yaml.Node
}

// mappingNode builds a mapping whose keys keep the order given.
func mappingNode(pairs ...pair) *yaml.Node {
	m := &yaml.Node{Kind: yaml.MappingNode}
	for _, p := range pairs {
		m.Content = append(m.Content, plain(p.key), p.value)
	}
	return m
}

// str is a string value, quoted by the encoder where YAML would otherwise
// read it as something else (a label "true" or "2024").
func str(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: s} }

// plain is a value written without quotes, such as a time or a date.
func plain(s string) *yaml.Node { return &yaml.Node{Kind: yaml.ScalarNode, Value: s} }
