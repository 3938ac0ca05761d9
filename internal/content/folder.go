package content

import (
	"cmp"
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

	"golang.org/x/text/unicode/norm"

	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/safefile"
)

// folder is a project folder opened as an os.Root. Every read goes through
// the root, so a symbolic link (or a link swapped in while vitrine runs)
// cannot make vitrine publish a file from outside the project: records are
// private, and a link to ../../other-customer must never leak.
//
// Links inside the folder are refused too: files/x -> ../project.yaml
// would publish the internal block, notes/a.md -> ../links.yaml the ids of
// other links. A record is a regular file in its own place, nothing else.
type folder struct {
	root    *os.Root
	display string // the folder as the user named it, for messages
	// records are the project's own files, whose raw content is never
	// published (project.yaml's internal block, other links' ids, the
	// columns of times.csv vitrine drops). A hard link to one of them in
	// a section folder is refused like a symbolic link.
	records map[string]fs.FileInfo
}

// recordNames are the files of the project folder itself.
var recordNames = []string{"project.yaml", "links.yaml", "times.csv", "times.xlsx"}

// openFolder opens dir as a project folder.
func openFolder(dir string) (*folder, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	f := &folder{root: root, display: dir, records: map[string]fs.FileInfo{}}
	for _, name := range recordNames {
		if info, err := root.Lstat(name); err == nil && info.Mode().IsRegular() {
			f.records[name] = info
		}
	}
	return f, nil
}

// recordOf returns the name of the record file that info is, or "".
func (f *folder) recordOf(info fs.FileInfo) string {
	for _, name := range recordNames {
		if r, ok := f.records[name]; ok && os.SameFile(r, info) {
			return name
		}
	}
	return ""
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

// symlinkProblem is the fault of a record that is a symbolic link.
func (f *folder) symlinkProblem(rel string) *problem.Problem {
	return &problem.Problem{
		File: f.path(rel),
		Msg:  "is a symbolic link; vitrine publishes only files that lie in the folder itself",
		Hint: "replace the link with a copy of the file",
	}
}

// read returns the content of the regular file rel, refusing it when it is
// larger than lim. A missing file is fs.ErrNotExist; a symbolic link or
// anything but a regular file is a problem.
func (f *folder) read(rel string, lim sizeLimit) ([]byte, error) {
	name := filepath.FromSlash(rel)
	info, err := f.root.Lstat(name)
	if err != nil {
		return nil, f.fault(rel, err)
	}
	switch {
	case info.Mode()&fs.ModeSymlink != 0:
		return nil, f.symlinkProblem(rel)
	case !info.Mode().IsRegular():
		// A folder, or a named pipe that would block the read forever.
		return nil, &problem.Problem{File: f.path(rel), Msg: "is not a regular file", Hint: "replace it with a file"}
	}
	file, err := f.root.Open(name)
	if err != nil {
		return nil, f.fault(rel, err)
	}
	defer file.Close()
	opened, err := file.Stat()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", f.path(rel), err)
	}
	// Open follows links: the file opened must be the one Lstat saw, or a
	// link was swapped in between.
	if !os.SameFile(info, opened) {
		return nil, f.symlinkProblem(rel)
	}
	if p := lim.check(f.path(rel), opened.Size()); p != nil {
		return nil, p
	}
	return lim.readAll(f.path(rel), file)
}

// list returns the regular files directly in the sub-folder dir, sorted by
// name. Hidden entries and sub-folders are skipped; a missing dir is empty.
// Symbolic links (the folder itself or an entry) and unsafe names are
// problems.
func (f *folder) list(dir string) ([]entry, error) {
	info, err := f.root.Lstat(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, f.fault(dir, err)
	}
	if info.Mode()&fs.ModeSymlink != 0 {
		// files -> . would offer project.yaml and links.yaml for download.
		p := f.symlinkProblem(dir)
		p.Hint = "replace the link with a folder holding copies of the files"
		return nil, p
	}
	d, err := f.root.Open(dir)
	if err != nil {
		return nil, f.fault(dir, err)
	}
	defer d.Close()
	des, err := d.ReadDir(-1)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", f.path(dir), err)
	}
	// ReadDir on an open file returns directory order; sort for
	// deterministic output, by the composed names (NFC), so that a folder
	// copied from a Mac, whose names are decomposed, gives the same order.
	slices.SortFunc(des, func(a, b fs.DirEntry) int {
		return cmp.Or(strings.Compare(norm.NFC.String(a.Name()), norm.NFC.String(b.Name())), strings.Compare(a.Name(), b.Name()))
	})

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
		info, err := f.root.Lstat(filepath.FromSlash(rel))
		if errors.Is(err, fs.ErrNotExist) {
			continue // removed since ReadDir
		}
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", f.path(rel), err)
		}
		record := f.recordOf(info)
		switch {
		case info.Mode()&fs.ModeSymlink != 0:
			problems = append(problems, f.symlinkProblem(rel))
		case record != "":
			problems = append(problems, &problem.Problem{
				File: f.path(rel),
				Msg:  "is the same file as " + record + " (a hard link), whose content is never published",
				Hint: "remove it from " + dir + "/",
			})
		case info.Mode().IsRegular():
			out = append(out, entry{name: name, size: info.Size()})
		}
	}
	problems = append(problems, f.clashes(dir, out)...)
	return out, errOf(problems)
}

// clashes reports the files of dir whose names differ only in case or in
// how an umlaut is encoded (NFC as Windows writes it, NFD as macOS does):
// Windows and macOS take them for one file, so copying the records there,
// or publishing to a folder there, would keep only one of them.
func (f *folder) clashes(dir string, entries []entry) problem.List {
	var problems problem.List
	seen := make(map[string]string, len(entries)) // folded name → name
	for _, e := range entries {
		key := strings.ToLower(norm.NFC.String(e.name))
		first, ok := seen[key]
		if !ok {
			seen[key] = e.name
			continue
		}
		how := "only in upper and lower case"
		if norm.NFC.String(first) == norm.NFC.String(e.name) {
			how = "only in how an umlaut is encoded (a copy from a Mac?)"
		}
		problems = append(problems, &problem.Problem{
			File: f.path(path.Join(dir, e.name)),
			Msg:  fmt.Sprintf("and %s differ %s, which Windows and macOS take for the same file", first, how),
			Hint: "rename one of them, or delete the one that is a copy",
		})
	}
	return problems
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
// form (e.g. right-to-left overrides); and the name must be a file name
// on Windows too, where a backslash is a separator.
func unsafeName(name string) string {
	if !utf8.ValidString(name) {
		return "file name is not valid UTF-8"
	}
	for _, r := range name {
		if unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) {
			return fmt.Sprintf("file name contains the character %U", r)
		}
	}
	return safefile.Unportable(name)
}
