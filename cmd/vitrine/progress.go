package main

import (
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/vitrine/vitrine/internal/publish"
)

// progress shows a publish as it happens: on a terminal one line redrawn
// in place, with objects and bytes done of those planned so far; elsewhere
// (CI logs, files) one log line per change, which a terminal would scroll
// away but a log keeps.
type progress struct {
	a   *app
	tty bool
	// Totals grow while links are rendered: a link's changes are known
	// only once it is, and rendering everything first would hold the whole
	// site in memory.
	objects, objectsDone int
	bytes, bytesDone     int64
	drawn                bool
}

func (a *app) newProgress() *progress {
	return &progress{a: a, tty: isTerminal(a.stderr)}
}

// isTerminal reports whether w is a character device, without a
// dependency for it.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// event takes every publish.Event; calls are serialised by publish.
func (p *progress) event(e publish.Event) {
	if p.a.quiet || e.Op == publish.OpSkip {
		return
	}
	switch {
	case e.Planned:
		p.objects++
		p.bytes += e.Size
	case !p.tty:
		p.a.logger().Info(e.Op, "key", e.Key, "reason", e.Reason, "bytes", e.Size)
		return
	default:
		p.objectsDone++
		p.bytesDone += e.Size
	}
	if p.tty {
		p.draw()
	}
}

const barWidth = 24

func (p *progress) draw() {
	done, total := float64(p.bytesDone), float64(p.bytes)
	if total == 0 { // only deletes: count objects
		done, total = float64(p.objectsDone), float64(p.objects)
	}
	filled := 0
	if total > 0 {
		filled = int(done / total * barWidth)
	}
	fmt.Fprintf(p.a.stderr, "\r\x1b[K[%s%s] %d/%d objects, %s/%s",
		strings.Repeat("#", filled), strings.Repeat(".", barWidth-filled),
		p.objectsDone, p.objects, humanBytes(p.bytesDone), humanBytes(p.bytes))
	p.drawn = true
}

// finish clears the bar, so that the summary starts on a clean line.
func (p *progress) finish() {
	if p.drawn {
		fmt.Fprint(p.a.stderr, "\r\x1b[K")
	}
}
