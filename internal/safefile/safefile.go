// Package safefile writes files atomically: a reader, or a crash, sees the
// old file or the new one, never a part of the new one.
package safefile

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
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
		return SyncDir(filepath.Dir(name))
	}
	return nil
}

// Link makes name a hard link to the file src, replacing name atomically
// as Write does. The new link first gets a temporary name, and check reads
// the content it will have there before it takes name's place: src may
// have been replaced since the caller looked at it, and a link shows
// whatever is there now. An error of check, or of the link itself (a file
// system without hard links, a file with too many), leaves name as it was.
func Link(ctx context.Context, src, name string, check func(io.Reader) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	dir := filepath.Dir(name)
	var tmp string
	for {
		tmp = filepath.Join(dir, strings.Replace(tmpPattern, "*", strconv.FormatUint(uint64(rand.Uint32()), 10), 1))
		err := os.Link(src, tmp)
		if err == nil {
			break
		}
		if !errors.Is(err, fs.ErrExist) {
			return fmt.Errorf("link %s: %w", name, err)
		}
	}
	var info fs.FileInfo
	err := func() error {
		f, err := os.Open(tmp)
		if err != nil {
			return err
		}
		defer f.Close()
		// A link to a symbolic link is one, whatever Open follows.
		if info, err = os.Lstat(tmp); err != nil {
			return err
		}
		if !info.Mode().IsRegular() {
			return fmt.Errorf("%s is not a regular file", src)
		}
		return check(f)
	}()
	if err == nil {
		err = ctx.Err()
	}
	if now, serr := os.Lstat(name); err == nil && serr == nil && os.SameFile(info, now) {
		// name is this file already; a rename onto it would do nothing
		// and leave the temporary name behind.
		return os.Remove(tmp)
	}
	if err == nil {
		err = os.Rename(tmp, name)
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("link %s: %w", name, err)
	}
	return nil
}

// SyncDir makes a rename or removal in dir durable. Some file systems
// cannot sync a folder and say so with EINVAL; the change is then as
// durable as they allow.
func SyncDir(dir string) error {
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
