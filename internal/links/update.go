package links

import (
	"bytes"
	"context"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"

	"github.com/vitrine/vitrine/internal/lockfile"
	"github.com/vitrine/vitrine/internal/safefile"
)

// Update changes links.yaml at path as one transaction, safe against other
// vitrine processes and goroutines doing the same: it takes an exclusive
// lock on lockFile (waiting for it until ctx is done; the caller keeps the
// lock outside the project folders, which offices copy), loads the file,
// runs fn, validates the result and replaces the file atomically. If fn or
// the validation fails, nothing is written; if nothing changed, the file is
// not touched, so that watchers see no event.
//
// Whatever fn does, deactivation stays final: changing an entry that was
// deactivated fails with ErrDeactivated, and every id in Revoked remains.
func Update(ctx context.Context, lockFile, path string, fn func(*File) error) error {
	unlock, err := lockfile.Lock(ctx, lockFile)
	if err != nil {
		return err
	}
	defer unlock()

	f, err := Load(path)
	if err != nil {
		return err
	}
	old, err := f.marshal()
	if err != nil {
		return err
	}
	frozen := f.deactivated()
	revoked := slices.Clone(f.Revoked)
	if err := fn(f); err != nil {
		return err
	}
	for i := range f.Links {
		l := &f.Links[i]
		if was, ok := frozen[l.ID]; ok && !sameLink(was, *l) {
			return deactivatedError(&was)
		}
	}
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
	return writeAtomic(ctx, path, data)
}

// deactivated returns a copy of every deactivated entry by id.
func (f *File) deactivated() map[string]Link {
	m := map[string]Link{}
	for _, l := range f.Links {
		if l.Deactivated != nil {
			l.Sections = slices.Clone(l.Sections)
			m[l.ID] = l
		}
	}
	return m
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
