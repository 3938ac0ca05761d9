package qrcode

import (
	"bytes"
	"encoding/xml"
	"errors"
	"image/png"
	"io"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/qrcode/qrtest"
)

// url is a link whose eight masks score differently: the library breaks
// a tie by the order in which its goroutines finish, so that for some
// texts the chosen mask, and so the code, varies from run to run.
const url = "https://projekte.example.de/p/0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e21/"

func TestPNGDecodesToURL(t *testing.T) {
	img, err := PNG(url)
	if err != nil {
		t.Fatal(err)
	}
	if got := qrtest.Decode(t, img); got != url {
		t.Fatalf("the PNG decodes to %q, want %q", got, url)
	}
}

// TestSVGAndTerminalMatchPNG checks that the SVG is well-formed XML and
// that SVG and terminal show exactly the modules of the PNG, which ZBar
// reads back to the URL.
func TestSVGAndTerminalMatchPNG(t *testing.T) {
	img, err := PNG(url)
	if err != nil {
		t.Fatal(err)
	}
	svg, err := SVG(url)
	if err != nil {
		t.Fatal(err)
	}
	var text bytes.Buffer
	if err := Terminal(&text, url, false); err != nil {
		t.Fatal(err)
	}
	fromSVG := svgModules(t, svg)
	fromPNG := pngModules(t, img, len(fromSVG))
	fromText := textModules(t, text.String(), len(fromSVG))
	for y := range fromSVG {
		if !slices.Equal(fromSVG[y], fromPNG[y]) {
			t.Fatalf("row %d differs between SVG and PNG", y)
		}
		if !slices.Equal(fromText[y], fromPNG[y]) {
			t.Fatalf("row %d differs between terminal and PNG", y)
		}
	}
	// The finder pattern's corner proves the matrix is not blank.
	if !fromSVG[quiet][quiet] || fromSVG[0][0] {
		t.Fatal("no finder pattern inside a quiet zone")
	}
	if !strings.Contains(string(svg), "<title>"+url+"</title>") {
		t.Error("the SVG is not titled with the URL")
	}
}

// svgModules parses the SVG (failing on any XML error) and returns its
// modules from the viewBox and the path's rectangles.
func svgModules(t *testing.T, data []byte) [][]bool {
	t.Helper()
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
	grid := grid(n)
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
func pngModules(t *testing.T, data []byte, n int) [][]bool {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != n*scale || img.Bounds().Dy() != n*scale {
		t.Fatalf("PNG is %v, want %d modules of %d pixels", img.Bounds(), n, scale)
	}
	grid := grid(n)
	for y := range grid {
		for x := range grid[y] {
			r, _, _, _ := img.At(x*scale+scale/2, y*scale+scale/2).RGBA()
			grid[y][x] = r < 0x8000
		}
	}
	return grid
}

// textModules reads the half blocks of the terminal drawing back into
// n×n modules, two rows per line.
func textModules(t *testing.T, text string, n int) [][]bool {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(text, "\n"), "\n")
	if len(lines) != (n+1)/2 {
		t.Fatalf("the terminal drawing has %d lines, want %d", len(lines), (n+1)/2)
	}
	grid := grid(n)
	for i, line := range lines {
		cells := []rune(line)
		if len(cells) != n {
			t.Fatalf("line %d is %d characters wide, want %d", i, len(cells), n)
		}
		for x, r := range cells {
			grid[2*i][x] = r == '█' || r == '▀'
			lower := r == '█' || r == '▄'
			if 2*i+1 < n {
				grid[2*i+1][x] = lower
			} else if lower {
				t.Fatalf("line %d draws below the code", i)
			}
		}
	}
	return grid
}

func grid(n int) [][]bool {
	g := make([][]bool, n)
	for y := range g {
		g[y] = make([]bool, n)
	}
	return g
}

// TestTerminalColours checks that escape sequences appear only when asked
// for, and then on every line, so that no line shows inverted.
func TestTerminalColours(t *testing.T) {
	var plain, ansi bytes.Buffer
	if err := Terminal(&plain, url, false); err != nil {
		t.Fatal(err)
	}
	if err := Terminal(&ansi, url, true); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b") {
		t.Error("escape sequences without ansi")
	}
	lines := strings.Split(strings.TrimSuffix(ansi.String(), "\n"), "\n")
	for i, line := range lines {
		if !strings.HasPrefix(line, "\x1b[30;47m") || !strings.HasSuffix(line, "\x1b[0m") {
			t.Fatalf("line %d is not set black on white: %q", i, line)
		}
	}
	if got := strings.NewReplacer("\x1b[30;47m", "", "\x1b[0m", "").Replace(ansi.String()); got != plain.String() {
		t.Error("with ansi the drawing differs from the plain one")
	}
}

// TestTooLong checks that a text beyond a QR code's capacity is an error,
// not a code that cuts it off.
func TestTooLong(t *testing.T) {
	long := "https://projekte.example.de/" + strings.Repeat("x", 5000)
	if _, err := PNG(long); err == nil {
		t.Error("PNG of 5000 characters: no error")
	}
	if err := Terminal(io.Discard, long, false); err == nil {
		t.Error("Terminal of 5000 characters: no error")
	}
}
