// Package content reads the office's records under site/ into project.Project
// values: project.yaml, times.csv, notes/*.md, photos/ and files/.
//
// Every fault in those files is reported as a *problem.Problem (or a
// problem.List) that names the file as the user sees it, the line and the
// field, so that the CLI can tell the office exactly what to fix.
package content

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"

	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
)

// Load reads the project folder dir; its base name is the slug. dir is also
// the prefix of every file named in errors, so pass it the way the user
// wrote it (e.g. site/projects/bad-mueller). Faults in the records are
// returned together as a *problem.Problem or problem.List; other errors
// (permissions, I/O) wrap the cause.
//
// Load stats photos and files but does not read them, and nothing it
// accepts leads outside dir, not even through a symbolic link.
func Load(ctx context.Context, dir string) (*project.Project, error) {
	l, p, refs, err := begin(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer l.f.root.Close()
	steps := []func() error{
		func() (err error) { p.Times, err = l.times(p); return err },
		func() (err error) { p.Notes, err = l.notes(ctx); return err },
		func() (err error) { p.Photos, err = l.photos(refs); return err },
		func() (err error) { p.Files, err = l.files(); return err },
	}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if err := step(); err != nil {
			return nil, err
		}
	}
	if err := errOf(l.problems); err != nil {
		return nil, err
	}
	return p, nil
}

// Identity reads only the project.yaml of the project folder dir: the
// names under which exports list the project (project.Project.KnownAs).
// Routing the rows of an export needs them even when another record of
// the project is at fault, so that a row is never taken for another
// project's because this one could not be loaded.
func Identity(ctx context.Context, dir string) (*project.Project, error) {
	l, p, _, err := begin(ctx, dir)
	if err != nil {
		return nil, err
	}
	defer l.f.root.Close()
	return p, errOf(l.problems)
}

// begin opens the project folder dir and reads its project.yaml into a new
// Project; the caller closes l.f.root. Problems are gathered in l.
func begin(ctx context.Context, dir string) (l *loader, p *project.Project, refs []photoRef, err error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, nil, err
	}
	f, err := openFolder(dir)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("open project: %w", err)
	}
	l = &loader{f: f}
	p = &project.Project{Slug: filepath.Base(dir)}
	if !ValidSlug(p.Slug) {
		l.problems = append(l.problems, slugProblem(dir, p.Slug))
	}
	if refs, err = l.projectYAML(p); err != nil {
		f.root.Close()
		return nil, nil, nil, err
	}
	return l, p, refs, nil
}

// loader gathers the problems of one project folder, so that the office
// sees all of them after one run instead of fixing them one at a time.
type loader struct {
	f        *folder
	problems problem.List
}

// collect keeps the problems in err and returns any other error.
func (l *loader) collect(err error) error {
	var p *problem.Problem
	var list problem.List
	switch {
	case errors.As(err, &list):
		l.problems = append(l.problems, list...)
	case errors.As(err, &p):
		l.problems = append(l.problems, p)
	default:
		return err
	}
	return nil
}

// projectYAML reads project.yaml into p and returns its photos list, which
// only makes sense together with the photos/ folder.
func (l *loader) projectYAML(p *project.Project) ([]photoRef, error) {
	const name = "project.yaml"
	src, err := l.f.read(name, projectYAMLLimit)
	if errors.Is(err, fs.ErrNotExist) {
		l.problems = append(l.problems, &problem.Problem{
			File: l.f.path(name),
			Msg:  "file not found",
			Hint: `every project folder needs one, with at least a line such as name: "2024-017 Bad Sanierung Müller"`,
		})
		return nil, nil
	}
	if err != nil {
		return nil, l.collect(err)
	}
	refs, list := decodeProject(l.f.path(name), src, p)
	l.problems = append(l.problems, list...)
	return refs, nil
}

// times reads the optional times.csv (or times.xlsx) of p. Without a name from
// project.yaml (already reported) no project column could match, and
// every row would be reported as another project's.
func (l *loader) times(p *project.Project) ([]project.TimeEntry, error) {
	if p.Name == "" {
		return nil, nil
	}
	// The export as the time tracker wrote it, CSV or Excel; one of them,
	// or the office would edit one while vitrine publishes the other.
	name := "times.csv"
	src, err := l.f.read(name, timesLimit)
	if _, xerr := l.f.root.Lstat("times.xlsx"); xerr == nil {
		if !errors.Is(err, fs.ErrNotExist) {
			l.problems = append(l.problems, &problem.Problem{
				File: l.f.path("times.xlsx"),
				Msg:  "is there as well as times.csv; vitrine reads the hours of a project from one file",
				Hint: "delete the one that is out of date",
			})
			return nil, nil
		}
		name = "times.xlsx"
		src, err = l.f.read(name, timesLimit)
	}
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, l.collect(err)
	}
	entries, err := ReadTimes(l.f.path(name), bytes.NewReader(src), p)
	return entries, l.collect(err)
}

// errOf returns nil, the single problem, or the whole list, so that callers
// see a plain *problem.Problem in the common one-mistake case.
func errOf(l problem.List) error {
	switch len(l) {
	case 0:
		return nil
	case 1:
		return l[0]
	}
	return l
}
