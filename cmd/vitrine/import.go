package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/vitrine/vitrine/internal/content"
	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
	"github.com/vitrine/vitrine/internal/site"
)

const importUsage = "usage: vitrine import FILE [--project SLUG] [--dry-run]"

func cmdImport(ctx context.Context, a *app, args []string) error {
	fs := a.flags("import")
	only := fs.String("project", "", "take only the rows of project `SLUG`, into its times.csv")
	dryRun := fs.Bool("dry-run", false, "only print what the file holds; change nothing")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef(importUsage)
	}
	name := pos[0]
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
	if *only != "" {
		if target = s.Project(*only); target == nil {
			return usagef("--project %s: no such project; vitrine link list shows the projects", *only)
		}
	}
	exp, err := s.ReadExport(ctx, name, data)
	if err != nil {
		return err
	}
	if target != nil {
		exp = onlyProject(exp, target.Slug)
	}
	a.printExport(exp)
	switch {
	case *dryRun:
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
		a.printf("Added %d entries to %s (%d were there already). They are published with the next vitrine publish.\n",
			added, filepath.Join(target.Dir, "times.csv"), len(entries)-added)
	default:
		dest, same, err := s.SaveImport(ctx, filepath.Base(name), data)
		if err != nil {
			return err
		}
		if same {
			a.printf("%s holds this file already; nothing copied.\n", dest)
		} else {
			a.printf("Copied to %s. Its rows are published with the next vitrine publish.\n", dest)
		}
	}
	return nil
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
func (a *app) printExport(exp *site.Export) {
	dates := exp.Dates
	if dates == "" {
		dates = "none (no rows)"
	}
	a.printf("%s: %s export, dates %s, encoding %s\n", exp.File, exp.Format, dates, exp.Encoding)
	slugs := make([]string, 0, len(exp.Rows))
	for slug := range exp.Rows {
		slugs = append(slugs, slug)
	}
	slices.Sort(slugs)
	for _, slug := range slugs {
		hours := 0.0
		for _, r := range exp.Rows[slug] {
			hours += r.Entry.Hours
		}
		a.printf("  %-24s %4d rows  %8s hours\n", slug, len(exp.Rows[slug]), strings.Replace(fmt.Sprintf("%.2f", hours), ".", ",", 1))
	}
	if len(slugs) == 0 {
		a.printf("  no row belongs to a project of the site\n")
	}
	if n := len(exp.Unrouted) + len(exp.Problems); n > 0 {
		a.printf("Left out, %d rows:\n", n)
	}
	for _, u := range exp.Unrouted {
		a.printf("  %s\n", termSafe(u.String()))
	}
	for _, p := range exp.Problems {
		a.printf("  %s\n", termSafe(p.Error()))
	}
}
