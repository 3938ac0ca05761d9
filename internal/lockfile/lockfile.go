// Package lockfile serialises vitrine processes (and goroutines) that
// change the same thing: the records, or one storage target. The system
// keeps the lock (flock(2) on Linux and macOS, LockFileEx on Windows), on
// a descriptor opened anew by each call, so it works within one process
// too, and a lock dies with its process: kill -9 leaves no stale lock.
package lockfile

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// lockPoll bounds the wait between two attempts to take a busy lock.
const lockPoll = 50 * time.Millisecond

// Lock takes an exclusive lock on the file name, creating it and its
// folder if needed, and returns the function that releases it. The lock
// file is left in place: removing it would let a waiting process lock a
// file that a newcomer no longer sees. A busy lock is polled rather than
// waited for in the kernel, so that ctx can cancel the wait without
// leaking a lock taken later by a blocked goroutine.
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
		taken, err := tryLock(f)
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("lock %s: %w", name, err)
		}
		if taken {
			// Closing the descriptor releases the lock.
			return func() { f.Close() }, nil
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
