//go:build unix

// vitrine runs on Linux and macOS, where flock(2) serialises writers in
// different processes and, because each call opens the lock file anew, in
// the same process too.

package links

import (
	"context"
	"errors"
	"fmt"
	"os"
	"syscall"
	"time"
)

// lockPoll bounds the wait between two attempts to take a busy lock.
const lockPoll = 50 * time.Millisecond

// lock takes an exclusive lock on the file name, creating it if needed,
// and returns the function that releases it. The lock file is left in
// place: removing it would let a waiting process lock a file that a newcomer
// no longer sees. A busy lock is polled rather than waited for in the
// kernel, so that ctx can cancel the wait without leaking a lock taken
// later by a blocked goroutine.
func lock(ctx context.Context, name string) (unlock func(), err error) {
	f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock links: %w", err)
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
			return nil, fmt.Errorf("lock links %s: %w", name, err)
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
