// Package dir is the storage backend that writes objects as files into a
// local folder, in the same layout as the bucket: for local preview, for any
// static web server, and as vitrine's default.
package dir

import (
	"context"
	"crypto/md5"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/vitrine/vitrine/internal/safefile"
	"github.com/vitrine/vitrine/internal/storage"
)

// Store keeps objects as files below Root. It does not keep headers: a web
// server derives Content-Type from the file name.
type Store struct {
	Root string
}

var _ storage.Store = (*Store)(nil)

// New returns a Store rooted at root; the folder is created on first Put.
func New(root string) *Store { return &Store{Root: root} }

func (s *Store) file(key string) (string, error) {
	if err := storage.CheckKey(key); err != nil {
		return "", err
	}
	return filepath.Join(s.Root, filepath.FromSlash(key)), nil
}

// List walks the folder that holds prefix and hashes every file whose key
// starts with prefix. Symbolic links are not followed.
func (s *Store) List(ctx context.Context, prefix string) ([]storage.ObjectInfo, error) {
	start := s.Root
	if i := strings.LastIndex(prefix, "/"); i >= 0 {
		if err := storage.CheckKey(prefix[:i]); err != nil {
			return nil, err
		}
		start = filepath.Join(s.Root, filepath.FromSlash(prefix[:i]))
	}
	var out []storage.ObjectInfo
	err := filepath.WalkDir(start, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && p == start {
				return fs.SkipAll
			}
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if !d.Type().IsRegular() || safefile.IsTemp(d.Name()) {
			return nil
		}
		rel, err := filepath.Rel(s.Root, p)
		if err != nil {
			return err
		}
		key := filepath.ToSlash(rel)
		if !strings.HasPrefix(key, prefix) {
			return nil
		}
		info, err := hashFile(p)
		if err != nil {
			return err
		}
		info.Key = key
		out = append(out, info)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", start, err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

func hashFile(p string) (storage.ObjectInfo, error) {
	f, err := os.Open(p)
	if err != nil {
		return storage.ObjectInfo{}, err
	}
	defer f.Close()
	h := md5.New()
	n, err := io.Copy(h, f)
	if err != nil {
		return storage.ObjectInfo{}, err
	}
	return storage.ObjectInfo{Size: n, MD5: hex.EncodeToString(h.Sum(nil))}, nil
}

// Put writes body durably through a temporary file (safefile.WriteSync),
// so a crash leaves the old or the new file, never a torn one.
func (s *Store) Put(ctx context.Context, key string, body io.Reader, meta storage.Meta) error {
	name, err := s.file(key)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	// Published files are meant to be served, so readable by all.
	return safefile.WriteSync(ctx, name, 0o644, func(w io.Writer) error {
		_, err := io.Copy(w, contextReader{ctx, body})
		return err
	})
}

// contextReader stops a long copy when the context is cancelled.
type contextReader struct {
	ctx context.Context
	r   io.Reader
}

func (c contextReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// Open opens the file of key.
func (s *Store) Open(ctx context.Context, key string) (io.ReadCloser, error) {
	name, err := s.file(key)
	if err != nil {
		return nil, err
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", key, err)
	}
	return f, nil
}

// Delete removes the files of keys and then every folder that became empty,
// so that a deleted link leaves no folder behind.
func (s *Store) Delete(ctx context.Context, keys []string) error {
	dirs := map[string]bool{}
	for _, key := range keys {
		if err := ctx.Err(); err != nil {
			return err
		}
		name, err := s.file(key)
		if err != nil {
			return err
		}
		if err := os.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("delete %s: %w", key, err)
		}
		for d := path.Dir(key); d != "."; d = path.Dir(d) {
			dirs[d] = true
		}
	}
	// Deepest first, so that a parent is tried after its children.
	order := make([]string, 0, len(dirs))
	for d := range dirs {
		order = append(order, d)
	}
	sort.Slice(order, func(i, j int) bool { return len(order[i]) > len(order[j]) })
	for _, d := range order {
		// Remove fails on a folder that is not empty; that folder stays.
		_ = os.Remove(filepath.Join(s.Root, filepath.FromSlash(d)))
	}
	return nil
}
