package main

import (
	"bufio"
	"context"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"path/filepath"
	"strings"

	qrcode "github.com/yeqown/go-qrcode/v2"

	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/safefile"
)

// QR codes are drawn from the library's module matrix here, so that PNG,
// SVG and terminal show the same modules, and the PNG needs no image
// library beyond the standard one.
const (
	qrQuiet = 4  // modules of white border the standard asks for
	qrScale = 10 // PNG pixels per module: about 4 cm wide at 300 dpi
)

func cmdLinkQR(ctx context.Context, a *app, args []string) error {
	fs := a.flags("link qr")
	out := fs.String("out", "", "write the code to `FILE`.png or FILE.svg instead of the terminal")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("usage: vitrine link qr ID [--out FILE.png|FILE.svg]")
	}
	ext := strings.ToLower(filepath.Ext(*out))
	if *out != "" && ext != ".png" && ext != ".svg" {
		return usagef("--out %q: name a .png or .svg file", *out)
	}
	cfg, _, p, err := a.findLink(pos[0])
	if err != nil {
		return err
	}
	id := strings.ToLower(pos[0])
	// A code printed on an offer outlives the command: one that leads to
	// a page that is gone is worse than none, so an ended link gets none.
	now, loc := a.now(), cfg.Location()
	if l := p.Links.Find(id); l.StateAt(now, loc) != links.Active {
		return endedError(p, l, now, loc, "gets no QR code", nil) // l is not active: no refusal to pass on
	}
	url := cfg.LinkURL(id)
	code, err := newQR(url)
	if err != nil {
		return err
	}
	switch ext {
	case ".png":
		err = safefile.Write(ctx, *out, 0o644, code.png)
	case ".svg":
		err = safefile.Write(ctx, *out, 0o644, func(w io.Writer) error { return code.svg(w, url) })
	default:
		if a.json {
			break
		}
		if err := code.text(a.stdout, isTerminal(a.stdout)); err != nil {
			return err
		}
		a.printf("%s\n", termSafe(url))
	}
	if err != nil {
		return err
	}
	if a.json {
		return a.emit(map[string]string{"id": id, "url": url, "file": *out})
	}
	if *out != "" {
		a.printf("Wrote the QR code of %s to %s; print it at least 2 cm wide.\n", termSafe(url), termSafe(*out))
	}
	return nil
}

// qr is the module matrix of a QR code, quiet zone included: dark[y][x].
type qr struct{ dark [][]bool }

// newQR encodes text with error correction level M, which survives a
// smudged printout yet keeps a link's code small.
func newQR(text string) (*qr, error) {
	enc, err := qrcode.NewWith(text, qrcode.WithErrorCorrectionLevel(qrcode.ErrorCorrectionMedium))
	if err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	var m matrixOf
	if err := enc.Save(&m); err != nil {
		return nil, fmt.Errorf("qr code: %w", err)
	}
	n := len(m.bits) + 2*qrQuiet
	q := &qr{dark: make([][]bool, n)}
	for y := range q.dark {
		q.dark[y] = make([]bool, n)
	}
	for y, row := range m.bits {
		copy(q.dark[y+qrQuiet][qrQuiet:], row)
	}
	return q, nil
}

// matrixOf is a qrcode.Writer that keeps the matrix instead of drawing it.
type matrixOf struct{ bits [][]bool }

func (m *matrixOf) Write(mat qrcode.Matrix) error { m.bits = mat.Bitmap(); return nil }
func (m *matrixOf) Close() error                  { return nil }

func (q *qr) size() int { return len(q.dark) }

// png draws the code with qrScale pixels per module in two colours.
func (q *qr) png(w io.Writer) error {
	n := q.size() * qrScale
	img := image.NewPaletted(image.Rect(0, 0, n, n), color.Palette{color.White, color.Black})
	for y := range n {
		for x := range n {
			if q.dark[y/qrScale][x/qrScale] {
				img.SetColorIndex(x, y, 1)
			}
		}
	}
	return png.Encode(w, img)
}

// svg draws the code one millimetre per module, each run of dark modules
// in a row as one rectangle of a single path: small, and sharp at any size.
func (q *qr) svg(w io.Writer, title string) error {
	b := bufio.NewWriter(w)
	n := q.size()
	fmt.Fprintf(b, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="%dmm" height="%dmm" shape-rendering="crispEdges">
<title>`, n, n, n, n)
	if err := xml.EscapeText(b, []byte(title)); err != nil {
		return err
	}
	fmt.Fprintf(b, "</title>\n<rect width=\"%d\" height=\"%d\" fill=\"#fff\"/>\n<path fill=\"#000\" d=\"", n, n)
	for y, row := range q.dark {
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

// text draws the code with half blocks, two module rows per line. On a
// terminal it sets black on white, since a dark terminal would otherwise
// show the code inverted, which many phones do not read.
func (q *qr) text(w io.Writer, terminal bool) error {
	b := bufio.NewWriter(w)
	n := q.size()
	for y := 0; y < n; y += 2 {
		if terminal {
			b.WriteString("\x1b[30;47m")
		}
		for x := range n {
			top, bottom := q.dark[y][x], y+1 < n && q.dark[y+1][x]
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
		if terminal {
			b.WriteString("\x1b[0m")
		}
		b.WriteString("\n")
	}
	return b.Flush()
}
