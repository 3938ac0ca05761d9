package lockfile

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"
)

// TestLockExcludes: while one holder has the lock, another waits until its
// context ends; once released, the lock can be taken again.
func TestLockExcludes(t *testing.T) {
	name := filepath.Join(t.TempDir(), ".vitrine", "records.lock")
	unlock, err := Lock(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	if _, err := Lock(ctx, name); !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("second Lock while held = %v, want it to wait until the deadline", err)
	}
	unlock()
	again, err := Lock(context.Background(), name)
	if err != nil {
		t.Fatalf("Lock after release: %v", err)
	}
	again()
}
