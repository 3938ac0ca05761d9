package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"
	"io/fs"
	"math"
	"path"
	"strings"

	"golang.org/x/image/draw"
	_ "golang.org/x/image/webp" // registers the WebP decoder with image.Decode

	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
)

const (
	// maxEdge is the longest edge of a published photo: sharp on any screen,
	// a few hundred kilobytes on a phone's data plan.
	maxEdge = 2048
	// maxPixels refuses images whose decoding alone would need gigabytes.
	maxPixels = 100_000_000
	// jpegQuality is visually lossless for photos at a fraction of the size.
	jpegQuality = 85
	// thumbEdge is the shorter edge of a thumbnail: the gallery crops each
	// photo to a cell of at most 480 pixels on a phone's dense screen or a
	// desktop's three columns.
	thumbEdge = 480
	// thumbQuality is enough for a small preview that links to the photo.
	thumbQuality = 80
	// thumbDir holds the thumbnails. Photos come only from the top of
	// photos/, so no photo can be published under this folder.
	thumbDir = "photos/thumbs/"
)

// photo is a photo of the View as published: the large version, and a
// thumbnail when the large one is bigger than a thumbnail needs to be.
type photo struct {
	src           project.Photo
	file          File
	width, height int
	thumb         *File
	// thumbWidth and thumbHeight are the thumbnail's size, or the large
	// version's when there is no thumbnail.
	thumbWidth, thumbHeight int
}

// thumbHref is the URL the gallery shows.
func (p *photo) thumbHref() string {
	if p.thumb != nil {
		return href(p.thumb.Path)
	}
	return href(p.file.Path)
}

// renderPhotos re-encodes the View's photos. Photos that cannot be
// published are reported together, so the user sees all of them at once.
func renderPhotos(ctx context.Context, dir fs.FS, photos []project.Photo) ([]photo, error) {
	out := make([]photo, 0, len(photos))
	var problems problem.List
	published := make(map[string]string, len(photos)) // published path → source
	for _, p := range photos {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ph, err := renderPhoto(dir, p)
		var pr *problem.Problem
		if errors.As(err, &pr) {
			problems = append(problems, pr)
			continue
		}
		if err != nil {
			return nil, err
		}
		if prev, taken := published[ph.file.Path]; taken {
			problems = append(problems, &problem.Problem{
				File: p.File,
				Msg:  fmt.Sprintf("would be published as %s, like %s", ph.file.Path, prev),
				Hint: "rename one of them",
			})
			continue
		}
		published[ph.file.Path] = p.File
		out = append(out, ph)
	}
	switch len(problems) {
	case 0:
		return out, nil
	case 1: // as itself, so that errors.As finds the *problem.Problem
		return nil, problems[0]
	}
	return nil, problems
}

// renderPhoto decodes one photo, turns it upright, scales it down and
// encodes it afresh. Encoding from pixels is what strips every byte of
// metadata: EXIF with the GPS position of the customer's home, camera
// serial numbers, thumbnails of the uncropped original.
func renderPhoto(dir fs.FS, p project.Photo) (photo, error) {
	if err := checkAsset(p.File, "photos/"); err != nil {
		return photo{}, err
	}
	data, err := fs.ReadFile(dir, p.File)
	if err != nil {
		return photo{}, fmt.Errorf("read photo: %w", err)
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return photo{}, undecodable(p.File, data)
	}
	if cfg.Width*cfg.Height > maxPixels {
		return photo{}, &problem.Problem{
			File: p.File,
			Msg:  fmt.Sprintf("image is %d×%d pixels, more than vitrine decodes", cfg.Width, cfg.Height),
			Hint: "scale it down to at most 100 megapixels",
		}
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return photo{}, &problem.Problem{File: p.File, Msg: "cannot decode image: " + err.Error(), Hint: "convert it to JPEG"}
	}
	// PNG and WebP may carry an orientation as well, but cameras and phones
	// write one only into JPEG.
	orientation := 1
	if format == "jpeg" {
		orientation = jpegOrientation(data)
	}
	img = upright(img, orientation)

	ext, ctype := ".jpg", "image/jpeg"
	if format == "png" {
		ext, ctype = ".png", "image/png"
	}
	large := File{Path: strings.TrimSuffix(p.File, path.Ext(p.File)) + ext, ContentType: ctype}
	if large.Body, err = encode(img, ctype, jpegQuality); err != nil {
		return photo{}, fmt.Errorf("encode %s: %w", p.File, err)
	}
	b := img.Bounds()
	ph := photo{src: p, file: large, width: b.Dx(), height: b.Dy(), thumbWidth: b.Dx(), thumbHeight: b.Dy()}
	// The thumbnail is scaled from the upright large version, so that each
	// photo is decoded once, and turned once.
	if small := thumbnail(img); small != nil {
		thumb := File{Path: thumbDir + path.Base(large.Path), ContentType: ctype}
		if thumb.Body, err = encode(small, ctype, thumbQuality); err != nil {
			return photo{}, fmt.Errorf("encode thumbnail of %s: %w", p.File, err)
		}
		ph.thumb = &thumb
		ph.thumbWidth, ph.thumbHeight = small.Rect.Dx(), small.Rect.Dy()
	}
	return ph, nil
}

// encode writes img as PNG or as JPEG of the given quality. Both encoders
// write pixels only, no metadata, and the same pixels give the same bytes.
func encode(img image.Image, ctype string, quality int) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	if ctype == "image/png" {
		err = png.Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, flatten(img), &jpeg.Options{Quality: quality})
	}
	return buf.Bytes(), err
}

// thumbnail scales img so that its shorter edge is thumbEdge (its longer
// at most twice that, for panoramas), or returns nil when img is no
// larger than that already.
func thumbnail(img image.Image) *image.RGBA {
	b := img.Bounds()
	scale := min(float64(thumbEdge)/float64(min(b.Dx(), b.Dy())), float64(2*thumbEdge)/float64(max(b.Dx(), b.Dy())))
	if scale >= 1 {
		return nil
	}
	dst := image.NewRGBA(image.Rect(0, 0, max(1, int(math.Round(float64(b.Dx())*scale))), max(1, int(math.Round(float64(b.Dy())*scale)))))
	// Bilinear is half the work of Catmull-Rom, and as x/image widens the
	// kernel with the scale, still free of aliasing: at 480 pixels the two
	// cannot be told apart.
	draw.BiLinear.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

// isoBrands are the ISO base media formats phones save photos in, by the
// brand in their "ftyp" box: browsers other than Safari cannot show them,
// and Go cannot decode them.
var isoBrands = map[string]string{
	"heic": "HEIC", "heix": "HEIC", "hevc": "HEIC", "heim": "HEIC", "heis": "HEIC",
	"mif1": "HEIF", "msf1": "HEIF", "avif": "AVIF", "avis": "AVIF",
}

// undecodable explains why the photo at name cannot be published. Phones
// save HEIC even under a .jpg name when a photo is shared the wrong way,
// so the content is sniffed, not the name.
func undecodable(name string, data []byte) *problem.Problem {
	if len(data) >= 12 && string(data[4:8]) == "ftyp" {
		if kind, ok := isoBrands[string(data[8:12])]; ok {
			return &problem.Problem{
				File: name,
				Msg:  "is a " + kind + " image, which browsers cannot show",
				Hint: "convert it to JPEG (on an iPhone, Settings › Camera › Formats › Most Compatible takes JPEG photos)",
			}
		}
	}
	return &problem.Problem{File: name, Msg: "cannot decode image", Hint: "convert it to JPEG"}
}

// upright scales img down to maxEdge and applies the EXIF orientation.
// Scaling first keeps the pixel-by-pixel rotation cheap.
func upright(img image.Image, orientation int) image.Image {
	b := img.Bounds()
	scale := min(1, float64(maxEdge)/float64(max(b.Dx(), b.Dy())))
	if scale == 1 && orientation == 1 {
		return img
	}
	w := max(1, int(math.Round(float64(b.Dx())*scale)))
	h := max(1, int(math.Round(float64(b.Dy())*scale)))
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	if scale == 1 {
		draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Src)
	} else {
		draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	}
	return orient(dst, orientation)
}

// orient returns src turned as EXIF orientation o (1–8) prescribes for
// display.
func orient(src *image.RGBA, o int) *image.RGBA {
	if o < 2 || o > 8 {
		return src
	}
	w, h := src.Rect.Dx(), src.Rect.Dy()
	dw, dh := w, h
	if o >= 5 { // the orientations that swap width and height
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range h {
		for x := range w {
			dx, dy := x, y
			switch o {
			case 2: // mirror horizontally
				dx = w - 1 - x
			case 3: // rotate 180°
				dx, dy = w-1-x, h-1-y
			case 4: // mirror vertically
				dy = h - 1 - y
			case 5: // transpose
				dx, dy = y, x
			case 6: // rotate 90° clockwise
				dx, dy = h-1-y, x
			case 7: // transverse
				dx, dy = h-1-y, w-1-x
			case 8: // rotate 90° counter-clockwise
				dx, dy = y, w-1-x
			}
			copy(dst.Pix[dst.PixOffset(dx, dy):][:4], src.Pix[src.PixOffset(x, y):][:4])
		}
	}
	return dst
}

// flatten puts a translucent image (a WebP with alpha) on white, because
// JPEG has no alpha and would otherwise turn transparency black.
func flatten(img image.Image) image.Image {
	if o, ok := img.(interface{ Opaque() bool }); ok && o.Opaque() {
		return img
	}
	b := img.Bounds()
	dst := image.NewRGBA(b)
	draw.Draw(dst, b, image.White, image.Point{}, draw.Src)
	draw.Draw(dst, b, img, b.Min, draw.Over)
	return dst
}
