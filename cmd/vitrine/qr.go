package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"

	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/qrcode"
	"github.com/vitrine/vitrine/internal/safefile"
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
	switch ext {
	case ".png":
		err = writeImage(ctx, *out, url, qrcode.PNG)
	case ".svg":
		err = writeImage(ctx, *out, url, qrcode.SVG)
	default:
		if a.json {
			break
		}
		if err := qrcode.Terminal(a.stdout, url, isTerminal(a.stdout)); err != nil {
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

// writeImage writes the code of url, drawn by draw, to the file name.
func writeImage(ctx context.Context, name, url string, draw func(string) ([]byte, error)) error {
	img, err := draw(url)
	if err != nil {
		return err
	}
	return safefile.Write(ctx, name, 0o644, func(w io.Writer) error {
		_, err := w.Write(img)
		return err
	})
}
