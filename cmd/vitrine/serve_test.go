package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// run runs vitrine with args and fails the test unless it exits with want.
func run(t *testing.T, want int, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := Main(t.Context(), args, &stdout, &stderr); code != want {
		t.Fatalf("vitrine %s: exit %d, want %d\n%s", strings.Join(args, " "), code, want, stderr.String())
	}
	return stdout.String() + stderr.String()
}

// TestServe starts vitrine serve on a free port of the loopback interface,
// loads the desk and a link page over HTTP, and stops it as Ctrl-C
// would, checking that nothing was published on the way.
func TestServe(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "config.yaml")
	run(t, exitOK, "init", dir)
	var link struct{ ID string }
	if err := json.Unmarshal([]byte(run(t, exitOK, "--config", cfg, "link", "create", "beispiel", "--label", "Familie Beispiel", "--json")), &link); err != nil {
		t.Fatal(err)
	}

	ctx, stop := context.WithCancel(t.Context())
	out, w := io.Pipe()
	var stderr bytes.Buffer
	code := make(chan int, 1)
	go func() {
		code <- Main(ctx, []string{"--config", cfg, "serve", "--addr", "127.0.0.1:0"}, w, &stderr)
		w.Close()
	}()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		t.Fatalf("serve printed no address: %v (%s)", err, stderr.String())
	}
	go func() { _, _ = io.Copy(io.Discard, out) }()
	base := regexp.MustCompile(`http://127\.0\.0\.1:\d+/`).FindString(line)
	if base == "" || !strings.HasPrefix(line, "Desk: ") {
		t.Fatalf("serve printed %q", line)
	}
	for path, want := range map[string]string{"": "Familie Beispiel", "p/" + link.ID + "/": "<h1>"} {
		resp, err := http.Get(base + path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), want) {
			t.Errorf("GET /%s: %s, want a page with %q", path, resp.Status, want)
		}
	}

	stop()
	if c := <-code; c != exitOK {
		t.Errorf("serve exited with %d after Ctrl-C: %s", c, stderr.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "public")); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("serve wrote to the storage folder: %v", err)
	}
}

func TestServeOnlyOnThisComputer(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:8080", ":8080", "192.168.1.10:8080"} {
		if out := run(t, exitInvalid, "serve", "--addr", addr); !strings.Contains(out, "127.0.0.1") {
			t.Errorf("serve --addr %s: %q does not say where it may listen", addr, out)
		}
	}
	run(t, exitInvalid, "serve", "extra")
}
