package site

import (
	"cmp"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/vitrine/vitrine/internal/links"
)

// MinPrefix is the fewest characters of a link id that name it: 8 hex
// digits leave one chance in four billion that two links share them.
const MinPrefix = 8

// Resolve finds the link the office means by arg: its id, its URL as link
// list prints it or a browser shows it (any page of the link), or the
// first MinPrefix or more characters of its id. A prefix that more than
// one link shares is refused, naming them.
func (s *Site) Resolve(arg string) (*Project, *links.Link, error) {
	id, err := s.idOf(arg)
	if err != nil {
		return nil, nil, err
	}
	if p, l, ok := s.Find(id); ok {
		return p, l, nil
	}
	var found []ref
	for full, r := range s.byID {
		if strings.HasPrefix(full, id) {
			found = append(found, r)
		}
	}
	switch len(found) {
	case 0:
		return nil, nil, fmt.Errorf("no link %s in any project; vitrine link list --all shows them", id)
	case 1:
		return found[0].project, found[0].link, nil
	}
	slices.SortFunc(found, func(a, b ref) int { return cmp.Compare(a.link.ID, b.link.ID) })
	names := make([]string, len(found))
	for i, r := range found {
		names[i] = fmt.Sprintf("%s (%s %q)", r.link.ID, r.project.Slug, r.link.Label)
	}
	return nil, nil, fmt.Errorf("%s is the start of %d links: %s; give more characters of the id",
		id, len(found), strings.Join(names, ", "))
}

// idOf returns the id, or the start of one, that arg names.
func (s *Site) idOf(arg string) (string, error) {
	// Pasted from a mail or a chat, a URL may come in <> or quotes.
	arg = strings.Trim(strings.TrimSpace(arg), `<>"'`)
	id := arg
	if strings.Contains(arg, "/") {
		u, err := url.Parse(arg)
		if err != nil {
			return "", fmt.Errorf("%q is neither a link id nor a URL: %w", arg, err)
		}
		if id = s.idInPath(u.Path); id == "" {
			return "", fmt.Errorf("%s is not the URL of a link of this site: its path has no folder %s/ followed by an id; vitrine link list prints the URLs",
				arg, s.Config.Prefix)
		}
	}
	id = strings.ToLower(id)
	if !idLike(id) {
		return "", fmt.Errorf("%q is not a link id: an id is a UUID such as 0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e21, of which the first %d characters do", arg, MinPrefix)
	}
	if len(id) < MinPrefix {
		return "", fmt.Errorf("%q is too short to name a link: give at least the first %d characters of its id, as vitrine link list shows them", arg, MinPrefix)
	}
	return id, nil
}

// idInPath returns the path segment after the site's prefix that can be
// (the start of) an id, or "". The prefix may stand in the path more than
// once, as in https://host/p/p/<id>/ when base_url ends in a folder of the
// prefix's name.
func (s *Site) idInPath(path string) string {
	want := strings.Split(strings.Trim(s.Config.Prefix, "/"), "/")
	segs := strings.FieldsFunc(path, func(r rune) bool { return r == '/' })
	for i := 0; i+len(want) < len(segs); i++ {
		if next := segs[i+len(want)]; slices.Equal(segs[i:i+len(want)], want) && idLike(next) {
			return next
		}
	}
	return ""
}

// idLike reports whether s is made of the characters of an id.
func idLike(s string) bool { return strings.Trim(strings.ToLower(s), "0123456789abcdef-") == "" }

// ShortIDs returns, for every link id in the records, its shortest start
// of at least MinPrefix characters that no other id shares: the form
// link list shows, and Resolve takes.
func (s *Site) ShortIDs() map[string]string {
	ids := make([]string, 0, len(s.byID))
	for id := range s.byID {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make(map[string]string, len(ids))
	for i, id := range ids {
		n := MinPrefix
		// In sorted order, the longest start an id shares is with a
		// neighbour.
		for _, j := range []int{i - 1, i + 1} {
			if j >= 0 && j < len(ids) {
				n = max(n, commonPrefix(id, ids[j])+1)
			}
		}
		// "0b6c1f5e-" says no more than "0b6c1f5e-4".
		if n < len(id) && id[n-1] == '-' {
			n++
		}
		out[id] = id[:min(n, len(id))]
	}
	return out
}

func commonPrefix(a, b string) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}
