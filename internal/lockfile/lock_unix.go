//go:build unix

// Package lockfile serialises vitrine processes (and goroutines) that
// change the same thing: the records, or one storage target. On Linux and
// macOS flock(2) does it across processes and, because each call opens the
// lock file anew, within one process too. A lock dies with its process, so
// kill -9 leaves no stale lock behind.
package lockfile

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"time"
)

// lockPoll bounds the wait between two attempts to take a busy lock.
const lockPoll = 50 * time.Millisecond

// Lock takes an exclusive lock on the file name, creating it and its
// folder if needed,
// and returns the function that releases it. The lock file is left in
// place: removing it would let a waiting process lock a file that a newcomer
// no longer sees. A busy lock is polled rather than waited for in the
// kernel, so that ctx can cancel the wait without leaking a lock taken
// later by a blocked goroutine.
func Lock(ctx context.Context, name string) (unlock func(), err error) {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock: %w", err)
	}
	wait := time.Millisecond
	for {
		err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			// Closing the descriptor releases the lock.
			return func() { f.Close() }, nil
		}
		if !errors.Is(err, syscall.EWOULDBLOCK) && !errors.Is(err, syscall.EINTR) {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", name, err)
		}
		select {
		case <-ctx.Done():
			f.Close()
			return nil, fmt.Errorf("wait for lock %s: %w", name, ctx.Err())
		case <-time.After(wait):
		}
		wait = min(2*wait, lockPoll)
	}
}
