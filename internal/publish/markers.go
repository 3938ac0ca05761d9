package publish

import (
	"context"
	"sync"

	"github.com/vitrine/vitrine/internal/storage"
)

// markerWatch answers, for the links of one run, whether storage holds a
// link's deactivation marker now: it lists the markers for everyone who
// asks while a listing is under way, once that listing is done. An answer
// comes from a listing that started after the question, so it sees every
// marker written before it was asked, as a listing of the one marker would;
// a run that uploads ten thousand links lists the markers a few hundred
// times instead of twenty thousand.
type markerWatch struct {
	store  storage.Store
	prefix string
	// one asks for each link's own marker instead: with more markers than
	// one listing returns, every shared answer would cost several.
	one  bool
	mu   sync.Mutex
	next *markerList // the listing that the next question waits for
	busy bool        // a listing is under way
}

// markerList is one listing of the markers, done when done is closed.
type markerList struct {
	done chan struct{}
	keys map[string]bool
	err  error
}

// revoked reports whether storage holds the marker of link id.
func (w *markerWatch) revoked(ctx context.Context, id string) (bool, error) {
	if w.one {
		list, err := w.store.List(ctx, MarkerKey(w.prefix, id))
		return len(list) > 0, err
	}
	w.mu.Lock()
	if w.next == nil {
		w.next = &markerList{done: make(chan struct{})}
	}
	l := w.next
	if !w.busy {
		w.busy = true
		go w.list(ctx)
	}
	w.mu.Unlock()
	select {
	case <-l.done:
		return l.keys[MarkerKey(w.prefix, id)], l.err
	case <-ctx.Done():
		return false, ctx.Err()
	}
}

// list answers the waiting questions, one listing at a time, until none
// is left. ctx is that of the run, which all questions share.
func (w *markerWatch) list(ctx context.Context) {
	for {
		w.mu.Lock()
		l := w.next
		w.next = nil
		if l == nil {
			w.busy = false
			w.mu.Unlock()
			return
		}
		w.mu.Unlock()
		objs, err := w.store.List(ctx, w.prefix+"/"+markerDir)
		l.keys, l.err = make(map[string]bool, len(objs)), err
		for _, o := range objs {
			l.keys[o.Key] = true
		}
		close(l.done)
	}
}
