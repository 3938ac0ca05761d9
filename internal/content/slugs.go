package content

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/vitrine/vitrine/internal/problem"
)

// slugPattern is the form of a project folder's name (SPEC §3): it becomes
// part of file names and messages, and must read the same everywhere.
var slugPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// ValidSlug reports whether s may name a project.
func ValidSlug(s string) bool { return slugPattern.MatchString(s) }

// Slugs lists the project slugs under contentDir/projects, sorted. A folder
// (or link to one) whose name is not a valid slug is a *problem.Problem
// naming it, several are a problem.List; the valid slugs are returned
// with it, so that "vitrine check" can go on checking them. Hidden entries
// and plain files are ignored. A missing projects folder has no slugs.
func Slugs(contentDir string) ([]string, error) {
	dir := filepath.Join(contentDir, "projects")
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return []string{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("list projects: %w", err)
	}
	slugs := []string{}
	var problems problem.List
	for _, e := range entries { // os.ReadDir sorts by name
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		if !e.IsDir() {
			info, err := os.Stat(filepath.Join(dir, name))
			if err != nil || !info.IsDir() {
				continue
			}
		}
		if !ValidSlug(name) {
			problems = append(problems, slugProblem(filepath.Join(dir, name), name))
			continue
		}
		slugs = append(slugs, name)
	}
	return slugs, errOf(problems)
}

// slugProblem reports the folder path whose name is not a valid slug.
func slugProblem(path, name string) *problem.Problem {
	hint := "rename the folder using lower-case letters a-z, digits and '-'"
	if s := suggestSlug(name); s != "" {
		hint += fmt.Sprintf(", e.g. %q", s)
	}
	return &problem.Problem{File: path, Msg: "folder name is not a valid project slug", Hint: hint}
}

// slugReplacer spells German letters the way German URLs do.
var slugReplacer = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss")

// suggestSlug turns a folder name into a valid slug, or "" when nothing
// usable is left.
func suggestSlug(name string) string {
	var b strings.Builder
	dash := false
	for _, r := range slugReplacer.Replace(strings.ToLower(name)) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
			continue
		}
		dash = true
	}
	return b.String()
}
