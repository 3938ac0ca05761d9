package content

import (
	"fmt"
	"io"

	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/table"
)

// sizeLimit caps how much of one record file vitrine reads into memory.
// Every link renders from the loaded project, so an absurd file costs its
// size many times over; the caps sit far above what an office writes, so
// that only a mistake (a whole company's export, a pasted image) hits them.
type sizeLimit struct {
	bytes int64
	hint  string // what to do about a file that is too large
}

// The size caps of the record files.
var (
	// A project.yaml with a long description and a hundred schedule
	// entries is about 20 KiB.
	projectYAMLLimit = sizeLimit{1 << 20, "keep long texts in notes/ and documents in files/"}
	// A daily report of several pages is about 10 KiB of Markdown; photos
	// and documents do not belong in it.
	noteLimit = sizeLimit{1 << 20, "split the report into several notes, and put photos in photos/ and documents in files/"}
	// table.MaxRows rows of about 100 bytes, with room for long notes.
	timesLimit = sizeLimit{table.MaxBytes, "export only this project's rows"}
)

// check returns a problem when size exceeds the limit.
func (l sizeLimit) check(file string, size int64) *problem.Problem {
	if size <= l.bytes {
		return nil
	}
	return &problem.Problem{
		File: file,
		Msg:  fmt.Sprintf("is %s, more than the limit of %s", byteSize(size), byteSize(l.bytes)),
		Hint: l.hint,
	}
}

// readAll reads r, stopping one byte past the limit so that a huge file
// is refused without being read into memory.
func (l sizeLimit) readAll(file string, r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, l.bytes+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", file, err)
	}
	if p := l.check(file, int64(len(b))); p != nil {
		p.Msg = fmt.Sprintf("is more than the limit of %s", byteSize(l.bytes))
		return nil, p
	}
	return b, nil
}

// byteSize formats n for messages, in KiB or MiB as file managers show it.
func byteSize(n int64) string {
	switch {
	case n%(1<<20) == 0 && n > 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d bytes", n)
}
