package cache

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"time"
)

// racy is how long after a file's modification time a hash of it is
// trusted by its stat data alone. A file written again within the
// resolution of its timestamps (two seconds on FAT) could keep every stat
// field; such a file is hashed again on the next run, as Git does with
// "racily clean" entries.
const racy = 2 * time.Second

// Tree is what a folder held at one moment, as far as a rendering of it can
// tell: the path, size and SHA-256 of every file, and the target of every
// symbolic link. Hidden files count too: the cache cannot know what the
// renderer ignores, and counting too much only costs a rendering.
type Tree struct {
	dir   string
	sum   [sha256.Size]byte // the content
	stamp [sha256.Size]byte // the stat data: changes on every write
	files map[string]string // hex SHA-256 of each regular file, by slash path
}

// Sum returns the hash of the folder's content, a part of a Key.
func (t *Tree) Sum() []byte { return t.sum[:] }

// Same reports whether t and u saw the same content and no write in
// between, not even one that restored the content.
func (t *Tree) Same(u *Tree) bool { return t.dir == u.dir && t.sum == u.sum && t.stamp == u.stamp }

// open opens the file rel of the folder through an os.Root, which no
// symbolic link can lead out of.
func (t *Tree) open(rel string) (io.ReadCloser, error) {
	root, err := os.OpenRoot(t.dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return root.Open(filepath.FromSlash(rel))
}

// index remembers the hash of each file of one folder with the stat data it
// had, so that an unchanged file is not read again: ten thousand projects'
// photos are too much to hash on every run.
type index struct {
	Dir   string             `json:"dir"`
	Files map[string]indexed `json:"files"`
}

type indexed struct {
	Size   int64  `json:"size"`
	MTime  int64  `json:"mtime"`  // Unix nanoseconds
	Sig    string `json:"sig"`    // see statSig; "" is never trusted
	Hashed int64  `json:"hashed"` // Unix nanoseconds when SHA256 was taken
	SHA256 string `json:"sha256"`
}

// trusted reports whether the hash in e still holds for a file with info.
func (e indexed) trusted(info fs.FileInfo) bool {
	return e.trustable() && e.Sig == statSig(info) && e.Size == info.Size() && e.MTime == info.ModTime().UnixNano()
}

// trustable reports whether the hash in e can ever be trusted by its stat
// data: not when the file was written too shortly before it was hashed.
func (e indexed) trustable() bool {
	return e.Sig != "" && time.Duration(e.Hashed-e.MTime) > racy
}

// Tree takes a snapshot of the folder dir, hashing only the files whose
// stat data changed since the last snapshot (in any process).
func (c *Cache) Tree(ctx context.Context, dir string) (*Tree, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	name := c.indexPath(abs)
	old := c.loadIndex(ctx, name, abs)
	next := index{Dir: abs, Files: make(map[string]indexed, len(old.Files))}
	t := &Tree{dir: abs, files: map[string]string{}}
	sum, stamp := sha256.New(), sha256.New()
	save := false
	err = filepath.WalkDir(abs, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(abs, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case d.Type().IsRegular():
			info, err := d.Info()
			if err != nil {
				return err
			}
			e, ok := old.Files[rel]
			if !ok || !e.trusted(info) {
				if e, err = c.hashFile(p, info); err != nil {
					return err
				}
				// Only a hash that a later run can trust pays for writing
				// the index: right after a checkout every file is racy,
				// and creating a file costs more than hashing a project.
				save = save || e.trustable()
			}
			next.Files[rel] = e
			t.files[rel] = e.SHA256
			fmt.Fprintf(sum, "file %q %d %s\n", rel, e.Size, e.SHA256)
			fmt.Fprintf(stamp, "%q %d %d %s\n", rel, info.Size(), info.ModTime().UnixNano(), statSig(info))
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			fmt.Fprintf(sum, "link %q %q\n", rel, target)
			fmt.Fprintf(stamp, "link %q %q\n", rel, target)
		default:
			fmt.Fprintf(sum, "other %q %v\n", rel, d.Type())
			fmt.Fprintf(stamp, "other %q %v\n", rel, d.Type())
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("build cache: %w", err)
	}
	sum.Sum(t.sum[:0])
	stamp.Sum(t.stamp[:0])
	if save || len(next.Files) < len(old.Files) {
		c.saveIndex(ctx, name, &next)
	}
	return t, nil
}

// hashFile hashes the file p, which had info when listed.
func (c *Cache) hashFile(p string, info fs.FileInfo) (indexed, error) {
	e := indexed{Size: info.Size(), MTime: info.ModTime().UnixNano(), Sig: statSig(info), Hashed: c.now().UnixNano()}
	f, err := os.Open(p)
	if err != nil {
		return e, err
	}
	defer f.Close()
	h := sha256.New()
	n, err := copyAll(h, f)
	if err != nil {
		return e, err
	}
	if n != e.Size {
		// Written while listed: keep the hash, never trust the stat data.
		e.Sig, e.Size = "", n
	}
	e.SHA256 = hexSum(h)
	return e, nil
}

// indexPath returns the index file of folder abs.
func (c *Cache) indexPath(abs string) string {
	h := sha256.Sum256([]byte(abs))
	return c.path("trees", hex.EncodeToString(h[:]))
}

// loadIndex returns the index in name, or an empty one when it is missing
// or damaged: an index only saves work, so a bad one costs a re-hash.
func (c *Cache) loadIndex(ctx context.Context, name, abs string) *index {
	c.trimOnce(ctx)
	x := &index{}
	body, info, err := readSealed(name)
	if err != nil || decodeStrict(body, x) != nil || x.Dir != abs {
		return &index{}
	}
	c.touch(name, info.ModTime())
	return x
}

// saveIndex writes an index. A failure only means hashing again next time.
func (c *Cache) saveIndex(ctx context.Context, name string, x *index) {
	body, err := json.Marshal(x)
	if err == nil {
		writeFile(ctx, name, sealed(body)) // best effort, see above
	}
}

// decodeStrict decodes JSON that must match v exactly.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data")
	}
	return nil
}

// copyBuffers spares every hash a fresh buffer: a run hashes every file
// of every link, and io.Copy would allocate one each time.
var copyBuffers = sync.Pool{New: func() any { return new([64 << 10]byte) }}

// copyAll copies r to w, mostly a hash, with a pooled buffer.
func copyAll(w io.Writer, r io.Reader) (int64, error) {
	buf := copyBuffers.Get().(*[64 << 10]byte)
	defer copyBuffers.Put(buf)
	// Hiding r's WriteTo (an *os.File has one) makes CopyBuffer use buf.
	return io.CopyBuffer(w, struct{ io.Reader }{r}, buf[:])
}

func hexSum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)) }
