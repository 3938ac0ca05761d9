package main

import (
	"bytes"
	"context"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

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

// zbarimg decodes the QR code in an image file with ZBar, an independent
// reader. CI must have it (Debian package zbar-tools); elsewhere the test
// is skipped with a note.
func zbarimg(t *testing.T, name string) string {
	t.Helper()
	bin, err := exec.LookPath("zbarimg")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("zbarimg is missing; CI must install it: apt-get install -y zbar-tools")
		}
		t.Skip("zbarimg is not installed (apt-get install zbar-tools); cannot decode the QR code")
	}
	out, err := exec.Command(bin, "--quiet", "--raw", name).Output()
	if err != nil {
		t.Fatalf("zbarimg found no QR code in %s: %v", name, err)
	}
	return strings.TrimSpace(string(out))
}

func TestQRCodePNGDecodesToURL(t *testing.T) {
	config, id, url := qrSite(t)
	name := filepath.Join(t.TempDir(), "link.png")
	if code, _, stderr := vitrine("--config", config, "link", "qr", id, "--out", name); code != 0 {
		t.Fatalf("link qr exited with %d: %s", code, stderr)
	}
	if got := zbarimg(t, name); got != url {
		t.Fatalf("the PNG decodes to %q, want %q", got, url)
	}
}

// TestQRCodeSVGMatchesPNG checks that the SVG is well-formed XML and shows
// exactly the modules of the PNG, which ZBar reads back to the URL.
func TestQRCodeSVGMatchesPNG(t *testing.T) {
	config, id, _ := qrSite(t)
	dir := t.TempDir()
	for _, ext := range []string{".png", ".svg"} {
		if code, _, stderr := vitrine("--config", config, "link", "qr", id, "--out", filepath.Join(dir, "link"+ext)); code != 0 {
			t.Fatalf("link qr --out %s exited with %d: %s", ext, code, stderr)
		}
	}
	fromSVG := svgModules(t, filepath.Join(dir, "link.svg"))
	fromPNG := pngModules(t, filepath.Join(dir, "link.png"), len(fromSVG))
	for y := range fromSVG {
		if !slices.Equal(fromSVG[y], fromPNG[y]) {
			t.Fatalf("row %d differs between SVG and PNG", y)
		}
	}
	// The finder pattern's corner proves the matrix is not blank.
	if !fromSVG[qrQuiet][qrQuiet] || fromSVG[0][0] {
		t.Fatal("no finder pattern inside a quiet zone")
	}
}

// svgModules parses the SVG (failing on any XML error) and returns its
// modules from the viewBox and the path's rectangles.
func svgModules(t *testing.T, name string) [][]bool {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	var n int
	var d string
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			t.Fatalf("the SVG is not well-formed: %v", err)
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		for _, at := range se.Attr {
			switch {
			case se.Name.Local == "svg" && at.Name.Local == "viewBox":
				f := strings.Fields(at.Value)
				n, _ = strconv.Atoi(f[len(f)-1])
			case se.Name.Local == "path" && at.Name.Local == "d":
				d = at.Value
			}
		}
	}
	if n == 0 || d == "" {
		t.Fatal("the SVG has no viewBox or no path")
	}
	grid := make([][]bool, n)
	for y := range grid {
		grid[y] = make([]bool, n)
	}
	run := regexp.MustCompile(`^M(\d+) (\d+)h(\d+)v1h-(\d+)z`)
	for d != "" {
		m := run.FindStringSubmatch(d)
		if m == nil || m[3] != m[4] {
			t.Fatalf("unexpected path data at %.20q", d)
		}
		x, _ := strconv.Atoi(m[1])
		y, _ := strconv.Atoi(m[2])
		w, _ := strconv.Atoi(m[3])
		for i := range w {
			grid[y][x+i] = true
		}
		d = d[len(m[0]):]
	}
	return grid
}

// pngModules samples the centre of each of n×n modules of the PNG.
func pngModules(t *testing.T, name string, n int) [][]bool {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != n*qrScale || img.Bounds().Dy() != n*qrScale {
		t.Fatalf("PNG is %v, want %d modules of %d pixels", img.Bounds(), n, qrScale)
	}
	grid := make([][]bool, n)
	for y := range grid {
		grid[y] = make([]bool, n)
		for x := range grid[y] {
			r, _, _, _ := img.At(x*qrScale+qrScale/2, y*qrScale+qrScale/2).RGBA()
			grid[y][x] = r < 0x8000
		}
	}
	return grid
}

func TestQRCodeOnTheTerminalAndErrors(t *testing.T) {
	config, id, url := qrSite(t)
	code, stdout, _ := vitrine("--config", config, "link", "qr", id)
	if code != 0 || !strings.Contains(stdout, "█") || !strings.Contains(stdout, url) {
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
