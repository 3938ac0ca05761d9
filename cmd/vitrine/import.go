package main

import (
	"cmp"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vitrine/vitrine/internal/content"
	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
	"github.com/vitrine/vitrine/internal/site"
)

func (a *app) importCommand() *cobra.Command {
	var only string
	var dryRun bool
	c := &cobra.Command{
		Use:   "import FILE",
		Short: "Read a time-tracking export and copy it into the records",
		Long: `Read FILE, an export of a time-tracking tool (Kimai, Clockify, Toggl,
Harvest, … as CSV or XLSX), and say what it holds: which tool wrote it,
how many rows go to which project, and which rows no project takes. Then
copy it into site/imports, from where every publish routes its rows to
the projects by their project column (name, number or import_names).

With --project, only that project's rows are added to its times.csv.`,
		Example: `  vitrine import Downloads/kimai-export.csv --dry-run
  vitrine import Downloads/kimai-export.csv
  vitrine import Downloads/clockify.xlsx --project dach-mueller`,
		Args:              argCount(1, 1),
		ValidArgsFunction: exportFiles,
		RunE:              func(c *cobra.Command, args []string) error { return a.importFile(c.Context(), args[0], only, dryRun) },
	}
	c.Flags().StringVar(&only, "project", "", "take only the rows of project `SLUG`, into its times.csv; default: keep the whole file for every project")
	c.Flags().BoolVar(&dryRun, "dry-run", false, "only print what the file holds; change nothing")
	_ = c.RegisterFlagCompletionFunc("project", a.projectSlugs)
	return c
}

func (a *app) importFile(ctx context.Context, name, only string, dryRun bool) error {
	data, err := os.ReadFile(name)
	if err != nil {
		return &problem.Problem{File: name, Msg: "cannot be read: " + unwrapPath(err), Hint: "check the path of the exported file"}
	}
	cfg, err := a.loadConfig()
	if err != nil {
		return err
	}
	s, err := site.Open(cfg)
	if err != nil && !problem.Is(err) {
		return err
	}
	var target *site.Project
	if only != "" {
		if target = s.Project(only); target == nil {
			return usagef("--project %s: no such project; vitrine link list shows the projects", only)
		}
	}
	exp, err := s.ReadExport(ctx, name, data)
	if err != nil {
		return err
	}
	if target != nil {
		exp = onlyProject(exp, target.Slug)
	}
	out := exportReport(exp)
	out.DryRun = dryRun
	a.printExport(out)
	switch {
	case dryRun:
		a.printf("Dry run: nothing copied.\n")
	case target != nil:
		var entries []project.TimeEntry
		for _, r := range exp.Rows[target.Slug] {
			entries = append(entries, r.Entry)
		}
		added, err := s.SaveTimes(ctx, target, entries)
		if err != nil {
			return err
		}
		out.Saved, out.Added, out.Changed = filepath.Join(target.Dir, "times.csv"), &added, added > 0
		a.printf("Added %d entries to %s (%d were there already). They are published with the next vitrine publish.\n",
			added, out.Saved, len(entries)-added)
	default:
		dest, same, err := s.SaveImport(ctx, filepath.Base(name), data)
		if err != nil {
			return err
		}
		out.Saved, out.Changed = dest, !same
		if same {
			a.printf("%s holds this file already; nothing copied.\n", dest)
		} else {
			a.printf("Copied to %s. Its rows are published with the next vitrine publish.\n", dest)
		}
	}
	return a.emitJSON(out)
}

// importJSON is what vitrine understood of an export, and what import
// did with it; import --json prints it.
type importJSON struct {
	File     string          `json:"file"`
	Format   string          `json:"format"`
	Encoding string          `json:"encoding"`
	Dates    string          `json:"dates"`
	Projects []importProject `json:"projects"`
	// LeftOut says of each row no project takes where it is and why.
	LeftOut []string `json:"left_out"`
	DryRun  bool     `json:"dry_run"`
	// Changed is false when nothing was written: a dry run, the same file
	// imported before, or only entries times.csv has.
	Changed bool   `json:"changed"`
	Saved   string `json:"saved,omitempty"`
	Added   *int   `json:"added,omitempty"`
}

type importProject struct {
	Project string  `json:"project"`
	Rows    int     `json:"rows"`
	Hours   float64 `json:"hours"`
}

func exportReport(exp *site.Export) *importJSON {
	out := &importJSON{File: exp.File, Format: exp.Format, Encoding: exp.Encoding, Dates: exp.Dates,
		Projects: []importProject{}, LeftOut: []string{}}
	for slug, rows := range exp.Rows {
		p := importProject{Project: slug, Rows: len(rows)}
		for _, r := range rows {
			p.Hours += r.Entry.Hours
		}
		out.Projects = append(out.Projects, p)
	}
	slices.SortFunc(out.Projects, func(a, b importProject) int { return strings.Compare(a.Project, b.Project) })
	for _, u := range exp.Unrouted {
		out.LeftOut = append(out.LeftOut, u.String())
	}
	for _, p := range exp.Problems {
		out.LeftOut = append(out.LeftOut, p.Error())
	}
	return out
}

// unwrapPath is the cause of a file error without the path, which the
// problem names already.
func unwrapPath(err error) string {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err.Error()
	}
	return err.Error()
}

// onlyProject keeps the rows of slug and lists the others as left out.
func onlyProject(exp *site.Export, slug string) *site.Export {
	out := *exp
	out.Rows = map[string][]content.ExportRow{slug: exp.Rows[slug]}
	out.Unrouted = slices.Clone(exp.Unrouted)
	for other, rows := range exp.Rows {
		if other == slug {
			continue
		}
		for _, r := range rows {
			out.Unrouted = append(out.Unrouted, site.Unrouted{File: exp.File, Line: r.Line, Other: other})
		}
	}
	slices.SortFunc(out.Unrouted, func(a, b site.Unrouted) int { return a.Line - b.Line })
	return &out
}

// printExport says what vitrine understood of an export: its format, the
// rows each project gets, and the rows left out and why.
func (a *app) printExport(exp *importJSON) {
	a.printf("%s: %s export, dates %s, encoding %s\n", exp.File, exp.Format, cmp.Or(exp.Dates, "none (no rows)"), exp.Encoding)
	for _, p := range exp.Projects {
		a.printf("  %-24s %4d rows  %8s hours\n", p.Project, p.Rows, strings.Replace(fmt.Sprintf("%.2f", p.Hours), ".", ",", 1))
	}
	if len(exp.Projects) == 0 {
		a.printf("  no row belongs to a project of the site\n")
	}
	if n := len(exp.LeftOut); n > 0 {
		a.printf("Left out, %d rows:\n", n)
	}
	for _, line := range exp.LeftOut {
		a.printf("  %s\n", termSafe(line))
	}
}
