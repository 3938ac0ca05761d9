package render

import (
	"container/list"
	"context"
	"io/fs"
	"reflect"
	"sync"

	"golang.org/x/sync/semaphore"

	"github.com/vitrine/vitrine/internal/problem"
)

const (
	// memoBytes bounds the published photos a Renderer keeps for the other
	// links of their project. A link folder's photos are a few megabytes,
	// so a project's fit many times over, while a publish of thousands of
	// projects keeps only the most recent ones.
	memoBytes = 256 << 20
	// decodeBytes bounds the estimated memory of the photos being decoded
	// at once (see decodeCost). A photo estimated above it is decoded
	// alone. With the memo's bound and Go's garbage collector, which lets
	// the heap grow to about twice what is live, a publish stays under a
	// gigabyte or so however many links it renders at a time.
	decodeBytes = 512 << 20
	// problemBytes is what a remembered refusal is counted as in the memo.
	problemBytes = 512
)

// photoMemo publishes each photo once per Renderer, however many links
// show it: links of one project share its photos, and decoding a large
// photo is what costs memory. Links that ask for a photo being decoded
// wait for that decoding instead of starting their own.
type photoMemo struct {
	decoding *semaphore.Weighted // weighted by decodeCost

	mu      sync.Mutex
	entries map[photoKey]*memoEntry
	recent  list.List // of done, kept *memoEntry, most recently used first
	bytes   int64     // the size of the entries in recent
	limit   int64     // for bytes: memoBytes
}

// photoKey identifies a photo file's content: the project folder it is
// read from (a comparable fs.FS value such as os.DirFS or the site's
// project root, so that two projects never share a photo), its path, and
// its size and time of modification, so that an edited photo is
// published afresh.
type photoKey struct {
	dir     fs.FS
	file    string
	size    int64
	modTime int64 // Unix nanoseconds
}

// memoEntry is one photo, being published or done.
type memoEntry struct {
	key  photoKey
	done chan struct{} // closed when out and err are set
	out  rendition
	err  error
	// retry is set when err is no fault of the photo (a cancelled
	// context, a failed read): the entry is dropped, and links that waited
	// for it try again.
	retry bool
	elem  *list.Element // in recent; nil while publishing or when not kept
}

func newPhotoMemo() *photoMemo {
	return &photoMemo{decoding: semaphore.NewWeighted(decodeBytes), entries: map[photoKey]*memoEntry{}, limit: memoBytes}
}

// publish returns the published form of the photo name in dir, from the
// memo when it holds the same file.
func (m *photoMemo) publish(ctx context.Context, dir fs.FS, name string) (rendition, error) {
	key, ok := memoKey(dir, name)
	if !ok {
		return m.decode(ctx, dir, name)
	}
	for {
		m.mu.Lock()
		e, found := m.entries[key]
		if !found {
			e = &memoEntry{key: key, done: make(chan struct{})}
			m.entries[key] = e
			m.mu.Unlock()
			e.out, e.err = m.decode(ctx, dir, name)
			m.finish(e)
			return e.out, e.err
		}
		if e.elem != nil {
			m.recent.MoveToFront(e.elem)
		}
		m.mu.Unlock()
		select {
		case <-e.done:
		case <-ctx.Done():
			return rendition{}, ctx.Err()
		}
		if !e.retry {
			return e.out, e.err
		}
		if err := ctx.Err(); err != nil {
			return rendition{}, err
		}
	}
}

// finish records the outcome of e and wakes the links waiting for it. A
// photo, or the problem that refuses it, is kept while it fits in the
// limit together with the more recently used ones.
func (m *photoMemo) finish(e *memoEntry) {
	m.mu.Lock()
	defer m.mu.Unlock()
	defer close(e.done)
	e.retry = e.err != nil && !problem.Is(e.err)
	if e.retry || e.memoSize() > m.limit {
		delete(m.entries, e.key)
		return
	}
	e.elem = m.recent.PushFront(e)
	m.bytes += e.memoSize()
	for m.bytes > m.limit {
		old := m.recent.Remove(m.recent.Back()).(*memoEntry)
		old.elem = nil
		delete(m.entries, old.key)
		m.bytes -= old.memoSize()
	}
}

// memoSize is what e counts for in the memo's limit.
func (e *memoEntry) memoSize() int64 {
	if e.err != nil {
		return problemBytes
	}
	return e.out.size()
}

// memoKey returns the key of the photo name in dir, or false when it
// cannot be remembered: dir is not comparable (e.g. an fstest.MapFS), or
// the file cannot be inspected, which decoding it will report.
func memoKey(dir fs.FS, name string) (photoKey, bool) {
	if dir == nil || !reflect.ValueOf(dir).Comparable() {
		return photoKey{}, false
	}
	fi, err := fs.Stat(dir, name)
	if err != nil || !fi.Mode().IsRegular() {
		return photoKey{}, false
	}
	return photoKey{dir: dir, file: name, size: fi.Size(), modTime: fi.ModTime().UnixNano()}, true
}
