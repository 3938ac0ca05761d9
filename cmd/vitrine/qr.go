package main

import (
	"context"
	"io"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"

	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/qrcode"
	"github.com/vitrine/vitrine/internal/safefile"
)

func (a *app) linkQRCommand() *cobra.Command {
	var out string
	c := &cobra.Command{
		Use:   "qr ID",
		Short: "Print a link's URL as a QR code, or write it to a PNG or SVG file",
		Long: `Print the URL of link ID as a QR code in the terminal, or write it to a PNG
or SVG file for an offer, an invoice or the site sign. Only an active link
gets a code.

ID is the link's id, its URL, or the start of its id as vitrine link list
shows it.`,
		Example: `  vitrine link qr 0b6c1f5e
  vitrine link qr 0b6c1f5e --out mueller.png
  vitrine link qr 0b6c1f5e --out mueller.svg`,
		Args:              argCount(1, 1),
		ValidArgsFunction: a.completeLink,
		RunE: func(c *cobra.Command, args []string) error {
			return a.linkQR(c.Context(), args[0], out)
		},
	}
	c.Flags().StringVar(&out, "out", "", "write the code to `FILE`.png or FILE.svg; default: print it in the terminal")
	_ = c.MarkFlagFilename("out", "png", "svg")
	return c
}

func (a *app) linkQR(ctx context.Context, arg, out string) error {
	ext := strings.ToLower(filepath.Ext(out))
	if out != "" && ext != ".png" && ext != ".svg" {
		return usagef("--out %q: name a .png or .svg file", out)
	}
	cfg, _, p, id, err := a.findLink(arg)
	if err != nil {
		return err
	}
	// A code printed on an offer outlives the command: one that leads to
	// a page that is gone is worse than none, so an ended link gets none.
	now, loc := a.now(), cfg.Location()
	if l := p.Links.Find(id); l.StateAt(now, loc) != links.Active {
		return endedError(p, l, now, loc, "gets no QR code", nil) // l is not active: no refusal to pass on
	}
	url := cfg.LinkURL(id)
	switch ext {
	case ".png":
		err = writeImage(ctx, out, url, qrcode.PNG)
	case ".svg":
		err = writeImage(ctx, out, url, qrcode.SVG)
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
		return a.emit(map[string]string{"id": id, "url": url, "file": out})
	}
	if out != "" {
		a.printf("Wrote the QR code of %s to %s; print it at least 2 cm wide.\n", termSafe(url), termSafe(out))
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
