// Package safefile writes files atomically: a reader, or a crash, sees the
// old file or the new one, never a part of the new one.
package safefile

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// tmpSuffix ends the name of a file that Write has not finished.
const tmpSuffix = ".safefile-tmp"

// Write creates or replaces the file name with what write writes, with
// permissions perm. The content goes to a hidden temporary file in the same
// folder, which is renamed over name only when write and closing succeed
// and ctx is not done; on any error nothing is left behind. write can refuse what it wrote by
// returning an error, e.g. when a hash taken on the way does not match.
//
// Write does not sync: a power cut may leave the new file torn, so use it
// for files that are verified when read or cheap to make again.
func Write(ctx context.Context, name string, perm fs.FileMode, write func(io.Writer) error) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*"+tmpSuffix)
	if err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err := write(tmp); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Chmod(perm); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), name); err != nil {
		return fmt.Errorf("write %s: %w", name, err)
	}
	return nil
}

// IsTemp reports whether name is an unfinished file of Write, which a
// crash may have left behind.
func IsTemp(name string) bool { return strings.HasSuffix(name, tmpSuffix) }
