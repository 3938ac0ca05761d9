package publish

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"io"
	"path"
	"sort"

	"github.com/vitrine/vitrine/internal/render"
	"github.com/vitrine/vitrine/internal/storage"
)

// Object is one desired object: its key, headers and content hash, and how
// to read the content when it has to be uploaded.
type Object struct {
	Key  string
	Meta storage.Meta
	file render.File
}

// page reports whether the object is an HTML page, which is uploaded after
// the files it references so that no customer sees a page with broken
// images.
func (o *Object) page() bool { return path.Ext(o.Key) == ".html" }

// open returns the object's content.
func (o *Object) open() (io.ReadCloser, error) {
	if o.file.Open != nil {
		return o.file.Open()
	}
	return bodyReader{bytes.NewReader(o.file.Body)}, nil
}

// bodyReader keeps a generated body seekable, so that a store can retry an
// upload without copying the body first (io.NopCloser would hide Seek).
type bodyReader struct{ *bytes.Reader }

func (bodyReader) Close() error { return nil }

// Objects turns the rendered files of link id into desired objects under
// "<prefix>/<id>/", hashing each. Streamed files are read once to hash them
// and again only if they have to be uploaded.
func Objects(prefix, id, cacheControl string, files []render.File) ([]Object, error) {
	out := make([]Object, 0, len(files))
	for _, f := range files {
		o := Object{
			Key:  prefix + "/" + id + "/" + f.Path,
			Meta: storage.Meta{ContentType: f.ContentType, CacheControl: cacheControl},
			file: f,
		}
		if err := storage.CheckKey(o.Key); err != nil {
			return nil, err
		}
		r, err := o.open()
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", f.Path, err)
		}
		h := md5.New()
		n, err := io.Copy(h, r)
		r.Close()
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", f.Path, err)
		}
		o.Meta.MD5, o.Meta.Size = hex.EncodeToString(h.Sum(nil)), n
		out = append(out, o)
	}
	return out, nil
}

// Upload is a planned upload of one object.
type Upload struct {
	Change
	Object *Object
}

// LinkDiff is what one link needs: uploads with files before pages, and the
// stored objects of the link that are no longer wanted.
type LinkDiff struct {
	Upload    []Upload
	Stale     []Change
	Unchanged int
}

// Diff compares the desired objects of one link with what storage holds
// for it. An object is uploaded when it is new, its MD5 differs, or the
// store keeps headers and they differ.
func Diff(desired []Object, stored []storage.ObjectInfo) LinkDiff {
	have := make(map[string]storage.ObjectInfo, len(stored))
	for _, o := range stored {
		have[o.Key] = o
	}
	var d LinkDiff
	want := make(map[string]bool, len(desired))
	for i := range desired {
		o := &desired[i]
		want[o.Key] = true
		reason := ""
		s, ok := have[o.Key]
		switch {
		case !ok:
			reason = ReasonNew
		case s.MD5 != o.Meta.MD5:
			reason = ReasonChanged
		case s.Headers != "" && s.Headers != storage.HeaderHash(o.Meta):
			reason = ReasonHeaders
		default:
			d.Unchanged++
			continue
		}
		d.Upload = append(d.Upload, Upload{Change{Key: o.Key, Reason: reason, Size: o.Meta.Size}, o})
	}
	sort.SliceStable(d.Upload, func(i, j int) bool {
		a, b := d.Upload[i], d.Upload[j]
		if a.Object.page() != b.Object.page() {
			return !a.Object.page()
		}
		return a.Key < b.Key
	})
	for _, o := range stored {
		if !want[o.Key] {
			d.Stale = append(d.Stale, Change{Key: o.Key, Reason: ReasonGone})
		}
	}
	return d
}
