// Package watch tells when the inputs of a site change. It watches folders
// (with every sub-folder, also those created later) and single files with
// fsnotify, waits until a burst of changes has settled, and calls a
// function. It knows nothing of vitrine's records: what a change means is
// the caller's business.
package watch

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/fsnotify/fsnotify"
)

// DefaultQuiet is how long no change must come before a burst counts as
// settled: longer than an editor takes to save (write, rename, chmod), far
// shorter than a person takes to look at the page.
const DefaultQuiet = 300 * time.Millisecond

// Options say what to watch.
type Options struct {
	// Dirs are watched with all their sub-folders.
	Dirs []string
	// Files are watched one by one, through their folders, so that an
	// editor that saves by renaming a new file over the old one is seen.
	Files []string
	// Ignore reports paths whose changes do not matter, e.g. an editor's
	// backup files or the output folder; an ignored folder is not watched.
	Ignore func(path string) bool
	// Quiet is how long no change must come before fn runs; 0 means
	// DefaultQuiet.
	Quiet time.Duration
	// OnError hears of errors that do not stop the watch, such as a new
	// folder that cannot be watched. Nil ignores them.
	OnError func(error)
}

// Run watches until ctx is done, then returns nil; it returns an error
// only when the watch cannot be set up. It calls fn once at the start and
// again after each burst of changes, with the paths that changed (nil at
// the start, and when the system dropped events so that anything may have
// changed). Calls never overlap: changes during a call lead to one more
// call after it. fn gets a context that is cancelled with ctx, and Run
// returns only after fn has, so no goroutine outlives it.
func Run(ctx context.Context, opts Options, fn func(ctx context.Context, changed []string)) error {
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return fmt.Errorf("watch: %w", err)
	}
	w := &watcher{fsw: fsw, opts: opts, files: map[string]bool{}}
	defer fsw.Close()
	if err := w.setup(ctx); err != nil {
		if ctx.Err() != nil {
			return nil // stopped while starting
		}
		return err
	}
	return w.loop(ctx, fn)
}

type watcher struct {
	fsw   *fsnotify.Watcher
	opts  Options
	dirs  []string        // absolute, watched with their sub-folders
	files map[string]bool // absolute
}

// setup adds every folder and file to watch.
func (w *watcher) setup(ctx context.Context) error {
	for _, d := range w.opts.Dirs {
		abs, err := filepath.Abs(d)
		if err != nil {
			return fmt.Errorf("watch %s: %w", d, err)
		}
		w.dirs = append(w.dirs, abs)
		if err := w.addTree(ctx, abs); err != nil {
			return err
		}
	}
	for _, f := range w.opts.Files {
		abs, err := filepath.Abs(f)
		if err != nil {
			return fmt.Errorf("watch %s: %w", f, err)
		}
		w.files[abs] = true
		if err := w.add(filepath.Dir(abs)); err != nil {
			return err
		}
	}
	return nil
}

// addTree watches root and every folder below it that is not ignored.
func (w *watcher) addTree(ctx context.Context, root string) error {
	return filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if cerr := ctx.Err(); cerr != nil {
			return cerr
		}
		switch {
		case err != nil && p != root && errors.Is(err, fs.ErrNotExist):
			return nil // removed while we looked
		case err != nil:
			return fmt.Errorf("watch %s: %w", p, err)
		case !d.IsDir():
			return nil
		case p != root && w.ignored(p):
			return filepath.SkipDir
		}
		return w.add(p)
	})
}

// add watches one folder.
func (w *watcher) add(dir string) error {
	err := w.fsw.Add(dir)
	if errors.Is(err, syscall.ENOSPC) {
		return fmt.Errorf("watch %s: the system's limit of watched folders is reached; raise it, e.g. with sudo sysctl fs.inotify.max_user_watches=524288", dir)
	}
	if err != nil {
		return fmt.Errorf("watch %s: %w", dir, err)
	}
	return nil
}

func (w *watcher) ignored(p string) bool { return w.opts.Ignore != nil && w.opts.Ignore(p) }

// relevant reports whether ev changes a watched input.
func (w *watcher) relevant(ev fsnotify.Event) bool {
	// A change of mode or times alone (touch, indexers, virus scanners)
	// changes no content.
	if ev.Op == fsnotify.Chmod {
		return false
	}
	p := filepath.Clean(ev.Name)
	if w.files[p] {
		return true
	}
	if w.ignored(p) {
		return false
	}
	return slices.ContainsFunc(w.dirs, func(root string) bool {
		return p == root || strings.HasPrefix(p, root+string(filepath.Separator))
	})
}

func (w *watcher) report(err error) {
	if w.opts.OnError != nil {
		w.opts.OnError(err)
	}
}

// loop runs fn in its own goroutine, so that events are read, and new
// folders watched, while it works.
func (w *watcher) loop(ctx context.Context, fn func(context.Context, []string)) error {
	quiet := cmp.Or(w.opts.Quiet, DefaultQuiet)
	settled := time.NewTimer(quiet)
	settled.Stop()
	done := make(chan struct{}, 1)
	running := false
	start := func(changed []string) {
		running = true
		go func() {
			fn(ctx, changed)
			done <- struct{}{}
		}()
	}
	var changed []string
	dirty, unknown := false, false
	start(nil)
	for {
		select {
		case <-ctx.Done():
			if running {
				<-done
			}
			return nil
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return errors.New("watch: the watcher stopped")
			}
			if ev.Has(fsnotify.Create) && !w.ignored(ev.Name) {
				if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() && w.relevant(ev) {
					if err := w.addTree(ctx, ev.Name); err != nil && ctx.Err() == nil {
						w.report(err)
					}
				}
			}
			if w.relevant(ev) {
				if !slices.Contains(changed, ev.Name) {
					changed = append(changed, ev.Name)
				}
				dirty = true
				settled.Reset(quiet)
			}
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return errors.New("watch: the watcher stopped")
			}
			if errors.Is(err, fsnotify.ErrEventOverflow) {
				// The lost events may have created folders: watch them.
				for _, root := range w.dirs {
					if err := w.addTree(ctx, root); err != nil && ctx.Err() == nil {
						w.report(err)
					}
				}
				dirty, unknown = true, true
				settled.Reset(quiet)
				continue
			}
			w.report(fmt.Errorf("watch: %w", err))
		case <-settled.C:
			if dirty && !running {
				if unknown {
					changed = nil
				}
				start(changed)
				changed, dirty, unknown = nil, false, false
			}
		case <-done:
			running = false
			if dirty {
				settled.Reset(quiet)
			}
		}
	}
}
