package links

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"

	"github.com/vitrine/vitrine/internal/lockfile"
	"github.com/vitrine/vitrine/internal/safefile"
)

// Update changes links.yaml at path as one transaction, safe against
// other vitrine processes and goroutines doing the same: it takes an
// exclusive lock on lockFile (waiting for it until ctx is done; the caller
// keeps the lock outside the project folders, which offices copy), loads
// the file, runs fn, validates the result and replaces the file
// atomically, with the project folder's name at its top. If fn or the
// validation fails, nothing is written; if nothing changed, the file is not
// touched, so that watchers see no event.
//
// Whatever fn does, deactivation and expiry stay final: changing an entry
// that was deactivated fails with ErrDeactivated, changing one that had
// expired at now in loc fails with ErrExpired (deactivating it is still
// allowed), and every id in Revoked remains.
//
// Holding the lock, it also removes what crashed writers left in the
// project folder: unfinished temporary files and the links.yaml.lock of
// earlier versions.
func Update(ctx context.Context, lockFile, path string, now time.Time, loc *time.Location, fn func(*File) error) error {
	unlock, err := lockfile.Lock(ctx, lockFile)
	if err != nil {
		return err
	}
	defer unlock()
	if err := removeLeftovers(filepath.Dir(path), lockFile); err != nil {
		return err
	}

	raw, err := read(path)
	if err != nil {
		return err
	}
	f, err := parse(path, raw)
	if err != nil {
		return err
	}
	f.Project = folderOf(path)
	old, err := f.marshal()
	if err != nil {
		return err
	}
	frozen := f.frozen(now, loc)
	revoked := slices.Clone(f.Revoked)
	if err := fn(f); err != nil {
		return err
	}
	if err := frozen.check(f); err != nil {
		return err
	}
	f.Project = folderOf(path)
	f.Revoked = append(f.Revoked, revoked...)
	if err := f.Validate(path); err != nil {
		return err
	}
	data, err := f.marshal()
	if err != nil {
		return err
	}
	if bytes.Equal(data, old) {
		return nil
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return writeAtomic(ctx, path, lineEndsLike(raw, data))
}

// lineEndsLike returns data, written with "\n", with the line ends of
// old: "\r\n" when old's first line ends so, as Notepad writes, so that
// a file the office edits on Windows keeps its style and a diff under
// version control shows only the lines that changed. A byte order mark is
// not copied: it is noise to YAML, and every editor reads UTF-8 without it.
func lineEndsLike(old, data []byte) []byte {
	if i := bytes.IndexByte(old, '\n'); i > 0 && old[i-1] == '\r' {
		return bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n"))
	}
	return data
}

// frozenLinks are copies of the entries no change may touch, by id.
type frozenLinks map[string]Link

// frozen returns a copy of every entry that is deactivated or expired at
// now in loc.
func (f *File) frozen(now time.Time, loc *time.Location) frozenLinks {
	m := frozenLinks{}
	for _, l := range f.Links {
		if l.StateAt(now, loc) != Active {
			l.Sections = slices.Clone(l.Sections)
			m[l.ID] = l
		}
	}
	return m
}

// check returns the error of the first frozen entry that f changed. An
// expired entry may still be deactivated: that only makes its end
// explicit, and publish treats both alike.
func (m frozenLinks) check(f *File) error {
	for i := range f.Links {
		l := f.Links[i]
		was, ok := m[l.ID]
		if !ok {
			continue
		}
		if was.Deactivated != nil {
			if !sameLink(was, l) {
				return deactivatedError(&was)
			}
			continue
		}
		l.Deactivated = nil
		if !sameLink(was, l) {
			return expiredError(&was)
		}
	}
	return nil
}

// Clean removes, holding the records lock lockFile, what crashed writers
// left in the project folders dirs (see removeLeftovers), so that a
// publish finds the folders clean even when no link command runs again.
func Clean(ctx context.Context, lockFile string, dirs []string) error {
	unlock, err := lockfile.Lock(ctx, lockFile)
	if err != nil {
		return err
	}
	defer unlock()
	for _, dir := range dirs {
		if err := removeLeftovers(dir, lockFile); err != nil {
			return err
		}
	}
	return nil
}

// removeLeftovers deletes, in the project folder dir, the lock files of
// vitrine versions that kept them there and unfinished temporary files of
// crashed writes. Every writer of the folder holds the records lock, as
// the caller does, so no temporary file can be in use. The lock held,
// lockFile, stays wherever it is: removing it would let the next process
// lock a new file while this one still holds the old.
func removeLeftovers(dir, lockFile string) error {
	held, err := os.Stat(lockFile)
	if err != nil {
		return fmt.Errorf("clean %s: %w", dir, err)
	}
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("clean %s: %w", dir, err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || (e.Name() != "links.yaml.lock" && !safefile.IsTemp(e.Name())) {
			continue
		}
		if fi, err := e.Info(); err == nil && os.SameFile(fi, held) {
			continue
		}
		if err := os.Remove(filepath.Join(dir, e.Name())); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("clean %s: %w", dir, err)
		}
	}
	return nil
}

// sameLink reports whether a and b record the same link in links.yaml;
// Link holds a slice, so == cannot tell.
func sameLink(a, b Link) bool {
	return a.ID == b.ID && a.Label == b.Label && a.Created.Equal(b.Created) && a.Locale == b.Locale &&
		slices.Equal(a.Sections, b.Sections) && a.Expires.Equal(b.Expires.Time) &&
		(a.Deactivated == nil) == (b.Deactivated == nil) &&
		(a.Deactivated == nil || a.Deactivated.Equal(*b.Deactivated))
}

// writeAtomic replaces path with data durably (see safefile.WriteSync),
// keeping the file's permissions and writing through a symbolic link.
func writeAtomic(ctx context.Context, path string, data []byte) error {
	// Renaming over a symlink would replace the link; write its target.
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target
	}
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	return safefile.WriteSync(ctx, path, mode, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
}
