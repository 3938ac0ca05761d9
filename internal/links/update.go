package links

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"syscall"
)

// Update changes links.yaml at path as one transaction, safe against other
// vitrine processes and goroutines doing the same: it takes an exclusive
// lock on path+".lock" (waiting for it until ctx is done), loads the file,
// runs fn, validates the result and replaces the file atomically. If fn or
// the validation fails, nothing is written; if nothing changed, the file is
// not touched, so that watchers see no event.
//
// Whatever fn does, deactivation stays final: changing an entry that was
// deactivated fails with ErrDeactivated, and every id in Revoked remains.
func Update(ctx context.Context, path string, fn func(*File) error) error {
	unlock, err := lock(ctx, path+".lock")
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
	return writeAtomic(path, data)
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

// writeAtomic replaces path with data so that a reader, or a crash, sees
// either the old or the new file, never a part: it writes a temporary file
// in the same folder, syncs it, renames it over path and syncs the folder
// so that the rename itself survives a power cut.
func writeAtomic(path string, data []byte) (err error) {
	// Renaming over a symlink would replace the link; write its target.
	if target, err := filepath.EvalSymlinks(path); err == nil {
		path = target
	}
	mode := fs.FileMode(0o644)
	if fi, err := os.Stat(path); err == nil {
		mode = fi.Mode().Perm()
	}
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("write links: %w", err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err := tmp.Write(data); err != nil {
		return fmt.Errorf("write links: %w", err)
	}
	if err := tmp.Chmod(mode); err != nil {
		return fmt.Errorf("write links: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		return fmt.Errorf("write links: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write links: %w", err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write links: %w", err)
	}
	return syncDir(dir)
}

// syncDir makes a rename in dir durable. Some file systems cannot sync a
// folder and say so with EINVAL; the rename is then as durable as they
// allow.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("write links: %w", err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return fmt.Errorf("write links: %w", err)
	}
	return nil
}
