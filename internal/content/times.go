package content

import (
	"fmt"
	"io"
	"strings"

	"github.com/vitrine/vitrine/internal/project"
	"github.com/vitrine/vitrine/internal/table"
)

// ReadTimes parses a project's own time export (SPEC §3, §9: times.csv in
// any format ReadExport knows) of the project owner and returns its
// entries in file order. name is the file as the user sees it; its
// extension tells CSV from .xlsx. All bad rows are reported together as a
// problem.List (or one *problem.Problem), each naming the line as an
// editor shows it and the column as the header spells it. An empty file
// has no entries.
//
// A file with a project column (exports often cover several projects) is
// refused unless every row names owner (project.Project.KnownAs), so that
// no row of another customer is published. A row whose project cells are
// empty is refused too: whose work it was is unknown.
//
// ReadTimes reads at most timesLimit bytes of r.
func ReadTimes(name string, r io.Reader, owner *project.Project) ([]project.TimeEntry, error) {
	src, err := timesLimit.readAll(name, r)
	if err != nil {
		return nil, err
	}
	t, err := table.Read(name, src)
	if err != nil {
		return nil, err
	}
	x, err := readExport(t, owner)
	if err != nil {
		return nil, err
	}
	var out []project.TimeEntry
	for _, row := range x.Rows {
		out = append(out, row.Entry)
	}
	return out, nil
}

// ours reports whether r belongs to the owner: every non-empty project
// cell names it, and at least one is not empty. A file without a project
// column is the project's own. Rows that are not are reported.
func (x *exportReader) ours(r table.Row) bool {
	named := false
	for _, i := range x.projects {
		c := cell(r, i)
		if c == "" {
			continue
		}
		if x.known[c] {
			named = true
			continue
		}
		if !x.owner.KnownAs(c) {
			x.badAt(r, i, fmt.Sprintf("%q is another project; this file belongs to %s", c, ownerName(x.owner)),
				"delete the rows of other projects, or if it is this project under another name, add it to import_names in project.yaml")
			return false
		}
		if x.known == nil {
			x.known = map[string]bool{}
		}
		x.known[c] = true
		named = true
	}
	if !named && len(x.projects) > 0 {
		x.badAt(r, x.projects[0], "is empty, so the row may belong to another project",
			"write the project's number in the row, or delete the row")
		return false
	}
	return true
}

// ownerName names p for the office: its name, with the number in front
// when the name does not contain it.
func ownerName(p *project.Project) string {
	if p.Number != "" && !strings.Contains(p.Name, p.Number) {
		return strings.TrimSpace(p.Number + " " + p.Name)
	}
	return p.Name
}
