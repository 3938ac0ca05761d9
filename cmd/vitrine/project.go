package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vitrine/vitrine/internal/content"
	"github.com/vitrine/vitrine/internal/project"
)

func (a *app) projectCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "project",
		Short: "Start a project folder",
		Long:  "Start a project folder in site/projects, empty or from another project without its links.",
		Example: `  vitrine project new 2026-014-kueche-meyer
  vitrine project new 2026-015-bad-schulz --from 2026-014-kueche-meyer`,
		Args: subcommandArgs,
		RunE: showHelp,
	}
	c.AddCommand(a.projectNewCommand())
	return c
}

// optionalParts are what --with adds to a copy, by the section whose
// name (English or German) the flag takes: records that belong to the old
// project's work rather than to the kind of job, so a copy leaves them out
// unless asked.
var optionalParts = map[project.Section]string{project.SectionPhotos: "photos", project.SectionTimes: "times.csv", project.SectionNotes: "notes"}

// scaffoldProject is the example project of vitrine init, the start of a
// project made from nothing.
const scaffoldProject = "scaffold/site/projects/beispiel/project.yaml"

func (a *app) projectNewCommand() *cobra.Command {
	var from, with string
	c := &cobra.Command{
		Use:   "new SLUG",
		Short: "Start a project folder, empty or from another without its links",
		Long: `Start the folder site/projects/SLUG: with a project.yaml to fill in, or,
with --from, with the project.yaml and files/ of another project, for a job
like one done before. A copy never takes the other project's links, and
its photos, times and notes only when --with names them.

SLUG is the folder's name: lower-case letters a-z, digits and '-'.`,
		Example: `  vitrine project new 2026-014-kueche-meyer
  vitrine project new 2026-015-bad-schulz --from 2026-014-kueche-meyer
  vitrine project new 2026-016-bad-schulz --from 2026-014-kueche-meyer --with photos,notes`,
		Args:              argCount(1, 1),
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(c *cobra.Command, args []string) error {
			return a.projectNew(c.Context(), args[0], from, with)
		},
	}
	c.Flags().StringVar(&from, "from", "", "copy project.yaml and files/ of the project `SLUG`; default: start empty")
	c.Flags().StringVar(&with, "with", "", "with --from, also copy `photos,times,notes` (any of them); default: none")
	_ = c.RegisterFlagCompletionFunc("from", a.projectSlugs)
	return c
}

func (a *app) projectNew(ctx context.Context, slug, from, with string) error {
	if !content.ValidSlug(slug) {
		return usagef("project name %q: use lower-case letters a-z, digits and '-', starting with a letter or digit, e.g. 2026-014-kueche-meyer", slug)
	}
	if from != "" && !content.ValidSlug(from) {
		return usagef("--from %q is not a project name; vitrine link list shows the projects", from)
	}
	parts := []string{"project.yaml", "files"}
	for _, w := range splitList(with) {
		s, _ := project.ParseSection(w)
		part, ok := optionalParts[s]
		if !ok {
			return usagef("--with %q: choose from photos, times, notes (fotos, zeiten, berichte)", w)
		}
		parts = append(parts, part)
	}
	if with != "" && from == "" {
		return usagef("--with needs --from: a new project from nothing has no photos, times or notes to copy")
	}
	cfg, err := a.loadConfig()
	if err != nil {
		return err
	}
	projects := filepath.Join(cfg.Path(cfg.Content), "projects")
	dest := filepath.Join(projects, slug)
	if _, err := os.Lstat(dest); err == nil {
		return usagef("%s already exists; choose another name, or edit that project", dest)
	}
	if err := os.MkdirAll(projects, 0o755); err != nil {
		return err
	}
	// The project is built in a hidden folder next to its place, which
	// vitrine and watch ignore, and renamed into place whole: publish never
	// sees a half-copied project.
	tmp, err := os.MkdirTemp(projects, ".new-"+slug+"-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	var copied, skipped []string
	if from == "" {
		err = writeScaffoldProject(filepath.Join(tmp, "project.yaml"), slug)
		copied = []string{"project.yaml (example)"}
	} else {
		copied, skipped, err = copyProject(ctx, filepath.Join(projects, from), tmp, parts)
	}
	if err != nil {
		return err
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	if err := os.Rename(tmp, dest); err != nil {
		return fmt.Errorf("create project %s: %w", slug, err)
	}
	return a.reportNewProject(slug, from, dest, copied, skipped)
}

// writeScaffoldProject writes the example project.yaml of vitrine init,
// named after slug, to name.
func writeScaffoldProject(name, slug string) error {
	data, err := scaffold.ReadFile(scaffoldProject)
	if err != nil {
		return err
	}
	first, rest, _ := strings.Cut(string(data), "\n")
	if !strings.HasPrefix(first, "name: ") {
		return fmt.Errorf("%s must start with its name: line", scaffoldProject)
	}
	return os.WriteFile(name, []byte(fmt.Sprintf("name: %q\n%s", slug, rest)), 0o644)
}

// copyProject copies parts (files or folders of a project) from the
// project folder src into dest, which exists. links.yaml is never among
// them: a copy must not share the old project's links. It returns the
// parts copied and the paths skipped because they are not regular files.
func copyProject(ctx context.Context, src, dest string, parts []string) (copied, skipped []string, err error) {
	if _, err := os.Stat(filepath.Join(src, "project.yaml")); err != nil {
		known, _ := content.Slugs(filepath.Dir(filepath.Dir(src)))
		return nil, nil, usagef("--from %s: no project %s; the projects are: %s",
			filepath.Base(src), src, strings.Join(known, ", "))
	}
	for _, part := range parts {
		err := filepath.WalkDir(filepath.Join(src, part), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			rel, err := filepath.Rel(src, p)
			if err != nil {
				return err
			}
			switch {
			case d.IsDir():
				return os.MkdirAll(filepath.Join(dest, rel), 0o755)
			case !d.Type().IsRegular():
				// A symbolic link may point anywhere, even at the old
				// project's links.yaml; the copy takes none.
				skipped = append(skipped, p)
				return nil
			}
			return copyFile(p, filepath.Join(dest, rel))
		})
		switch {
		case errors.Is(err, fs.ErrNotExist) && part != "project.yaml":
			continue // the old project has none of it
		case err != nil:
			return nil, nil, fmt.Errorf("copy %s: %w", part, err)
		}
		copied = append(copied, part)
	}
	return copied, skipped, nil
}

// copyFile copies the regular file src to the new file dest.
func copyFile(src, dest string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

// reportNewProject says what project new made and what to do next.
func (a *app) reportNewProject(slug, from, dest string, copied, skipped []string) error {
	if a.json {
		return a.emit(map[string]any{"project": slug, "dir": dest, "from": from, "copied": copied})
	}
	for _, p := range skipped {
		fmt.Fprintf(a.stderr, "vitrine: not copied: %s is not a regular file\n", termSafe(p))
	}
	source := "the example of vitrine init"
	if from != "" {
		source = "project " + from
	}
	a.printf("Created project %s in %s with %s from %s; it has no links yet.\n", slug, termSafe(dest), strings.Join(copied, ", "), source)
	what := "name, customer, dates"
	if from != "" {
		what = "it still describes " + from
	}
	a.printf("Next: edit %s (%s), then vitrine link create %s\n", termSafe(filepath.Join(dest, "project.yaml")), what, slug)
	return nil
}
