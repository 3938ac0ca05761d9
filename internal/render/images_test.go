package render

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
)

// gpsMarker stands for the position of the customer's home in a photo's
// GPS IFD; it must not survive publishing.
const gpsMarker = "GPS-51.9607N-7.6261E-MUSTERSTRASSE"

// withExif returns jpg with an APP1 Exif segment spliced in after SOI: a
// big-endian TIFF whose IFD0 holds Orientation and a pointer to a GPS IFD
// that carries gpsMarker, as phones write it.
func withExif(jpg []byte, orientation uint16) []byte {
	be := binary.BigEndian
	var t []byte
	t = append(t, "MM\x00\x2a"...)
	t = be.AppendUint32(t, 8) // IFD0
	t = be.AppendUint16(t, 2) // entries
	t = be.AppendUint16(t, 0x0112)
	t = be.AppendUint16(t, 3)
	t = be.AppendUint32(t, 1)
	t = be.AppendUint16(t, orientation)
	t = be.AppendUint16(t, 0)
	t = be.AppendUint16(t, 0x8825) // GPS IFD pointer
	t = be.AppendUint16(t, 4)
	t = be.AppendUint32(t, 1)
	t = be.AppendUint32(t, 38)
	t = be.AppendUint32(t, 0) // no next IFD
	t = be.AppendUint16(t, 1) // GPS IFD at 38: one entry
	t = be.AppendUint16(t, 0x0002)
	t = be.AppendUint16(t, 2) // ASCII
	t = be.AppendUint32(t, uint32(len(gpsMarker)+1))
	t = be.AppendUint32(t, 56)
	t = be.AppendUint32(t, 0)
	t = append(append(t, gpsMarker...), 0)

	seg := append([]byte("Exif\x00\x00"), t...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, 0xFF, 0xE1)
	out = be.AppendUint16(out, uint16(len(seg)+2))
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// halves is a w×h image, red on the left half and blue on the right.
func halves(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{255, 0, 0, 255}
			if x >= w/2 {
				c = color.RGBA{0, 0, 255, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	return img
}

func TestPhotoExifIsAppliedAndStripped(t *testing.T) {
	in := withExif(encodeJPEG(t, halves(40, 20)), 6)
	if !bytes.Contains(in, []byte(gpsMarker)) || jpegOrientation(in) != 6 {
		t.Fatal("test input lacks its Exif segment")
	}
	if cfg, err := decodeConfig(in); err != nil || cfg.Width != 40 {
		t.Fatalf("test input does not decode: %v", err)
	}
	dir := fstest.MapFS{"photos/bad.jpg": {Data: in}}
	p := project.Photo{File: "photos/bad.jpg"}
	ph, err := newPhotoMemo().photo(t.Context(), dir, p)
	if err != nil {
		t.Fatal(err)
	}
	out := ph.file.Body
	for _, leak := range []string{gpsMarker, "Exif", "MM\x00\x2a"} {
		if bytes.Contains(out, []byte(leak)) {
			t.Errorf("published photo contains %q", leak)
		}
	}
	img, format, err := image.Decode(bytes.NewReader(out))
	if err != nil || format != "jpeg" {
		t.Fatalf("published photo: %v, format %q", err, format)
	}
	if b := img.Bounds(); b.Dx() != 20 || b.Dy() != 40 || ph.width != 20 || ph.height != 40 {
		t.Errorf("published photo is %v (announced %d×%d), want 20×40", b, ph.width, ph.height)
	}
	// Turned clockwise, the left (red) half is now on top.
	if r, _, b, _ := img.At(10, 5).RGBA(); r < b {
		t.Error("top of the upright photo is not red: rotated the wrong way")
	}
	if r, _, b, _ := img.At(10, 35).RGBA(); b < r {
		t.Error("bottom of the upright photo is not blue: rotated the wrong way")
	}
	again, err := newPhotoMemo().photo(t.Context(), dir, p)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(out, again.file.Body) {
		t.Error("rendering the photo twice gave different bytes")
	}
}

func decodeConfig(b []byte) (image.Config, error) {
	cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
	return cfg, err
}

// TestOrient checks every EXIF orientation by where the stored corners end
// up: the displayed top-left and top-right pixel pin down the transform.
func TestOrient(t *testing.T) {
	tl, tr, bl, br := color.RGBA{1, 0, 0, 255}, color.RGBA{2, 0, 0, 255}, color.RGBA{3, 0, 0, 255}, color.RGBA{4, 0, 0, 255}
	src := image.NewRGBA(image.Rect(0, 0, 3, 2))
	src.SetRGBA(0, 0, tl)
	src.SetRGBA(2, 0, tr)
	src.SetRGBA(0, 1, bl)
	src.SetRGBA(2, 1, br)
	cases := []struct {
		o              int
		topLeft, topRt color.RGBA
		w, h           int
	}{
		{1, tl, tr, 3, 2}, {2, tr, tl, 3, 2}, {3, br, bl, 3, 2}, {4, bl, br, 3, 2},
		{5, tl, bl, 2, 3}, {6, bl, tl, 2, 3}, {7, br, tr, 2, 3}, {8, tr, br, 2, 3},
	}
	for _, c := range cases {
		got := orient(src, c.o)
		if got.Rect.Dx() != c.w || got.Rect.Dy() != c.h {
			t.Errorf("orientation %d: size %v, want %d×%d", c.o, got.Rect, c.w, c.h)
			continue
		}
		if a, b := got.RGBAAt(0, 0), got.RGBAAt(c.w-1, 0); a != c.topLeft || b != c.topRt {
			t.Errorf("orientation %d: top corners %v %v, want %v %v", c.o, a, b, c.topLeft, c.topRt)
		}
	}
}

func TestJPEGOrientationMalformed(t *testing.T) {
	jpg := encodeJPEG(t, halves(8, 8))
	withOrientation := withExif(jpg, 6)
	for name, data := range map[string][]byte{
		"no exif":           jpg,
		"not a jpeg":        []byte("GIF89a"),
		"truncated segment": withOrientation[:30],
		"bad orientation":   withExif(jpg, 9),
		"empty":             nil,
	} {
		if o := jpegOrientation(data); o != 1 {
			t.Errorf("%s: orientation %d, want 1", name, o)
		}
	}
}

func TestPhotoFormats(t *testing.T) {
	lossy, err := os.ReadFile("testdata/lossy.webp")
	if err != nil {
		t.Fatal(err)
	}
	alpha, err := os.ReadFile("testdata/alpha.webp")
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		src, path, format string
		data              []byte
		w, h              int
	}{
		{"photos/gross.png", "photos/gross.png", "png", encodePNG(t, pattern(3000, 1000)), 2048, 683},
		{"photos/hoch.jpeg", "photos/hoch.jpg", "jpeg", encodeJPEG(t, pattern(1000, 4096)), 500, 2048},
		{"photos/klein.jpg", "photos/klein.jpg", "jpeg", encodeJPEG(t, pattern(64, 48)), 64, 48},
		{"photos/lossy.webp", "photos/lossy.jpg", "jpeg", lossy, 150, 103},
		{"photos/alpha.webp", "photos/alpha.jpg", "jpeg", alpha, 0, 0},
	}
	for _, c := range cases {
		ph, err := newPhotoMemo().photo(t.Context(), fstest.MapFS{c.src: {Data: c.data}}, project.Photo{File: c.src})
		if err != nil {
			t.Errorf("%s: %v", c.src, err)
			continue
		}
		cfg, format, err := image.DecodeConfig(bytes.NewReader(ph.file.Body))
		if err != nil || format != c.format || ph.file.Path != c.path || ph.file.ContentType != "image/"+c.format {
			t.Errorf("%s: published %s as %s (%s), err %v; want %s as %s", c.src, ph.file.Path, format, ph.file.ContentType, err, c.path, c.format)
		}
		if c.w > 0 && (cfg.Width != c.w || cfg.Height != c.h || ph.width != c.w || ph.height != c.h) {
			t.Errorf("%s: %d×%d (announced %d×%d), want %d×%d", c.src, cfg.Width, cfg.Height, ph.width, ph.height, c.w, c.h)
		}
	}
}

// TestPhotoTransparencyOnWhite checks that a WebP's transparent corner
// becomes white in the JPEG, not black.
func TestPhotoTransparencyOnWhite(t *testing.T) {
	data, err := os.ReadFile("testdata/alpha.webp")
	if err != nil {
		t.Fatal(err)
	}
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	if _, _, _, a := src.At(0, 0).RGBA(); a != 0 {
		t.Fatal("test image's corner is not transparent")
	}
	ph, err := newPhotoMemo().photo(t.Context(), fstest.MapFS{"photos/a.webp": {Data: data}}, project.Photo{File: "photos/a.webp"})
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := image.Decode(bytes.NewReader(ph.file.Body))
	if err != nil {
		t.Fatal(err)
	}
	if r, g, b, _ := img.At(0, 0).RGBA(); r < 0xf000 || g < 0xf000 || b < 0xf000 {
		t.Errorf("transparent corner became %x %x %x, want white", r, g, b)
	}
}

func TestPhotoProblems(t *testing.T) {
	jpg := encodeJPEG(t, pattern(8, 8))
	cases := []struct {
		name   string
		dir    fstest.MapFS
		photos []project.Photo
		want   []string
	}{
		{"heic", fstest.MapFS{"photos/x.heic": {Data: []byte("\x00\x00\x00\x18ftypheic")}},
			[]project.Photo{{File: "photos/x.heic"}},
			[]string{"photos/x.heic: is a HEIC image, which browsers cannot show; convert it to JPEG"}},
		{"heic named jpg", fstest.MapFS{"photos/x.jpg": {Data: []byte("\x00\x00\x00\x18ftypmif1\x00\x00")}},
			[]project.Photo{{File: "photos/x.jpg"}},
			[]string{"photos/x.jpg: is a HEIF image"}},
		{"undecodable", fstest.MapFS{"photos/x.png": {Data: []byte("\x89PNG\r\n\x1a\nbroken")}},
			[]project.Photo{{File: "photos/x.png"}},
			[]string{"photos/x.png: cannot decode image; convert it to JPEG"}},
		{"several at once", fstest.MapFS{"photos/a.heic": {Data: []byte("a")}, "photos/b.tif": {Data: []byte("b")}},
			[]project.Photo{{File: "photos/a.heic"}, {File: "photos/b.tif"}},
			[]string{"photos/a.heic: cannot decode", "photos/b.tif: cannot decode"}},
		{"same published name", fstest.MapFS{"photos/x.jpg": {Data: jpg}, "photos/x.jpeg": {Data: jpg}},
			[]project.Photo{{File: "photos/x.jpg"}, {File: "photos/x.jpeg"}},
			[]string{"photos/x.jpeg: would be published as photos/x.jpg, like photos/x.jpg; rename one of them"}},
	}
	for _, c := range cases {
		_, err := newPhotoMemo().photos(t.Context(), c.dir, c.photos)
		if !problem.Is(err) {
			t.Errorf("%s: got %v, want a problem", c.name, err)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: %q lacks %q", c.name, err, w)
			}
		}
	}
	var p *problem.Problem
	_, err := newPhotoMemo().photos(t.Context(), cases[0].dir, cases[0].photos)
	if !errors.As(err, &p) || p.File != "photos/x.heic" {
		t.Errorf("one undecodable photo: got %#v, want a *problem.Problem naming it", err)
	}
}

func TestPhotoOutsideItsFolder(t *testing.T) {
	for _, f := range []string{"../secret.jpg", "internal/x.jpg", "photos/../links.yaml", "/photos/x.jpg"} {
		if _, err := newPhotoMemo().photo(t.Context(), fstest.MapFS{}, project.Photo{File: f}); err == nil {
			t.Errorf("photo %q accepted", f)
		}
	}
}
