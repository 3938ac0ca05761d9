// Package cache keeps the rendered link folders of earlier runs in a folder
// (.vitrine/ next to config.yaml), so that build, publish and watch render
// again only the links whose inputs changed.
//
// It follows the design of Go's own build cache: an entry is found by a key,
// a hash of everything its output depends on. One entry file holds a
// link's small generated files (page, times.csv, stylesheet, thumbnails),
// since creating a file costs more than writing them; large ones (the
// photos the links of one project share) are stored once as blobs named by
// their SHA-256, and documents published as they are stay in the project
// folder. Nothing is ever changed in place, so processes can share the
// cache without locks, and nothing is synced: every entry and blob is
// checked by size and checksum when read, so that a missing, torn, damaged
// or foreign entry is a miss, never a wrong page. Entries unused for a
// week are trimmed.
package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"time"
)

// layout names the folder of the current on-disk layout below cache/.
// Folders of other layouts are removed by the next trim.
const layout = "v2"

// Timing of the cache's housekeeping. touchAfter throttles the refresh of
// the modification times that trim goes by; maxUnused is far beyond any
// single run, so that trimming by age cannot remove what another process
// is using right now.
const (
	touchAfter = time.Hour
	maxUnused  = 7 * 24 * time.Hour
	trimEvery  = 24 * time.Hour
	// maxUnusedEntry is the age of an entry beyond which it is of no more
	// use: a page carries its publish day, which is in the entry's key, so
	// yesterday's entries are never found again. Two days leave a run
	// across midnight, and any time zone, alone; blobs (photos, shared by
	// the entries of every day) keep maxUnused.
	maxUnusedEntry = 2 * 24 * time.Hour
)

// ErrNotFound is returned by Get when the cache holds no entry for a key.
var ErrNotFound = errors.New("not in the build cache")

// ErrCorrupt is returned by Get when an entry failed verification. The
// entry has been removed, so the caller renders afresh and stores it again.
var ErrCorrupt = errors.New("build cache entry is corrupt")

// Cache is a build cache in one folder. Its methods are safe for
// concurrent use, also by several processes sharing the folder.
type Cache struct {
	base    string // the folder given to New
	root    string // base/cache/<layout>
	version func() (string, error)
	now     func() time.Time
	trim    sync.Once
	marked  atomic.Bool // see mark
}

// New returns the cache in dir, creating nothing until something is
// stored. version identifies the program whose renderings the cache holds;
// "" means the running executable (see Executable), so that a rebuilt
// vitrine never trusts what another build rendered.
func New(dir, version string) *Cache {
	c := &Cache{
		base:    dir,
		root:    filepath.Join(dir, "cache", layout),
		version: Executable,
		now:     time.Now,
	}
	if version != "" {
		c.version = func() (string, error) { return version, nil }
	}
	return c
}

// Dir returns the folder the cache was created for.
func (c *Cache) Dir() string { return c.base }

// Executable returns the SHA-256 of the running program's executable. The
// version string alone would not do: a development build keeps its version
// while its templates and code change. It is computed once per process, as
// the program cannot change while it runs.
var Executable = sync.OnceValues(func() (string, error) {
	exe, err := os.Executable()
	if err != nil {
		return "", fmt.Errorf("build cache: find the program: %w", err)
	}
	f, err := os.Open(exe)
	if err != nil {
		return "", fmt.Errorf("build cache: read the program: %w", err)
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", fmt.Errorf("build cache: read the program: %w", err)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
})

// Key identifies one rendering by a hash of all its inputs.
type Key [sha256.Size]byte

// String returns the key in hex, as entry files are named.
func (k Key) String() string { return hex.EncodeToString(k[:]) }

// Key hashes parts, the inputs of one rendering, together with the layout
// and the program's version. Each part is length-prefixed, so that no two
// different lists of parts give the same key.
func (c *Cache) Key(parts ...[]byte) (Key, error) {
	v, err := c.version()
	if err != nil {
		return Key{}, err
	}
	h := sha256.New()
	for _, p := range append([][]byte{[]byte("vitrine build cache " + layout), []byte(v)}, parts...) {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write(p)
	}
	var k Key
	h.Sum(k[:0])
	return k, nil
}

// path returns the file of a hash-named object in the folder kind, fanned
// out by the first two hex digits as Git and Go do, so that no folder
// grows to hundreds of thousands of files.
func (c *Cache) path(kind, name string) string {
	return filepath.Join(c.root, kind, name[:2], name)
}

// touch refreshes the modification time of a file in use, so that trim
// keeps it; at most once per touchAfter, to spare the disk a write per read.
func (c *Cache) touch(name string, mtime time.Time) {
	if now := c.now(); now.Sub(mtime) > touchAfter {
		os.Chtimes(name, now, now) // best effort: at worst the file is trimmed and rendered again
	}
}
