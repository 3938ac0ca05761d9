package browser

import (
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestCommand(t *testing.T) {
	url := "http://127.0.0.1:8080/?a=1&b=2"
	for _, c := range []struct {
		goos, browser string
		want          []string
	}{
		{"windows", "", []string{"rundll32", "url.dll,FileProtocolHandler", url}},
		{"darwin", "", []string{"open", url}},
		{"linux", "", []string{"xdg-open", url}},
		{"freebsd", "", []string{"xdg-open", url}},
		{"linux", "firefox:chromium", []string{"firefox", url}},
	} {
		if got := command(c.goos, url, c.browser); !slices.Equal(got, c.want) {
			t.Errorf("command(%s, BROWSER=%q) = %q, want %q", c.goos, c.browser, got, c.want)
		}
	}
}

// TestOpen runs Open with a stand-in opener in $BROWSER that writes down
// the URL it was given, as a real opener would receive it.
func TestOpen(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("Open uses the system's opener here, which a test must not start")
	}
	dir := t.TempDir()
	got := filepath.Join(dir, "opened")
	opener := filepath.Join(dir, "opener")
	if err := os.WriteFile(opener, []byte("#!/bin/sh\nprintf '%s' \"$1\" > "+got+".tmp && mv "+got+".tmp "+got+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("BROWSER", opener)
	url := "http://127.0.0.1:8080/?a=1&b=2"
	if err := Open(url); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		data, err := os.ReadFile(got)
		if err == nil {
			if string(data) != url {
				t.Fatalf("the opener got %q, want %q", data, url)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the opener was not run: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestOpenWithoutOpener(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "darwin" {
		t.Skip("every such system has its opener")
	}
	t.Setenv("BROWSER", filepath.Join(t.TempDir(), "no-such-browser"))
	if err := Open("http://127.0.0.1:1/"); err == nil || !strings.Contains(err.Error(), "no-such-browser") {
		t.Fatalf("Open = %v, want an error naming the missing opener", err)
	}
}
