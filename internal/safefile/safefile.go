// Package safefile writes files atomically: a reader, or a crash, sees the
// old file or the new one, never a part of the new one.
package safefile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
)

// tmpPattern names the file that Write has not finished. It is short (at
// most 18 bytes: os.CreateTemp puts a decimal uint32 at the "*") and does
// not contain the target's name, so that a target name near the 255-byte
// limit of most file systems still gets a temporary file.
const tmpPattern = ".vt-*.tmp"

// isTemp matches tmpPattern, and oldTempSuffix ends the temporary files of
// earlier versions (".<name>.<random>.safefile-tmp"), which a crash may
// have left behind as well.
var isTemp = regexp.MustCompile(`^\.vt-[0-9]+\.tmp$`)

const oldTempSuffix = ".safefile-tmp"

// Write creates or replaces the file name with what write writes, with
// permissions perm. The content goes to a hidden temporary file in the same
// folder, which is renamed over name only when write and closing succeed
// and ctx is not done; on any error nothing is left behind. write can
// refuse what it wrote by returning an error, e.g. when a hash taken on the
// way does not match.
//
// Write does not sync: a power cut may leave the new file torn, so use it
// for files that are verified when read or cheap to make again, and
// WriteSync for the user's records and published files.
func Write(ctx context.Context, name string, perm fs.FileMode, write func(io.Writer) error) error {
	return replace(ctx, name, perm, false, write)
}

// WriteSync is Write made durable: it syncs the new file before the rename
// and the folder after it, so that after a power cut name holds the old or
// the new content, whole.
func WriteSync(ctx context.Context, name string, perm fs.FileMode, write func(io.Writer) error) error {
	return replace(ctx, name, perm, true, write)
}

func replace(ctx context.Context, name string, perm fs.FileMode, durable bool, write func(io.Writer) error) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(name), tmpPattern)
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
	if durable {
		if err := tmp.Sync(); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
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
	if durable {
		return syncDir(filepath.Dir(name))
	}
	return nil
}

// syncDir makes a rename in dir durable. Some file systems cannot sync a
// folder and say so with EINVAL; the rename is then as durable as they
// allow.
func syncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) {
		return fmt.Errorf("sync %s: %w", dir, err)
	}
	return nil
}

// IsTemp reports whether name, a file name or a path, is an unfinished
// file of Write, which a crash may have left behind.
func IsTemp(name string) bool {
	base := filepath.Base(name)
	return isTemp.MatchString(base) || strings.HasSuffix(base, oldTempSuffix)
}
