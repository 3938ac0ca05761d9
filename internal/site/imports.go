package site

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"maps"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"

	"github.com/vitrine/vitrine/internal/content"
	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
	"github.com/vitrine/vitrine/internal/table"
)

// ImportsDir is the folder of the content folder that holds time exports
// covering many projects (SPEC §9); their rows are split by project.
const ImportsDir = "imports"

// Unrouted is a row of an export that names no project of the site. It is
// a warning, not an error: exports cover projects vitrine does not
// publish. Such a row is never published.
type Unrouted struct {
	File    string // the export as the user sees it
	Line    int
	Project string // the row's project cells, " / " between them; "" when empty
	// Other is set when the row is left out because it belongs to another
	// project than the one asked for (vitrine import --project).
	Other string
}

// String describes u for the office, as check and publish print it.
func (u Unrouted) String() string {
	where := fmt.Sprintf("%s:%d", u.File, u.Line)
	switch {
	case u.Other != "":
		return fmt.Sprintf("%s: the row is project %s, not the one asked for", where, u.Other)
	case u.Project == "":
		return fmt.Sprintf("%s: the row names no project; it is not published", where)
	}
	return fmt.Sprintf("%s: project %q is no project of the site; the row is not published "+
		"(if it is one, add the name to import_names in its project.yaml)", where, u.Project)
}

// Export is one export file split by project.
type Export struct {
	File     string
	Encoding string // as table.Read found it
	Format   string // the tool that wrote it (content.Export.Format)
	Dates    string // the date convention of the file
	// Rows are the rows routed to each project, by slug, in file order.
	Rows     map[string][]content.ExportRow
	Unrouted []Unrouted
	// Problems are the rows at fault (unreadable, or of two projects);
	// they are not published, the other rows are.
	Problems problem.List
}

// identity is what routes an export row to a project.
type identity struct {
	slug string
	p    *project.Project
}

// identities reads the project.yaml of every project folder of the site,
// also those whose links.yaml or other records fail: their rows are
// theirs, not unknown. A fault in the names that route rows (or a
// project.yaml that cannot be read at all) stops the routing, as a
// problem: with a project's names unknown, its row could be taken for
// another's. A fault elsewhere in project.yaml (a typo in status:) is that
// project's problem only and must not hold up the imports of every other.
func (s *Site) identities(ctx context.Context) ([]identity, error) {
	var out []identity
	for _, dir := range s.dirs {
		p, err := content.Identity(ctx, dir)
		if err != nil && (ctx.Err() != nil || !problem.Is(err)) {
			return nil, err
		}
		if err != nil && routingFault(err) {
			return nil, &problem.Problem{
				File: filepath.Join(dir, "project.yaml"),
				Msg:  "does not say clearly under which names exports list the project, so the exports in the imports folder cannot be split among the projects; none of their rows is published",
				Hint: "fix project.yaml (vitrine check names the fault)",
			}
		}
		out = append(out, identity{filepath.Base(dir), p})
	}
	return out, nil
}

// identityKeys are the keys of project.yaml that route export rows
// (project.Project.KnownAs).
var identityKeys = []string{"name", "number", "public_name", "import_names"}

// routingFault reports whether the problems in err leave the routing names
// of a project unknown: a fault of the whole file or of one of its keys.
func routingFault(err error) bool {
	var l problem.List
	l.Add(err)
	return slices.ContainsFunc(l, func(p *problem.Problem) bool {
		return p.Field == "" || slices.Contains(identityKeys, p.Field)
	})
}

// ReadExport reads the export data, named name as the user sees it, and
// splits its rows among the projects of the site by their project cells
// (project.Project.KnownAs). A fault that makes the whole file unreadable
// is returned as a problem; faulty rows are in Export.Problems.
func (s *Site) ReadExport(ctx context.Context, name string, data []byte) (*Export, error) {
	ids, err := s.identities(ctx)
	if err != nil {
		return nil, err
	}
	return route(name, data, ids)
}

// route reads one export and splits it among ids.
func route(name string, data []byte, ids []identity) (*Export, error) {
	t, err := table.Read(name, data)
	if err != nil {
		return nil, err
	}
	exp, err := content.ReadExport(t)
	var rowProblems problem.List
	if err != nil && !rowProblems.Add(err) {
		return nil, err
	}
	if exp == nil {
		return nil, rowProblems.Err()
	}
	out := &Export{File: name, Encoding: t.Encoding, Format: exp.Format, Dates: exp.Dates,
		Rows: map[string][]content.ExportRow{}, Problems: rowProblems}
	if !slices.ContainsFunc(exp.Rows, named) && len(exp.Rows) > 0 {
		return nil, &problem.Problem{
			File: name, Line: exp.Rows[0].Line,
			Msg:  "has no project column (or it is empty in every row), so its rows cannot be split among the projects",
			Hint: "export with the project (Projekt) column, or put the file into the project's folder as times.csv",
		}
	}
	for _, r := range exp.Rows {
		slugs := owners(r, ids)
		switch len(slugs) {
		case 0:
			out.Unrouted = append(out.Unrouted, Unrouted{File: name, Line: r.Line, Project: strings.Join(nonEmpty(r.Project), " / ")})
		case 1:
			out.Rows[slugs[0]] = append(out.Rows[slugs[0]], r)
		default:
			out.Problems = append(out.Problems, &problem.Problem{
				File: name, Line: r.Line, Field: "project",
				Msg: fmt.Sprintf("%q matches the projects %s; the row is not published",
					strings.Join(nonEmpty(r.Project), " / "), strings.Join(slugs, " and ")),
				Hint: "give the projects distinct number, name, public_name and import_names in their project.yaml, or correct the row",
			})
		}
	}
	return out, nil
}

// named reports whether r has a project cell that is not empty.
func named(r content.ExportRow) bool { return len(nonEmpty(r.Project)) > 0 }

// nonEmpty returns the cells of cells that are not blank.
func nonEmpty(cells []string) []string {
	var out []string
	for _, c := range cells {
		if c = strings.TrimSpace(c); c != "" {
			out = append(out, c)
		}
	}
	return out
}

// owners returns the slugs of the projects that every project cell of r
// names. An export may name a project in two columns (Kimai: Projekt and
// Projektnummer; Harvest: Project and Project Code); a row whose cells
// name different projects, or one vitrine does not know, is no project's,
// as in a project's own times.csv. Two projects are a conflict the office
// must resolve, not a guess vitrine may make.
func owners(r content.ExportRow, ids []identity) []string {
	cells := nonEmpty(r.Project)
	var slugs []string
	for _, id := range ids {
		if len(cells) > 0 && !slices.ContainsFunc(cells, func(c string) bool { return !id.p.KnownAs(c) }) {
			slugs = append(slugs, id.slug)
		}
	}
	return slugs
}

// imports is the exports in the imports folder of a site, read once per
// run and split by project.
type imports struct {
	once sync.Once
	s    *Site
	// bySlug holds each project's imported entries, in file order.
	bySlug   map[string][]project.TimeEntry
	unrouted []Unrouted
	problems problem.List
	err      error // a failure to read (not a fault in the files)
}

// read reads the imports folder; later calls return what the first read.
func (im *imports) read(ctx context.Context) error {
	im.once.Do(func() { im.err = im.load(ctx) })
	return im.err
}

func (im *imports) load(ctx context.Context) error {
	im.bySlug = map[string][]project.TimeEntry{}
	dir := filepath.Join(im.s.Config.Path(im.s.Config.Content), ImportsDir)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("read %s: %w", dir, err)
	}
	var ids []identity
	for _, e := range entries {
		if !isExport(e) {
			continue
		}
		if ids == nil {
			if ids, err = im.s.identities(ctx); err != nil {
				return err
			}
		}
		name := filepath.Join(dir, e.Name())
		data, err := readImport(name)
		if err == nil {
			err = im.add(name, data, ids)
		}
		if err != nil && !im.problems.Add(err) {
			return err
		}
	}
	return nil
}

// add routes one export file.
func (im *imports) add(name string, data []byte, ids []identity) error {
	exp, err := route(name, data, ids)
	if err != nil {
		return err
	}
	for slug, rows := range exp.Rows {
		for _, r := range rows {
			im.bySlug[slug] = append(im.bySlug[slug], r.Entry)
		}
	}
	im.unrouted = append(im.unrouted, exp.Unrouted...)
	im.problems = append(im.problems, exp.Problems...)
	return nil
}

// isExport reports whether e is an export vitrine reads.
func isExport(e fs.DirEntry) bool { return exportName(e.Name()) }

// exportName reports whether name is one of an export vitrine reads: a CSV
// or .xlsx file, not hidden (editors' and vitrine's temporary files are)
// and not an Excel lock file (~$…).
func exportName(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return !strings.HasPrefix(name, ".") && !strings.HasPrefix(name, "~$") && (ext == ".csv" || ext == ".xlsx")
}

// readImport reads an export file, refusing a symbolic link or anything
// but a regular file, and one past table.MaxBytes unread.
func readImport(name string) ([]byte, error) {
	info, err := os.Lstat(name)
	if err != nil {
		return nil, err
	}
	if !info.Mode().IsRegular() {
		return nil, &problem.Problem{File: name, Msg: "is not a regular file (a symbolic link?)", Hint: "put the export itself into the folder"}
	}
	if info.Size() > table.MaxBytes {
		return nil, &problem.Problem{File: name, Msg: fmt.Sprintf("is larger than %d MB", table.MaxBytes>>20),
			Hint: "export a shorter period, or only the projects you publish"}
	}
	return os.ReadFile(name)
}

// entries returns the imported entries of the project slug.
func (im *imports) entries(ctx context.Context, slug string) ([]project.TimeEntry, error) {
	if err := im.read(ctx); err != nil {
		return nil, err
	}
	return im.bySlug[slug], nil
}

// digest returns the sum of the entries imported into slug, for the cache
// key of its links: a changed export re-renders the projects it feeds and
// only those.
func (im *imports) digest(ctx context.Context, slug string) ([]byte, error) {
	e, err := im.entries(ctx, slug)
	if err != nil {
		return nil, err
	}
	b, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(b)
	return sum[:], nil
}

// ImportReport reads the imports folder as a publish would and returns
// the rows that name no project (warnings) and the faults of its files
// (problems; another error when the folder cannot be read).
func (s *Site) ImportReport(ctx context.Context) (unrouted []Unrouted, faults error) {
	return (&imports{s: s}).report(ctx)
}

// report returns the rows that name no project and the faults.
func (im *imports) report(ctx context.Context) ([]Unrouted, error) {
	if err := im.read(ctx); err != nil {
		return nil, err
	}
	return im.unrouted, im.problems.Err()
}

// MergeTimes adds the imported entries to a project's own: an entry that
// is in both (same day, employee, hours and activity) counts once. Rows
// alike within one source are kept, since two equal blocks of work on a
// day are real; across sources an entry counts as often as the source that
// has it most often.
func MergeTimes(sources ...[]project.TimeEntry) []project.TimeEntry {
	var out []project.TimeEntry
	have := map[entryKey]int{}
	for _, src := range sources {
		seen := map[entryKey]int{}
		before := maps.Clone(have)
		for _, e := range src {
			k := keyOf(e)
			seen[k]++
			if seen[k] > before[k] {
				out = append(out, e)
				have[k]++
			}
		}
	}
	return out
}

// entryKey is what makes two time entries the same work.
type entryKey struct {
	date, employee, activity string
	minutes                  int64
}

func keyOf(e project.TimeEntry) entryKey {
	return entryKey{e.Date.String(), fold(e.Employee), fold(e.Activity), int64(math.Round(e.Hours * 60))}
}

// fold ignores case and spacing, in which tools differ from each other.
func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

// importFaults returns the faults of the imports that b rendered with, and
// tells warn (or the log) of each row that names no project.
func (b *Build) importFaults(ctx context.Context, warn func(Unrouted)) error {
	unrouted, err := b.lr.imp.report(ctx)
	for _, u := range unrouted {
		if warn != nil {
			warn(u)
		} else {
			slog.Warn(u.String())
		}
	}
	return err
}
