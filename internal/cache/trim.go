package cache

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/vitrine/vitrine/internal/safefile"
)

// trimOnce trims the cache the first time a Cache is used, at most once a
// day across all processes. It runs before this Cache reads anything, so it
// cannot remove what this process is about to use; another process uses
// only what it refreshed within touchAfter, far younger than maxUnused.
func (c *Cache) trimOnce(ctx context.Context) {
	c.trim.Do(func() {
		stamp := filepath.Join(c.root, "trimmed")
		info, err := os.Stat(stamp)
		if errors.Is(err, fs.ErrNotExist) {
			// The layouts' folder, not this layout's: the first run of a
			// new layout removes the old ones.
			if _, err := os.Stat(filepath.Dir(c.root)); err != nil {
				return // nothing stored yet
			}
		} else if err != nil || c.now().Sub(info.ModTime()) < trimEvery {
			return
		}
		if c.removeOld(ctx) == nil {
			writeFile(ctx, stamp, text("")) // best effort: at worst trimming runs again
		}
	})
}

// removeOld removes files unused for maxUnused, unfinished files of
// crashed runs, and the folders of other cache layouts. It returns only
// ctx's error: what cannot be removed now is tried again next time.
func (c *Cache) removeOld(ctx context.Context) error {
	now := c.now()
	if layouts, err := os.ReadDir(filepath.Dir(c.root)); err == nil {
		for _, d := range layouts {
			if d.IsDir() && d.Name() != layout {
				os.RemoveAll(filepath.Join(filepath.Dir(c.root), d.Name()))
			}
		}
	}
	for _, kind := range []string{"entries", "blobs", "trees"} {
		limit := maxUnused
		if kind == "entries" {
			limit = maxUnusedEntry
		}
		err := filepath.WalkDir(filepath.Join(c.root, kind), func(p string, d fs.DirEntry, err error) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			if err != nil || d.IsDir() {
				return nil
			}
			info, err := d.Info()
			if err != nil {
				return nil
			}
			age := now.Sub(info.ModTime())
			if age > limit || (safefile.IsTemp(p) && age > touchAfter) {
				os.Remove(p)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
