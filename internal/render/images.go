package render

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
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
	// maxPixels refuses images whose decoding alone would take too much
	// memory. Phones and system cameras write 12 to 50 megapixels; decoded
	// at 16 bits per channel, 50 megapixels take 400 MB, which the budget
	// for decoding (decodeBytes) still holds. Larger images are scans or
	// stitched panoramas, which are not published at more than maxEdge
	// anyway.
	maxPixels = 50_000_000
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
	// kernelBytes is what x/image/draw's kernel scalers hold per pixel of
	// destination width times source height: four float64 channels.
	kernelBytes = 32
)

// rendition is a photo as published: the large version, and a thumbnail
// when the large one is bigger than a thumbnail needs to be. It depends on
// the photo file only, so every link that shows the photo shares it.
type rendition struct {
	file          File
	width, height int
	thumb         *File
	// thumbWidth and thumbHeight are the thumbnail's size, or the large
	// version's when there is no thumbnail.
	thumbWidth, thumbHeight int
}

// size is the memory the rendition's bytes take.
func (r *rendition) size() int64 {
	n := len(r.file.Body)
	if r.thumb != nil {
		n += len(r.thumb.Body)
	}
	return int64(n)
}

// photo is a photo of the View as published.
type photo struct {
	src project.Photo
	rendition
}

// thumbHref is the URL the gallery shows.
func (p *photo) thumbHref() string {
	if p.thumb != nil {
		return href(p.thumb.Path)
	}
	return href(p.file.Path)
}

// photos publishes the View's photos. Photos that cannot be published
// are reported together, so the user sees all of them at once.
func (m *photoMemo) photos(ctx context.Context, dir fs.FS, photos []project.Photo) ([]photo, error) {
	out := make([]photo, 0, len(photos))
	var problems problem.List
	taken := make(claims, len(photos))
	for _, p := range photos {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		ph, err := m.photo(ctx, dir, p)
		if problems.Add(err) {
			continue
		}
		if err != nil {
			return nil, err
		}
		if clash := taken.claim(ph.file.Path, p.File); clash != nil {
			problems = append(problems, clash)
			continue
		}
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

// photo publishes one photo of the View.
func (m *photoMemo) photo(ctx context.Context, dir fs.FS, p project.Photo) (photo, error) {
	if err := checkAsset(p.File, "photos/"); err != nil {
		return photo{}, err
	}
	r, err := m.publish(ctx, dir, p.File)
	return photo{src: p, rendition: r}, err
}

// decode reads the photo name and publishes it. Its header is read first,
// so that an image too large is refused, and the others wait for their
// share of decodeBytes, before any pixel takes memory.
func (m *photoMemo) decode(ctx context.Context, dir fs.FS, name string) (rendition, error) {
	f, err := dir.Open(name)
	if err != nil {
		return rendition{}, fmt.Errorf("read photo: %w", err)
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return rendition{}, fmt.Errorf("read photo: %w", err)
	}
	// data keeps what the header took, as the start of the file.
	var data bytes.Buffer
	cfg, format, err := image.DecodeConfig(io.TeeReader(f, &data))
	if err != nil {
		return rendition{}, undecodable(name, data.Bytes())
	}
	if px := int64(cfg.Width) * int64(cfg.Height); px > maxPixels {
		return rendition{}, &problem.Problem{
			File: name,
			Msg: fmt.Sprintf("image is %d×%d pixels (%.1f megapixels), more than the %d megapixels vitrine publishes",
				cfg.Width, cfg.Height, float64(px)/1e6, maxPixels/1_000_000),
			Hint: fmt.Sprintf("export it smaller, e.g. at most 6000 pixels on the long edge (the page shows it at %d)", maxEdge),
		}
	}
	cost := min(decodeCost(cfg, fi.Size()), decodeBytes)
	if err := m.decoding.Acquire(ctx, cost); err != nil {
		return rendition{}, err
	}
	defer m.decoding.Release(cost)
	// The size is a hint: a file system may report none.
	data.Grow(max(0, int(fi.Size())-data.Len()) + bytes.MinRead)
	if _, err := data.ReadFrom(f); err != nil {
		return rendition{}, fmt.Errorf("read photo: %w", err)
	}
	return render(name, data.Bytes(), format)
}

// decodeCost estimates the bytes that publishing a photo holds at once:
// the file, its pixels as decoded, and the scratch images of scaling (see
// upright and thumbnail).
func decodeCost(cfg image.Config, fileSize int64) int64 {
	w, h := cfg.Width, cfg.Height
	cost := fileSize + int64(w)*int64(h)*bytesPerPixel(cfg.ColorModel)
	k := shrinkFactor(w, h)
	lw, lh := scaled(w, h, largeScale(w, h))
	long := int64(max(lw, lh))
	// The shrunk copy, the kernel's rows (for the longer edge, as the photo
	// may be turned), and the large version in RGBA: scaled, turned and
	// flattened onto white.
	cost += 4*int64(w/k)*int64(h/k) + kernelBytes*long*int64(max(h, w)/k) + 3*4*int64(lw)*int64(lh)
	tw, th := scaled(lw, lh, thumbScale(lw, lh))
	return cost + kernelBytes*int64(max(tw, th))*long
}

// bytesPerPixel is the memory a decoder takes per pixel for an image of
// color model m.
func bytesPerPixel(m color.Model) int64 {
	if _, ok := m.(color.Palette); ok {
		return 1
	}
	switch m {
	case color.GrayModel, color.AlphaModel:
		return 1
	case color.Gray16Model, color.Alpha16Model:
		return 2
	case color.YCbCrModel: // at most: subsampled chroma takes less
		return 3
	case color.RGBAModel, color.NRGBAModel, color.NYCbCrAModel:
		return 4
	}
	return 8 // 16 bits per channel, CMYK with its planes, or unknown
}

// render turns a photo upright, scales it down and encodes it afresh.
// Encoding from pixels is what strips every byte of metadata: EXIF with
// the GPS position of the customer's home, camera serial numbers,
// thumbnails of the uncropped original.
func render(name string, data []byte, format string) (rendition, error) {
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return rendition{}, &problem.Problem{File: name, Msg: "cannot decode image: " + err.Error(), Hint: "convert it to JPEG"}
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
	large := File{Path: published(strings.TrimSuffix(name, path.Ext(name))) + ext, ContentType: ctype}
	if large.Body, err = encode(img, ctype, jpegQuality); err != nil {
		return rendition{}, fmt.Errorf("encode %s: %w", name, err)
	}
	b := img.Bounds()
	r := rendition{file: large, width: b.Dx(), height: b.Dy(), thumbWidth: b.Dx(), thumbHeight: b.Dy()}
	// The thumbnail is scaled from the upright large version, so that each
	// photo is decoded once, and turned once.
	if small := thumbnail(img); small != nil {
		thumb := File{Path: thumbDir + path.Base(large.Path), ContentType: ctype}
		if thumb.Body, err = encode(small, ctype, thumbQuality); err != nil {
			return rendition{}, fmt.Errorf("encode thumbnail of %s: %w", name, err)
		}
		r.thumb = &thumb
		r.thumbWidth, r.thumbHeight = small.Rect.Dx(), small.Rect.Dy()
	}
	return r, nil
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
	scale := thumbScale(b.Dx(), b.Dy())
	if scale >= 1 {
		return nil
	}
	w, h := scaled(b.Dx(), b.Dy(), scale)
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	// Bilinear is half the work of Catmull-Rom, and as x/image widens the
	// kernel with the scale, still free of aliasing: at 480 pixels the two
	// cannot be told apart.
	draw.BiLinear.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

// thumbScale is the scale of a w×h image's thumbnail; 1 or more means it
// needs none.
func thumbScale(w, h int) float64 {
	return min(float64(thumbEdge)/float64(min(w, h)), float64(2*thumbEdge)/float64(max(w, h)))
}

// largeScale is the scale of a w×h image's large version: at most maxEdge
// long, and never enlarged.
func largeScale(w, h int) float64 {
	return min(1, float64(maxEdge)/float64(max(w, h)))
}

// scaled is the size of a w×h image scaled by s, at least one pixel.
func scaled(w, h int, s float64) (int, int) {
	return max(1, int(math.Round(float64(w)*s))), max(1, int(math.Round(float64(h)*s)))
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
	scale := largeScale(b.Dx(), b.Dy())
	if scale == 1 && orientation == 1 {
		return img
	}
	dst := image.NewRGBA(image.Rectangle{Max: image.Pt(scaled(b.Dx(), b.Dy(), scale))})
	if scale == 1 {
		draw.Draw(dst, dst.Bounds(), img, b.Min, draw.Src)
		return orient(dst, orientation)
	}
	src, sr := img, b
	// Every decoder vitrine registers returns an image.RGBA64Image.
	if s, ok := img.(image.RGBA64Image); ok && shrinkFactor(b.Dx(), b.Dy()) > 1 {
		small := shrink(s, shrinkFactor(b.Dx(), b.Dy()))
		src, sr = small, small.Rect
	}
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, sr, draw.Src, nil)
	return orient(dst, orientation)
}

// shrinkFactor is the whole factor by which upright first averages a w×h
// image down, to between one and two times maxEdge; 1 for none.
func shrinkFactor(w, h int) int {
	return max(1, max(w, h)/maxEdge)
}

// shrink averages each k×k block of img into one pixel. The kernel that
// scales to maxEdge holds 32 bytes per pixel of destination width times
// source height: 460 MB for a 7000×7000 photo, a sixth of that after
// shrinking by 3. Averaging whole blocks loses nothing a kernel would keep.
// The last columns and rows that make no whole block (fewer than k, a
// fraction of a published pixel) are left out.
func shrink(img image.RGBA64Image, k int) *image.RGBA {
	b := img.Bounds()
	w, h := b.Dx()/k, b.Dy()/k
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	sum := make([]uint64, 4*w)
	n := uint64(k * k)
	for y := range h {
		clear(sum)
		for sy := b.Min.Y + y*k; sy < b.Min.Y+(y+1)*k; sy++ {
			for x := range w * k {
				c := img.RGBA64At(b.Min.X+x, sy)
				s := sum[x/k*4:][:4]
				s[0] += uint64(c.R)
				s[1] += uint64(c.G)
				s[2] += uint64(c.B)
				s[3] += uint64(c.A)
			}
		}
		row := dst.Pix[y*dst.Stride:][:4*w]
		for i, s := range sum {
			row[i] = uint8(s / n >> 8) // premultiplied 16 to 8 bits, as color.RGBAModel
		}
	}
	return dst
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
