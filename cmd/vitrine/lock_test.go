package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/vitrine/vitrine/internal/lockfile"
	"github.com/vitrine/vitrine/internal/syncbuf"
)

// TestDeactivateWaitsForARunningPublish: on folder storage, `link
// deactivate --publish` must not delete a page while a publish of the same
// config holds the storage (the publish would put it back); it waits, says
// so, and deletes the page once the publish is done.
func TestDeactivateWaitsForARunningPublish(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	run(t, exitOK, "init", dir)
	var link struct{ ID string }
	if err := json.Unmarshal([]byte(run(t, exitOK, "--config", cfg, "link", "create", "beispiel", "--json")), &link); err != nil {
		t.Fatal(err)
	}
	run(t, exitOK, "--config", cfg, "publish")
	page := filepath.Join(dir, "public", "p", link.ID, "index.html")
	if _, err := os.Stat(page); err != nil {
		t.Fatal(err)
	}

	// A publish in another process holds the storage lock.
	unlock, err := lockfile.Lock(t.Context(), filepath.Join(dir, ".vitrine", "publish.lock"))
	if err != nil {
		t.Fatal(err)
	}
	var out syncbuf.Buffer
	done := make(chan int)
	go func() {
		done <- Main(t.Context(), []string{"--config", cfg, "link", "deactivate", link.ID, "--publish"}, &out, &out)
	}()
	for !strings.Contains(out.String(), "Waiting for another vitrine command") {
		select {
		case code := <-done:
			t.Fatalf("deactivate ended (exit %d) without waiting for the publish:\n%s", code, out.String())
		case <-time.After(10 * time.Millisecond):
		}
	}
	if _, err := os.Stat(page); err != nil {
		t.Fatalf("the page was deleted while the publish held the storage: %v", err)
	}
	unlock()
	if code := <-done; code != exitOK {
		t.Fatalf("deactivate: exit %d\n%s", code, out.String())
	}
	if _, err := os.Stat(filepath.Dir(page)); !os.IsNotExist(err) {
		t.Fatalf("after both ended the link folder is still there: %v", err)
	}
}
