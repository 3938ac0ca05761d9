package content

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/vitrine/vitrine/internal/problem"
)

// folder is a project folder opened as an os.Root. Every read goes through
// the root, so a symbolic link (or a link swapped in while vitrine runs)
// cannot make vitrine publish a file from outside the project: records are
// private, and a link to ../../other-customer must never leak.
type folder struct {
	root    *os.Root
	display string // the folder as the user named it, for messages
}

// entry is a regular file found directly in a sub-folder.
type entry struct {
	name string
	size int64
}

// path returns the slash path rel as the user sees it.
func (f *folder) path(rel string) string {
	return filepath.Join(f.display, filepath.FromSlash(rel))
}

// read returns the content of rel. A missing file (or a link to one) is
// fs.ErrNotExist; a link leading outside the folder is a problem.
func (f *folder) read(rel string) ([]byte, error) {
	b, err := f.root.ReadFile(filepath.FromSlash(rel))
	if err != nil {
		return nil, f.fault(rel, err)
	}
	return b, nil
}

// list returns the regular files directly in the sub-folder dir, sorted by
// name. Hidden entries and sub-folders are skipped; a missing dir is empty.
// Broken or escaping links and unsafe names are problems.
func (f *folder) list(dir string) ([]entry, error) {
	d, err := f.root.Open(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, f.fault(dir, err)
	}
	defer d.Close()
	des, err := d.ReadDir(-1)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", f.path(dir), err)
	}
	// ReadDir on an open file returns directory order; sort for
	// deterministic output.
	slices.SortFunc(des, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })

	var out []entry
	var problems problem.List
	for _, de := range des {
		name := de.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		rel := path.Join(dir, name)
		if msg := unsafeName(name); msg != "" {
			problems = append(problems, &problem.Problem{
				File: f.path(rel),
				Msg:  msg,
				Hint: "rename the file using letters, digits, spaces, '-', '_' and '.'",
			})
			continue
		}
		info, err := f.root.Stat(filepath.FromSlash(rel))
		if errors.Is(err, fs.ErrNotExist) {
			problems = append(problems, &problem.Problem{
				File: f.path(rel),
				Msg:  "is a symbolic link to a file that does not exist",
				Hint: "remove the link or copy the file here",
			})
			continue
		}
		if err != nil {
			var p *problem.Problem
			if err := f.fault(rel, err); !errors.As(err, &p) {
				return nil, err
			}
			problems = append(problems, p)
			continue
		}
		if info.Mode().IsRegular() {
			out = append(out, entry{name: name, size: info.Size()})
		}
	}
	return out, errOf(problems)
}

// fault turns err from accessing rel into a problem when rel is a
// symbolic link the root refused to follow, and wraps it otherwise.
func (f *folder) fault(rel string, err error) error {
	if errors.Is(err, fs.ErrNotExist) {
		return err
	}
	if info, lerr := f.root.Lstat(filepath.FromSlash(rel)); lerr == nil && info.Mode()&fs.ModeSymlink != 0 {
		return &problem.Problem{
			File: f.path(rel),
			Msg:  "is a symbolic link that leads outside the project folder, is absolute or loops",
			Hint: "copy the file into the project folder, or use a relative link to a file inside it",
		}
	}
	return fmt.Errorf("read %s: %w", f.path(rel), err)
}

// unsafeName says why a file name cannot become part of a published path,
// or returns "". Control and format characters could hide a name's true
// form (e.g. right-to-left overrides); a backslash is a separator on
// Windows.
func unsafeName(name string) string {
	if !utf8.ValidString(name) {
		return "file name is not valid UTF-8"
	}
	for _, r := range name {
		if r == '\\' || unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) {
			return fmt.Sprintf("file name contains the character %U", r)
		}
	}
	return ""
}
