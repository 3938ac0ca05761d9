package cache

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/vitrine/vitrine/internal/render"
)

// inlineMax is the largest generated file kept inside its entry file. A
// link's page, times.csv, stylesheet, logo and thumbnails fall below it,
// so that storing a link costs one new file instead of one per output
// file, which on most systems costs more than writing the bytes. Larger
// files, a full-size photo above all, which the links of one project
// share, are stored once, as blobs named by their hash.
const inlineMax = 256 << 10

// entry is the header of an entry file: the files of one rendered link
// folder, in render's order. The content of its inline files follows the
// header, in the same order, and the file's checksum covers both.
type entry struct {
	Key   string      `json:"key"`
	Files []entryFile `json:"files"`
}

type entryFile struct {
	Path string `json:"path"`
	Type string `json:"type"`
	Size int64  `json:"size"`
	// SHA256 is empty for an inline file. Otherwise the content is stored
	// once: in the blob of that hash, which must have CRC (see sealMagic
	// for the choice of CRC-32C), or, with Src set to Path, for a document
	// published as it is, in the source folder, whose snapshot must still
	// show that hash.
	SHA256 string `json:"sha256,omitempty"`
	CRC    uint32 `json:"crc,omitempty"`
	Src    string `json:"src,omitempty"`
}

// Has reports whether an entry for key exists, without verifying it: for
// deciding what to render ahead, where Get would read every file twice.
func (c *Cache) Has(ctx context.Context, key Key) bool {
	c.trimOnce(ctx)
	_, err := os.Stat(c.path("entries", key.String()))
	return err == nil
}

// Get returns the files stored for key: generated ones in memory, large
// ones streaming from the cache or from the source folder. src is the
// snapshot of the folder that was rendered; the key covers its Sum. Every
// stored file is checked before Get returns, so that nothing damaged is
// published: a damaged entry is removed and reported as ErrCorrupt. A
// missing entry is ErrNotFound.
func (c *Cache) Get(ctx context.Context, key Key, src *Tree) ([]render.File, error) {
	c.trimOnce(ctx)
	name := c.path("entries", key.String())
	body, info, err := readSealed(name)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	header, inline, _ := bytes.Cut(body, []byte("\n"))
	var e entry
	if err := decodeStrict(header, &e); err != nil {
		return nil, corrupt(name, err)
	}
	if e.Key != key.String() {
		return nil, corrupt(name, errors.New("entry of another key"))
	}
	files := make([]render.File, len(e.Files))
	for i, f := range e.Files {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		files[i] = render.File{Path: f.Path, ContentType: f.Type}
		switch {
		case f.Src != "":
			if src.files[f.Src] != f.SHA256 {
				return nil, corrupt(name, fmt.Errorf("%s: source %s differs", f.Path, f.Src))
			}
			rel := f.Src
			files[i].Open = func() (io.ReadCloser, error) { return src.open(rel) }
		case f.SHA256 != "":
			blob := c.path("blobs", f.SHA256)
			if err := c.verify(blob, f); err != nil {
				os.Remove(name)
				return nil, err
			}
			files[i].Open = func() (io.ReadCloser, error) { return os.Open(blob) }
		default:
			if f.Size < 0 || f.Size > int64(len(inline)) {
				return nil, corrupt(name, fmt.Errorf("%s: content cut short", f.Path))
			}
			files[i].Body, inline = inline[:f.Size:f.Size], inline[f.Size:]
		}
	}
	if len(inline) != 0 {
		return nil, corrupt(name, errors.New("content left over"))
	}
	c.touch(name, info.ModTime())
	return files, nil
}

// verify checks a blob's size and checksum; a damaged one is removed.
func (c *Cache) verify(blob string, f entryFile) error {
	r, err := os.Open(blob)
	if errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("%w: %s: stored file missing", ErrCorrupt, f.Path)
	}
	if err != nil {
		return err
	}
	defer r.Close()
	info, err := r.Stat()
	if err != nil {
		return err
	}
	if info.Size() != f.Size {
		return corrupt(blob, fmt.Errorf("%s: size does not match", f.Path))
	}
	crc := crc32.New(castagnoli)
	n, err := copyAll(crc, r)
	if err != nil {
		return err
	}
	if n != f.Size || crc.Sum32() != f.CRC {
		return corrupt(blob, fmt.Errorf("%s: content does not match its checksum", f.Path))
	}
	c.touch(blob, info.ModTime())
	return nil
}

// Put stores files, the rendering of src under key. A file whose content
// is a file of src is recorded as a reference to it. unchanged is called
// after every file has been read and before the entry is written: when it
// returns false (src changed while it was rendered), nothing is recorded,
// because the files may not be what key describes.
func (c *Cache) Put(ctx context.Context, key Key, files []render.File, src *Tree, unchanged func(context.Context) bool) error {
	c.trimOnce(ctx)
	if err := c.mark(ctx); err != nil {
		return fmt.Errorf("build cache: %w", err)
	}
	e := entry{Key: key.String(), Files: make([]entryFile, len(files))}
	parts := make([][]byte, 2, 2+len(files))
	for i, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		ef, err := c.store(ctx, f, src.files)
		if err != nil {
			return fmt.Errorf("build cache: %s: %w", f.Path, err)
		}
		if ef.SHA256 == "" {
			parts = append(parts, f.Body)
		}
		e.Files[i] = ef
	}
	if !unchanged(ctx) {
		return nil
	}
	header, err := json.Marshal(&e)
	if err != nil {
		return err
	}
	parts[0], parts[1] = header, []byte("\n")
	if err := writeFile(ctx, c.path("entries", e.Key), sealed(parts...)); err != nil {
		return fmt.Errorf("build cache: %w", err)
	}
	return nil
}

// store records one rendered file: a small generated one inline (it
// returns an entryFile without SHA256), a streamed document as a reference
// to the source file of the same path when its content is what the
// snapshot holds, anything else as a blob. Only the same path may be
// referenced: a reference to another file that merely had the same content
// could, if that file is edited before the upload, publish its new bytes
// under this file's name.
func (c *Cache) store(ctx context.Context, f render.File, srcFiles map[string]string) (entryFile, error) {
	ef := entryFile{Path: f.Path, Type: f.ContentType}
	if f.Open == nil {
		ef.Size = int64(len(f.Body))
		if ef.Size <= inlineMax {
			return ef, nil
		}
		sum := sha256.Sum256(f.Body)
		ef.SHA256, ef.CRC = hex.EncodeToString(sum[:]), crc32.Checksum(f.Body, castagnoli)
		return ef, c.putBlob(ctx, ef, bytes.NewReader(f.Body))
	}
	r, err := f.Open()
	if err != nil {
		return ef, err
	}
	h, crc := sha256.New(), crc32.New(castagnoli)
	ef.Size, err = copyAll(io.MultiWriter(h, crc), r)
	r.Close()
	if err != nil {
		return ef, err
	}
	ef.SHA256, ef.CRC = hexSum(h), crc.Sum32()
	if srcFiles[f.Path] == ef.SHA256 {
		ef.Src = f.Path
		return ef, nil
	}
	r, err = f.Open()
	if err != nil {
		return ef, err
	}
	defer r.Close()
	return ef, c.putBlob(ctx, ef, r)
}

// putBlob stores the content of ef from r, unless a file of that hash is
// already there: Get verifies and removes damaged ones, so an existing file
// is either right or found out on its next use.
func (c *Cache) putBlob(ctx context.Context, ef entryFile, r io.Reader) error {
	name := c.path("blobs", ef.SHA256)
	if info, err := os.Stat(name); err == nil {
		c.touch(name, info.ModTime())
		return nil
	}
	return writeFile(ctx, name, func(w io.Writer) error {
		h := sha256.New()
		if _, err := copyAll(h, io.TeeReader(r, w)); err != nil {
			return err
		}
		if hexSum(h) != ef.SHA256 {
			return errors.New("changed while it was stored")
		}
		return nil
	})
}

// mark makes the cache folder recognisable as one: git ignores it wherever
// it lies, and backup tools that honour CACHEDIR.TAG skip it. Once done,
// it is not checked again by this Cache: three calls per stored link add
// up over ten thousand links.
func (c *Cache) mark(ctx context.Context) error {
	if c.marked.Load() {
		return nil
	}
	if err := os.MkdirAll(c.root, 0o755); err != nil {
		return err
	}
	for name, t := range map[string]string{
		".gitignore":         "# vitrine's build cache: safe to delete at any time\n*\n",
		"cache/CACHEDIR.TAG": "Signature: 8a477f597d28d172789f06886806bc55\n# vitrine's build cache; see https://bford.info/cachedir/\n",
	} {
		p := filepath.Join(c.base, filepath.FromSlash(name))
		if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
			if err := writeFile(ctx, p, text(t)); err != nil {
				return err
			}
		}
	}
	c.marked.Store(true)
	return nil
}
