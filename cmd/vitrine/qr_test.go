package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/qrcode/qrtest"
	"github.com/vitrine/vitrine/internal/site/sitetest"
)

// qrSite writes a site with one link and returns its config.yaml, the
// link's id and URL.
func qrSite(t *testing.T) (config, id, url string) {
	t.Helper()
	folder := t.TempDir()
	ids := sitetest.Write(t, folder, sitetest.Options{Projects: 1})
	id = ids[sitetest.Slug(0)][0]
	return filepath.Join(folder, "config.yaml"), id, "https://projekte.example.de/p/" + id + "/"
}

// vitrine runs the command in this process and returns its exit status
// and output.
func vitrine(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = Main(context.Background(), args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// TestQRCodeFiles checks that --out writes a PNG that ZBar reads back to
// the URL, and an SVG of the URL; internal/qrcode tests that the SVG shows
// the modules of the PNG.
func TestQRCodeFiles(t *testing.T) {
	config, id, url := qrSite(t)
	dir := t.TempDir()
	for _, ext := range []string{".png", ".svg"} {
		name := filepath.Join(dir, "link"+ext)
		code, stdout, stderr := vitrine("--config", config, "link", "qr", id, "--out", name)
		if code != 0 {
			t.Fatalf("link qr --out %s exited with %d: %s", ext, code, stderr)
		}
		if !strings.Contains(stdout, "Wrote the QR code of "+url+" to "+name) {
			t.Errorf("link qr --out %s says:\n%s", ext, stdout)
		}
	}
	img, err := os.ReadFile(filepath.Join(dir, "link.png"))
	if err != nil {
		t.Fatal(err)
	}
	if got := qrtest.Decode(t, img); got != url {
		t.Errorf("the PNG decodes to %q, want %q", got, url)
	}
	svg, err := os.ReadFile(filepath.Join(dir, "link.svg"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(svg, []byte("<?xml")) || !bytes.Contains(svg, []byte("<title>"+url+"</title>")) {
		t.Errorf("link.svg is not the SVG code of %s:\n%.300s", url, svg)
	}
}

func TestQRCodeOnTheTerminalAndErrors(t *testing.T) {
	config, id, url := qrSite(t)
	code, stdout, _ := vitrine("--config", config, "link", "qr", id)
	if code != 0 || !strings.Contains(stdout, "█") || !strings.HasSuffix(stdout, "\n"+url+"\n") {
		t.Fatalf("link qr without --out: exit %d, output:\n%s", code, stdout)
	}
	if code, _, stderr := vitrine("--config", config, "link", "qr", id, "--out", "link.jpg"); code != 2 || !strings.Contains(stderr, ".png or .svg") {
		t.Errorf("--out link.jpg: exit %d, %s", code, stderr)
	}
	if code, _, _ := vitrine("--config", config, "link", "deactivate", id); code != 0 {
		t.Fatal("deactivate failed")
	}
	if code, _, stderr := vitrine("--config", config, "link", "qr", id); code != 2 || !strings.Contains(stderr, "deactivated") {
		t.Errorf("QR code of a deactivated link: exit %d, %s", code, stderr)
	}
}
