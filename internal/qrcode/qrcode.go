// Package qrcode draws a link's URL as a QR code for offers, invoices and
// the office desk: as PNG, as SVG and with block characters for a
// terminal. All three are drawn from the same module matrix, so they show
// the same code, and the PNG needs no image library beyond the standard
// one.
package qrcode

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"

	qrcode "github.com/yeqown/go-qrcode/v2"
)

const (
	quiet = 4  // modules of white border the standard asks for
	scale = 10 // PNG pixels per module: about 4 cm wide at 300 dpi
)

// PNG returns the code of url as a two-colour PNG image with 10 pixels per
// module, quiet zone included.
func PNG(url string) ([]byte, error) {
	return draw(url, func(c *code, w io.Writer) error { return c.png(w) })
}

// SVG returns the code of url as an SVG image one millimetre per module,
// quiet zone included, titled with url.
func SVG(url string) ([]byte, error) {
	return draw(url, func(c *code, w io.Writer) error { return c.svg(w, url) })
}

// Terminal writes the code of url with half-block characters, two module
// rows per line. With ansi set it adds escape sequences that set black on
// white: a dark terminal would otherwise show the code inverted, which
// many phones do not read. Set it only when w is a terminal.
func Terminal(w io.Writer, url string, ansi bool) error {
	c, err := encode(url)
	if err != nil {
		return err
	}
	return c.text(w, ansi)
}

// draw encodes url and returns what drawTo writes.
func draw(url string, drawTo func(*code, io.Writer) error) ([]byte, error) {
	c, err := encode(url)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	if err := drawTo(c, &b); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// code is the module matrix of a QR code, quiet zone included: dark[y][x].
type code struct{ dark [][]bool }

// encode encodes text with error correction level M, which survives a
// smudged printout yet keeps a link's code small.
func encode(text string) (*code, error) {
	enc, err := qrcode.NewWith(text, qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium))
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	var m matrixOf
	if err := enc.Save(&m); err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	n := len(m.bits) + 2*quiet
	c := &code{dark: make([][]bool, n)}
	for y := range c.dark {
		c.dark[y] = make([]bool, n)
	}
	for y, row := range m.bits {
		copy(c.dark[y+quiet][quiet:], row)
	}
	return c, nil
}

// matrixOf is a qrcode.Writer that keeps the matrix instead of drawing it.
type matrixOf struct{ bits [][]bool }

func (m *matrixOf) Write(mat qrcode.Matrix) error { m.bits = mat.Bitmap(); return nil }
func (m *matrixOf) Close() error                  { return nil }

func (c *code) size() int { return len(c.dark) }

// png draws the code with scale pixels per module in two colours.
func (c *code) png(w io.Writer) error {
	n := c.size() * scale
	img := image.NewPaletted(image.Rect(0, 0, n, n), color.Palette{color.White, color.Black})
	for y := range n {
		for x := range n {
			if c.dark[y/scale][x/scale] {
				img.SetColorIndex(x, y, 1)
			}
		}
	}
	return png.Encode(w, img)
}

// svg draws the code one millimetre per module, each run of dark modules
// in a row as one rectangle of a single path: small, and sharp at any size.
func (c *code) svg(w io.Writer, title string) error {
	b := bufio.NewWriter(w)
	n := c.size()
	fmt.Fprintf(b, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%dmm" height="%dmm" shape-rendering="crispEdges">
<title>`, n, n, n, n)
	if err := xml.EscapeText(b, []byte(title)); err != nil {
		return err
	}
	fmt.Fprintf(b, "</title>\n<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n<path fill=\"#000\" d=\"", n, n)
	for y, row := range c.dark {
		for x := 0; x < n; {
			if !row[x] {
				x++
				continue
			}
			run := 1
			for x+run < n && row[x+run] {
				run++
			}
			fmt.Fprintf(b, "M%d %dh%dv1h-%dz", x, y, run, run)
			x += run
		}
	}
	b.WriteString("\"/>\n</svg>\n")
	return b.Flush()
}

// text draws the code with half blocks, two module rows per line, black
// on white when ansi is set.
func (c *code) text(w io.Writer, ansi bool) error {
	b := bufio.NewWriter(w)
	n := c.size()
	for y := 0; y < n; y += 2 {
		if ansi {
			b.WriteString("\x1b[30;47m")
		}
		for x := range n {
			top, bottom := c.dark[y][x], y+1 < n && c.dark[y+1][x]
			switch {
			case top && bottom:
				b.WriteString("█")
			case top:
				b.WriteString("▀")
			case bottom:
				b.WriteString("▄")
			default:
				b.WriteString(" ")
			}
		}
		if ansi {
			b.WriteString("\x1b[0m")
		}
		b.WriteString("\n")
	}
	return b.Flush()
}
