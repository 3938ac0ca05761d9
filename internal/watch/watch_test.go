package watch

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

// patience bounds every wait for the watcher; the tests never sleep to
// let something happen, they wait for it to have happened.
const patience = 10 * time.Second

// watching runs Run in the background and returns the calls of fn as
// they come. fn blocks while block (when not nil) holds no value.
func watching(t *testing.T, opts Options, block chan struct{}) <-chan []string {
	t.Helper()
	if opts.Quiet == 0 {
		opts.Quiet = 100 * time.Millisecond
	}
	ctx, cancel := context.WithCancel(context.Background())
	calls := make(chan []string, 100)
	stopped := make(chan error, 1)
	go func() {
		stopped <- Run(ctx, opts, func(ctx context.Context, changed []string) {
			calls <- changed
			if block != nil {
				select {
				case <-block:
				case <-ctx.Done():
				}
			}
		})
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-stopped:
			if err != nil {
				t.Errorf("Run: %v", err)
			}
		case <-time.After(patience):
			t.Error("Run did not return after its context was cancelled")
		}
	})
	if first := next(t, calls); first != nil {
		t.Fatalf("first call: %v, want nil (the start)", first)
	}
	return calls
}

// next returns the next call, failing after patience.
func next(t *testing.T, calls <-chan []string) []string {
	t.Helper()
	select {
	case c := <-calls:
		return c
	case <-time.After(patience):
		t.Fatal("no call after a change")
		return nil
	}
}

func write(t *testing.T, name string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(name), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestBurstIsOneCall writes several files at once: they arrive together.
func TestBurstIsOneCall(t *testing.T) {
	dir := t.TempDir()
	write(t, filepath.Join(dir, "a", "b", "old.txt"))
	calls := watching(t, Options{Dirs: []string{dir}, Quiet: 300 * time.Millisecond}, nil)
	var want []string
	for _, name := range []string{"x.txt", "a/y.txt", "a/b/z.txt", "a/b/old.txt"} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		write(t, p)
		want = append(want, p)
	}
	got := next(t, calls)
	for _, p := range want {
		if !slices.Contains(got, p) {
			t.Errorf("the call after the burst lacks %s: %v", p, got)
		}
	}
}

// TestNewFolderIsWatched creates a folder after the start and a file in it.
func TestNewFolderIsWatched(t *testing.T) {
	dir := t.TempDir()
	calls := watching(t, Options{Dirs: []string{dir}}, nil)
	if err := os.MkdirAll(filepath.Join(dir, "projects", "new"), 0o755); err != nil {
		t.Fatal(err)
	}
	next(t, calls)
	p := filepath.Join(dir, "projects", "new", "project.yaml")
	write(t, p)
	if got := next(t, calls); !slices.Contains(got, p) {
		t.Fatalf("changed = %v, want %s", got, p)
	}
}

// TestIgnoredPathsAndSingleFiles writes files that do not matter, then one
// that does: the call names only the latter.
func TestIgnoredPathsAndSingleFiles(t *testing.T) {
	dir := t.TempDir()
	content, out := filepath.Join(dir, "site"), filepath.Join(dir, "site", "public")
	write(t, filepath.Join(out, "old.html"))
	config := filepath.Join(dir, "config.yaml")
	write(t, config)
	ignore := func(p string) bool { return p == out || strings.HasSuffix(p, ".swp") }
	calls := watching(t, Options{Dirs: []string{content}, Files: []string{config}, Ignore: ignore}, nil)

	for _, p := range []string{
		filepath.Join(dir, "notes.txt"),             // next to config.yaml, not watched
		filepath.Join(content, ".project.yaml.swp"), // an editor's
		filepath.Join(out, "index.html"),            // the output folder
	} {
		write(t, p)
	}
	// An editor's save: a new file renamed over the old one.
	tmp := filepath.Join(dir, "config.yaml.new")
	write(t, tmp)
	if err := os.Rename(tmp, config); err != nil {
		t.Fatal(err)
	}
	got := next(t, calls)
	if !slices.Equal(got, []string{config}) {
		t.Fatalf("changed = %v, want only %s", got, config)
	}
}

// TestChangeWhileRunning changes a file while fn works: one more call
// follows, and calls never overlap.
func TestChangeWhileRunning(t *testing.T) {
	dir := t.TempDir()
	block := make(chan struct{})
	calls := watching(t, Options{Dirs: []string{dir}}, block)
	block <- struct{}{} // the start's call may end
	a, b := filepath.Join(dir, "a.txt"), filepath.Join(dir, "b.txt")
	write(t, a)
	if got := next(t, calls); !slices.Contains(got, a) {
		t.Fatalf("changed = %v, want %s", got, a)
	}
	write(t, b) // while the call for a still runs
	select {
	case got := <-calls:
		t.Fatalf("a call (%v) started while another ran", got)
	default:
	}
	block <- struct{}{}
	if got := next(t, calls); !slices.Equal(got, []string{b}) {
		t.Fatalf("changed = %v, want %s", got, b)
	}
	block <- struct{}{}
}

// TestStopLeavesNothingRunning cancels during a call: Run waits for it and
// no goroutine of the watch is left.
func TestStopLeavesNothingRunning(t *testing.T) {
	before := runtime.NumGoroutine()
	ctx, cancel := context.WithCancel(context.Background())
	entered, returned := make(chan struct{}), make(chan struct{})
	stopped := make(chan error, 1)
	go func() {
		stopped <- Run(ctx, Options{Dirs: []string{t.TempDir()}}, func(ctx context.Context, _ []string) {
			close(entered)
			<-ctx.Done()
			close(returned)
		})
	}()
	<-entered
	cancel()
	select {
	case err := <-stopped:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(patience):
		t.Fatal("Run did not stop")
	}
	select {
	case <-returned:
	default:
		t.Fatal("Run returned before fn did")
	}
	deadline := time.Now().Add(patience)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			t.Fatalf("%d goroutines left running, %d before", runtime.NumGoroutine(), before)
		}
		runtime.Gosched()
		time.Sleep(10 * time.Millisecond)
	}
}

func TestSetupError(t *testing.T) {
	err := Run(context.Background(), Options{Dirs: []string{filepath.Join(t.TempDir(), "missing")}}, func(context.Context, []string) {
		t.Error("fn called although the watch could not start")
	})
	if err == nil || !strings.Contains(err.Error(), "missing") {
		t.Fatalf("Run = %v, want an error naming the folder", err)
	}
}
