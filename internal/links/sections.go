package links

import (
	"slices"

	"github.com/vitrine/vitrine/internal/project"
)

// EditSections applies the section flags of `vitrine link` to current: a
// non-nil set replaces the list (--sections), then show adds (--show), then
// hide removes (--hide); hiding a section also named in set or show leaves
// it hidden. An unknown id is an error that lists the valid ones. The result
// is de-duplicated and in page order.
func EditSections(current []project.Section, set, show, hide []string) ([]project.Section, error) {
	ids := make([]string, 0, len(current)+len(set)+len(show))
	if set == nil {
		for _, s := range current {
			ids = append(ids, string(s))
		}
	}
	ids = append(append(ids, set...), show...)
	out, err := project.ParseSections(ids)
	if err != nil {
		return nil, err
	}
	hidden, err := project.ParseSections(hide)
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(out, func(s project.Section) bool { return slices.Contains(hidden, s) }), nil
}
