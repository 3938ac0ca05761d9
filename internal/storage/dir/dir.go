// Package dir is the storage backend that writes objects as files into a
// local folder, in the same layout as the bucket: for local preview, for any
// static web server, and as vitrine's default.
package dir

import (
	"bytes"
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
	"sync"

	"github.com/vitrine/vitrine/internal/safefile"
	"github.com/vitrine/vitrine/internal/storage"
)

// Store keeps objects as files below Root. It does not keep headers: a web
// server derives Content-Type from the file name.
//
// Symbolic links: Root and the entries directly in it, such as the folder
// of the prefix, may be symbolic links (e.g. to /var/www): the user put
// them there to choose where the output lives, so the store lists, writes,
// reads and deletes in their targets and never removes the links
// themselves. Below that level the tree is vitrine's and the store follows
// no link, so that nothing it does reaches outside the tree: List reports a
// link as an object of its own, with an empty MD5 that no content matches,
// so that publish replaces or deletes it (deleting removes the link, never
// its target); Put, Open, Delete and List refuse with ErrSymlink a key
// whose way leads through a link.
type Store struct {
	Root string
	// twins remembers, by MD5 and size, a file Put wrote, so that another
	// key of the same content becomes a hard link to it: every link folder
	// holds the same stylesheet and icon, and the links of a project the
	// same photos, and a link costs the file system no new file. Put
	// compares the content byte for byte before a link takes a key's place.
	twins sync.Map // twinKey → path
}

type twinKey struct {
	md5  string
	size int64
}

var _ storage.Store = (*Store)(nil)

// ErrSymlink is returned for a key whose way below the top-level folders
// leads through a symbolic link, which the store does not follow.
var ErrSymlink = errors.New("symbolic link inside the output folder")

// ErrBrokenLink is returned when the output folder or a top-level folder
// in it is a symbolic link to nothing: listing it as empty would make
// publish upload everything and then fail to write.
var ErrBrokenLink = errors.New("symbolic link to a missing folder")

// New returns a Store rooted at root; the folder is created on first Put.
func New(root string) *Store { return &Store{Root: root} }

func (s *Store) path(key string) string {
	return filepath.Join(s.Root, filepath.FromSlash(key))
}

// file returns the path of key after checking that none of its folders
// below the top level, nor with leaf key itself, is a symbolic link.
func (s *Store) file(key string, leaf bool) (string, error) {
	if err := storage.CheckKey(key); err != nil {
		return "", err
	}
	segs := strings.Split(key, "/")
	last := len(segs) - 1
	if leaf {
		last++
	}
	for i := 2; i <= last; i++ {
		p := s.path(strings.Join(segs[:i], "/"))
		info, err := os.Lstat(p)
		if errors.Is(err, fs.ErrNotExist) {
			break // nothing further down exists either
		}
		if err != nil {
			return "", err
		}
		if info.Mode()&fs.ModeSymlink != 0 {
			return "", fmt.Errorf("%w: %s; vitrine follows a symbolic link only as the output folder or a folder directly in it (such as the prefix folder), never below; replace the link with a real folder or file, or remove it", ErrSymlink, p)
		}
	}
	return s.path(key), nil
}

// brokenLink returns an error naming Root or its entry top when that is a
// symbolic link whose target does not exist, and nil otherwise.
func (s *Store) brokenLink(top string) error {
	for _, p := range []string{s.Root, filepath.Join(s.Root, top)} {
		target, err := os.Readlink(p)
		if err != nil {
			continue
		}
		if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%w: %s points to %s, which does not exist; create that folder (or mount it) or correct the link", ErrBrokenLink, p, target)
		}
	}
	return nil
}

// List walks the folder that holds prefix and reports every file whose key
// starts with prefix: also the temporary files that an interrupted Put left
// behind (see safefile.IsTemp), so that publish deletes them like any
// object it does not want and a deleted link leaves no folder. Symbolic
// links are treated as described at Store.
func (s *Store) List(ctx context.Context, prefix string) ([]storage.ObjectInfo, error) {
	dirKey := ""
	if i := strings.LastIndex(prefix, "/"); i >= 0 {
		dirKey = prefix[:i]
		if _, err := s.file(dirKey, true); err != nil {
			return nil, fmt.Errorf("list %s: %w", prefix, err)
		}
	}
	var out []storage.ObjectInfo
	err := s.walk(ctx, dirKey, prefix, &out)
	if errors.Is(err, fs.ErrNotExist) {
		// A missing folder holds no objects, unless it is missing behind
		// a broken link.
		top, _, _ := strings.Cut(dirKey, "/")
		err = s.brokenLink(top)
	}
	if err != nil {
		return nil, fmt.Errorf("list %s: %w", prefix, err)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Key < out[j].Key })
	return out, nil
}

// walk appends to out the objects in folder dirKey whose keys start with
// prefix, and descends only into folders that can hold such keys.
func (s *Store) walk(ctx context.Context, dirKey, prefix string, out *[]storage.ObjectInfo) error {
	entries, err := os.ReadDir(s.path(dirKey))
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := ctx.Err(); err != nil {
			return err
		}
		key := path.Join(dirKey, e.Name())
		if !strings.HasPrefix(key, prefix) && !strings.HasPrefix(prefix, key+"/") {
			continue
		}
		mode := e.Type()
		if mode&fs.ModeSymlink != 0 && dirKey == "" {
			info, err := os.Stat(s.path(key))
			if err != nil {
				continue // a broken link at the top holds nothing
			}
			mode = info.Mode().Type()
		}
		switch {
		case mode.IsDir():
			err := s.walk(ctx, key, prefix, out)
			if err != nil && !errors.Is(err, fs.ErrNotExist) {
				return err // a folder deleted meanwhile holds nothing
			}
		case !strings.HasPrefix(key, prefix):
		case mode.IsRegular():
			info, err := hashFile(s.path(key))
			if errors.Is(err, fs.ErrNotExist) {
				continue // renamed or deleted meanwhile
			}
			if err != nil {
				return err
			}
			info.Key = key
			*out = append(*out, info)
		default:
			// A symbolic link, socket or pipe has no content the store
			// would read; listed, it gets replaced or deleted.
			*out = append(*out, storage.ObjectInfo{Key: key})
		}
	}
	return nil
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

// Put writes body through a temporary file renamed over key, so that a
// reader or a killed process sees the old file or the new one, never a
// part; new content it wrote before under another key becomes a hard link
// to that file (see Store.twins). Only vitrine's own keys (a segment
// beginning with "_": markers, the manifest) and files that replace
// another are synced to survive a power cut: a new file torn by one is
// found by the next publish, which hashes every file it lists, and written
// again, while a sync per file would cost a publish of ten thousand links
// most of its time. A symbolic link at key is replaced, not written
// through.
func (s *Store) Put(ctx context.Context, key string, body io.Reader, meta storage.Meta) error {
	name, err := s.file(key, false)
	if err != nil {
		return fmt.Errorf("put %s: %w", key, err)
	}
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		top, _, _ := strings.Cut(key, "/")
		if broken := s.brokenLink(top); broken != nil {
			err = broken
		}
		return fmt.Errorf("put %s: %w", key, err)
	}
	copyBody := func(w io.Writer) error {
		_, err := io.Copy(w, contextReader{ctx, body})
		return err
	}
	// Published files are meant to be served, so readable by all.
	if _, err := os.Lstat(name); own(key) || err == nil {
		// vitrine's own keys must survive a power cut, and so must a
		// replaced page: the old one may show a section just hidden.
		return safefile.WriteSync(ctx, name, 0o644, copyBody)
	}
	tk := twinKey{meta.MD5, meta.Size}
	linked, err := s.linkTwin(ctx, tk, name, body)
	if linked || err != nil {
		return err
	}
	err = safefile.Write(ctx, name, 0o644, copyBody)
	if err == nil && tk.md5 != "" {
		s.twins.Store(tk, name)
	}
	return err
}

// errDiffers is what the check of a twin says when its content is not the
// body's: the file was replaced since Put wrote it.
var errDiffers = errors.New("content differs")

// linkTwin makes name a hard link to the file of the same content that
// Put wrote before, if there is one and body can be read again should the
// link fail. It reports whether it did; after false, body is at its start.
func (s *Store) linkTwin(ctx context.Context, tk twinKey, name string, body io.Reader) (bool, error) {
	twin, ok := s.twins.Load(tk)
	rs, seekable := body.(io.ReadSeeker)
	if !ok || !seekable || tk.md5 == "" {
		return false, nil
	}
	start, err := rs.Seek(0, io.SeekCurrent)
	if err != nil {
		return false, nil
	}
	err = safefile.Link(ctx, twin.(string), name, func(r io.Reader) error { return same(r, rs) })
	if err == nil || ctx.Err() != nil {
		return err == nil, ctx.Err()
	}
	// No link: the twin changed, or the file system cannot link (FAT, a
	// file with too many links); write the content instead.
	if _, err := rs.Seek(start, io.SeekStart); err != nil {
		return false, fmt.Errorf("read again: %w", err)
	}
	return false, nil
}

// same returns errDiffers unless a and b hold the same bytes.
func same(a, b io.Reader) error {
	var bufA, bufB [32 << 10]byte
	for {
		n, errA := io.ReadFull(a, bufA[:])
		m, _ := io.ReadFull(b, bufB[:n])
		if m != n || !bytes.Equal(bufA[:n], bufB[:n]) {
			return errDiffers
		}
		if errA == io.EOF || errA == io.ErrUnexpectedEOF {
			// a has ended: so must b.
			if k, _ := b.Read(bufB[:1]); k != 0 {
				return errDiffers
			}
			return nil
		}
		if errA != nil {
			return errA
		}
	}
}

// own reports whether key is one of vitrine's own, which must survive a
// power cut: a deactivation marker lost to one would let an older copy of
// the records publish the link again.
func own(key string) bool {
	for seg := range strings.SplitSeq(key, "/") {
		if strings.HasPrefix(seg, "_") {
			return true
		}
	}
	return false
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
	name, err := s.file(key, true)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", key, err)
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
		name, err := s.file(key, false)
		if err != nil {
			return fmt.Errorf("delete %s: %w", key, err)
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
		// Only real folders: removing a symbolic link at the top (e.g. the
		// prefix folder linked to /var/www) would unlink it however full
		// its target is. Remove fails on a folder that is not empty; that
		// folder stays.
		p := s.path(d)
		if info, err := os.Lstat(p); err == nil && info.IsDir() {
			_ = os.Remove(p)
		}
	}
	// What is deleted is a deactivated link or a hidden section's file:
	// it must not come back after a power cut.
	for _, d := range order {
		if err := safefile.SyncDir(s.path(d)); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("delete: %w", err)
		}
	}
	return nil
}
