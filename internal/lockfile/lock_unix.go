//go:build unix

package lockfile

import (
	"errors"
	"os"
	"syscall"
)

// tryLock takes the lock on f if no one holds it; taken is false when
// someone does.
func tryLock(f *os.File) (taken bool, err error) {
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) || errors.Is(err, syscall.EINTR) {
		return false, nil
	}
	return err == nil, err
}
