package site

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"hash"
	"io/fs"
	"sync"
)

// themeInputs hashes what a Renderer is built from besides the config and
// the program: the logo's bytes and every template override it read.
// Hashing the bytes the renderer itself read, rather than the folder before
// or after, keeps the cache key right even when an override is saved while
// vitrine starts.
type themeInputs struct {
	mu     sync.Mutex
	h      hash.Hash
	folder fs.FS // the templates folder, or nil
	built  bool
	// unknown is set when the renderer touched the folder in a way that is
	// not hashed here (opening rather than reading a file, or reading after
	// it was built); its renderings are then not cached.
	unknown bool
}

func newThemeInputs() *themeInputs { return &themeInputs{h: sha256.New()} }

// add records one input.
func (t *themeInputs) add(name string, data []byte) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.record(name, data)
}

// record hashes one input; the caller holds mu.
func (t *themeInputs) record(name string, data []byte) {
	fmt.Fprintf(t.h, "%q %d %x\n", name, len(data), sha256.Sum256(data))
}

// overrides returns dir as the fs.FS the renderer reads overrides from,
// recording each file it reads.
func (t *themeInputs) overrides(dir fs.FS) fs.FS {
	t.folder = dir
	return recordingFS{t}
}

// digest returns the hash of the inputs once the renderer is built, or nil
// when they are not known exactly.
func (t *themeInputs) digest() []byte {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.built = true
	if t.unknown {
		return nil
	}
	return t.h.Sum(nil)
}

// recordingFS is the templates folder as render sees it.
type recordingFS struct{ t *themeInputs }

// Open is not how render reads overrides; allowing it keeps render
// working, but its renderings are no longer cached.
func (r recordingFS) Open(name string) (fs.File, error) {
	r.t.mu.Lock()
	r.t.unknown = true
	r.t.mu.Unlock()
	return r.t.folder.Open(name)
}

// ReadFile reads and records an override. A missing file is recorded
// too, so that creating it later changes the key.
func (r recordingFS) ReadFile(name string) ([]byte, error) {
	data, err := fs.ReadFile(r.t.folder, name)
	r.t.mu.Lock()
	defer r.t.mu.Unlock()
	if r.t.built {
		r.t.unknown = true
	}
	switch {
	case errors.Is(err, fs.ErrNotExist):
		fmt.Fprintf(r.t.h, "%q missing\n", name)
		return nil, err
	case err != nil:
		r.t.unknown = true
		return nil, err
	}
	r.t.record(name, data)
	return data, nil
}
