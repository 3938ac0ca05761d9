package render

import (
	"bytes"
	"encoding/binary"
	"image"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/vitrine/vitrine/internal/access"
	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/project"
)

// jpegMarkers returns the markers of the segments before the image data.
func jpegMarkers(t *testing.T, data []byte) []byte {
	t.Helper()
	if len(data) < 2 || data[0] != 0xFF || data[1] != 0xD8 {
		t.Fatal("not a JPEG")
	}
	var markers []byte
	for i := 2; i+4 <= len(data); {
		if data[i] != 0xFF {
			t.Fatalf("no marker at offset %d", i)
		}
		m := data[i+1]
		markers = append(markers, m)
		if m == 0xDA { // start of scan: image data follows
			return markers
		}
		i += 2 + int(binary.BigEndian.Uint16(data[i+2:]))
	}
	t.Fatal("JPEG without image data")
	return nil
}

// assertNoMetadata fails when a JPEG has any APPn (Exif, XMP, ICC, JFIF
// thumbnails) or comment segment, or carries one of the strings.
func assertNoMetadata(t *testing.T, name string, data []byte, strs ...string) {
	t.Helper()
	for _, m := range jpegMarkers(t, data) {
		if m >= 0xE0 && m <= 0xEF || m == 0xFE {
			t.Errorf("%s has a metadata segment (marker %#x)", name, m)
		}
	}
	for _, s := range strs {
		if bytes.Contains(data, []byte(s)) {
			t.Errorf("%s contains %q", name, s)
		}
	}
}

// TestDemoPhotoWithGPS publishes the demo's vorher.jpg, a phone photo with
// a GPS position, camera details and orientation 6: it must come out
// upright and with no metadata at all.
func TestDemoPhotoWithGPS(t *testing.T) {
	const file = "../../site/projects/2024-017-bad-mueller/photos/vorher.jpg"
	in, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(in))
	if err != nil || jpegOrientation(in) != 6 || !bytes.Contains(in, []byte("Beispiel Phone")) || cfg.Width >= cfg.Height {
		t.Fatalf("%s is no longer a portrait-stored photo with orientation 6 and camera data (%v)", file, err)
	}
	ph, err := newPhotoMemo().photo(t.Context(), fstest.MapFS{"photos/vorher.jpg": {Data: in}}, project.Photo{File: "photos/vorher.jpg"})
	if err != nil {
		t.Fatal(err)
	}
	out := ph.file.Body
	assertNoMetadata(t, "published vorher.jpg", out, "Exif", "Beispiel Phone", "BX-12", "GPS")
	got, _, err := image.DecodeConfig(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	// Turned by 90°, the stored portrait is the landscape the phone showed.
	if got.Width != cfg.Height || got.Height != cfg.Width || ph.width != got.Width || ph.height != got.Height {
		t.Errorf("published %d×%d (announced %d×%d), want %d×%d", got.Width, got.Height, ph.width, ph.height, cfg.Height, cfg.Width)
	}
}

// TestLargePhotoGetsThumbnail checks the two published versions of a big
// phone photo: the large one upright and at most maxEdge, the thumbnail
// scaled from it, both without metadata, and the page showing the
// thumbnail that links to the large one.
func TestLargePhotoGetsThumbnail(t *testing.T) {
	in := withExif(encodeJPEG(t, halves(3000, 2000)), 6)
	dir := fstest.MapFS{"photos/gross.jpeg": {Data: in}}
	ph, err := newPhotoMemo().photo(t.Context(), dir, project.Photo{File: "photos/gross.jpeg", Caption: "Groß"})
	if err != nil {
		t.Fatal(err)
	}
	if ph.thumb == nil {
		t.Fatal("no thumbnail for a 3000×2000 photo")
	}
	for _, c := range []struct {
		file File
		w, h int
	}{
		{ph.file, 1365, 2048},
		{*ph.thumb, 480, 720},
	} {
		assertNoMetadata(t, c.file.Path, c.file.Body, gpsMarker, "Exif")
		img, _, err := image.Decode(bytes.NewReader(c.file.Body))
		if err != nil {
			t.Fatal(err)
		}
		if b := img.Bounds(); b.Dx() != c.w || b.Dy() != c.h {
			t.Errorf("%s is %v, want %d×%d", c.file.Path, b, c.w, c.h)
		}
		// Turned clockwise, the stored left (red) half is on top.
		if r, _, b, _ := img.At(c.w/2, c.h/10).RGBA(); r < b {
			t.Errorf("%s: top is not red: not upright", c.file.Path)
		}
	}
	if ph.file.Path != "photos/gross.jpg" || ph.thumb.Path != "photos/thumbs/gross.jpg" || ph.thumbWidth != 480 || ph.thumbHeight != 720 {
		t.Errorf("published %s and %s (%d×%d)", ph.file.Path, ph.thumb.Path, ph.thumbWidth, ph.thumbHeight)
	}
	again, err := newPhotoMemo().photo(t.Context(), dir, project.Photo{File: "photos/gross.jpeg"})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(again.file.Body, ph.file.Body) || !bytes.Equal(again.thumb.Body, ph.thumb.Body) {
		t.Error("rendering the photo twice gave different bytes")
	}

	p := &project.Project{Name: "x", Photos: []project.Photo{{File: "photos/gross.jpeg", Caption: "Groß"}}}
	v := access.Filter(p, &links.Link{ID: linkID, Locale: "de", Sections: []project.Section{project.SectionPhotos}}, access.Options{})
	out, err := newRenderer(t, Options{}).Render(t.Context(), v, dir)
	if err != nil {
		t.Fatal(err)
	}
	files := byPath(t, out)
	if _, ok := files["photos/thumbs/gross.jpg"]; !ok {
		t.Error("the thumbnail is not published")
	}
	want := `<a href="photos/gross.jpg"><img src="photos/thumbs/gross.jpg" alt="Groß" loading="lazy" width="480" height="720"></a>`
	if page := string(files["index.html"].Body); !strings.Contains(page, want) {
		t.Errorf("gallery lacks %s", want)
	}
}

func TestThumbnailSize(t *testing.T) {
	for _, c := range []struct{ w, h, tw, th int }{
		{640, 480, 0, 0}, // small enough already
		{480, 640, 0, 0}, // likewise, upright
		{2048, 1536, 640, 480},
		{4000, 1000, 960, 240}, // a panorama: at most twice thumbEdge long
		{100, 5000, 19, 960},
	} {
		var got image.Rectangle
		if small := thumbnail(image.NewRGBA(image.Rect(0, 0, c.w, c.h))); small != nil {
			got = small.Rect
		}
		if got.Dx() != c.tw || got.Dy() != c.th {
			t.Errorf("%d×%d: thumbnail %v, want %d×%d (0×0: none)", c.w, c.h, got, c.tw, c.th)
		}
	}
}
