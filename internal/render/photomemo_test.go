package render

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/vitrine/vitrine/internal/access"
	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/project"
)

// readCounter is a project folder that counts the bytes read from each
// file: a photo decoded once is read once. It is comparable, as the
// project folders site passes are.
type readCounter struct {
	fs.FS
	counts *sync.Map // name → *atomic.Int64
	// fail, when set, makes the next Open fail once.
	fail *atomic.Bool
}

func newReadCounter(dir string) readCounter {
	return readCounter{FS: os.DirFS(dir), counts: &sync.Map{}, fail: &atomic.Bool{}}
}

func (c readCounter) Open(name string) (fs.File, error) {
	if c.fail.CompareAndSwap(true, false) {
		return nil, errors.New("disk on fire")
	}
	f, err := c.FS.Open(name)
	if err != nil {
		return nil, err
	}
	n, _ := c.counts.LoadOrStore(name, &atomic.Int64{})
	return countedFile{f, n.(*atomic.Int64)}, nil
}

// Stat does not open the file, so that only reads of photos count, and
// fail strikes a read.
func (c readCounter) Stat(name string) (fs.FileInfo, error) { return fs.Stat(c.FS, name) }

// read returns the bytes read from name so far.
func (c readCounter) read(name string) int64 {
	if n, ok := c.counts.Load(name); ok {
		return n.(*atomic.Int64).Load()
	}
	return 0
}

type countedFile struct {
	fs.File
	n *atomic.Int64
}

func (f countedFile) Read(b []byte) (int, error) {
	n, err := f.File.Read(b)
	f.n.Add(int64(n))
	return n, err
}

// writePhotos writes JPEG photos of one colour each into dir/photos.
func writePhotos(t *testing.T, dir string, photos map[string]color.RGBA) {
	t.Helper()
	if err := os.MkdirAll(filepath.Join(dir, "photos"), 0o755); err != nil {
		t.Fatal(err)
	}
	for name, c := range photos {
		img := image.NewRGBA(image.Rect(0, 0, 900, 600))
		for i := 0; i < len(img.Pix); i += 4 {
			copy(img.Pix[i:], []byte{c.R, c.G, c.B, c.A})
		}
		if err := os.WriteFile(filepath.Join(dir, "photos", name), encodeJPEG(t, img), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// photoView is a link of a project that shows the photos files.
func photoView(files ...string) *access.View {
	p := &project.Project{Name: "x"}
	for _, f := range files {
		p.Photos = append(p.Photos, project.Photo{File: f})
	}
	return access.Filter(p, &links.Link{ID: linkID, Locale: "de", Sections: []project.Section{project.SectionPhotos}}, access.Options{})
}

// TestPhotoDecodedOncePerProject renders four links of each of two
// projects at once with one Renderer: each photo is read (and so decoded)
// once, not once per link, and each project's links show its own photos,
// although both projects name them alike.
func TestPhotoDecodedOncePerProject(t *testing.T) {
	red, blue := color.RGBA{255, 0, 0, 255}, color.RGBA{0, 0, 255, 255}
	dirA, dirB := t.TempDir(), t.TempDir()
	writePhotos(t, dirA, map[string]color.RGBA{"a.jpg": red, "b.jpg": red})
	writePhotos(t, dirB, map[string]color.RGBA{"a.jpg": blue, "b.jpg": blue})
	projects := []struct {
		fs   readCounter
		dir  string
		want color.RGBA
	}{{newReadCounter(dirA), dirA, red}, {newReadCounter(dirB), dirB, blue}}

	r := newRenderer(t, Options{})
	var wg sync.WaitGroup
	for _, p := range projects {
		for range 4 {
			wg.Go(func() {
				out, err := r.Render(t.Context(), photoView("photos/a.jpg", "photos/b.jpg"), p.fs)
				if err != nil {
					t.Error(err)
					return
				}
				for _, name := range []string{"photos/a.jpg", "photos/b.jpg"} {
					img, _, err := image.Decode(bytes.NewReader(byPath(t, out)[name].Body))
					if err != nil {
						t.Error(err)
						return
					}
					if got := color.RGBAModel.Convert(img.At(10, 10)).(color.RGBA); !near(got, p.want) {
						t.Errorf("%s of %s is %v, want %v", name, p.dir, got, p.want)
					}
				}
			})
		}
	}
	wg.Wait()
	for _, p := range projects {
		for _, name := range []string{"photos/a.jpg", "photos/b.jpg"} {
			fi, err := os.Stat(filepath.Join(p.dir, name))
			if err != nil {
				t.Fatal(err)
			}
			if got := p.fs.read(name); got != fi.Size() {
				t.Errorf("%s of %s: read %d bytes for four links, want %d (once)", name, p.dir, got, fi.Size())
			}
		}
	}
}

// near reports whether two colours differ by no more than JPEG's error.
func near(a, b color.RGBA) bool {
	d := func(x, y uint8) bool { return max(x, y)-min(x, y) <= 8 }
	return d(a.R, b.R) && d(a.G, b.G) && d(a.B, b.B)
}

// TestPhotoMemoChangedPhoto checks that a photo edited between two renders
// is published afresh, and that a failed read is not remembered.
func TestPhotoMemoChangedPhoto(t *testing.T) {
	dir := t.TempDir()
	writePhotos(t, dir, map[string]color.RGBA{"a.jpg": {255, 0, 0, 255}})
	fsys := newReadCounter(dir)
	m := newPhotoMemo()
	fsys.fail.Store(true)
	if _, err := m.publish(t.Context(), fsys, "photos/a.jpg"); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("failed read: got %v", err)
	}
	first, err := m.publish(t.Context(), fsys, "photos/a.jpg")
	if err != nil {
		t.Fatalf("after a failed read: %v", err)
	}
	writePhotos(t, dir, map[string]color.RGBA{"a.jpg": {0, 0, 255, 255}})
	later := time.Now().Add(time.Minute) // the same second on a coarse clock
	if err := os.Chtimes(filepath.Join(dir, "photos/a.jpg"), later, later); err != nil {
		t.Fatal(err)
	}
	second, err := m.publish(t.Context(), fsys, "photos/a.jpg")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(first.file.Body, second.file.Body) {
		t.Error("the edited photo was published as before")
	}
}

// TestPhotoMemoBound fills a memo beyond its limit: the least recently
// used photo is read again, the others are not.
func TestPhotoMemoBound(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"a.jpg", "b.jpg", "c.jpg"} { // alike, so that they take the same room
		writePhotos(t, dir, map[string]color.RGBA{n: {255, 0, 0, 255}})
	}
	fsys := newReadCounter(dir)
	m := newPhotoMemo()
	publish := func(name string) rendition {
		t.Helper()
		r, err := m.publish(t.Context(), fsys, "photos/"+name)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	a := publish("a.jpg")
	m.limit = 2*a.size() + a.size()/2 // room for two photos
	publish("b.jpg")
	publish("a.jpg") // a is now more recent than b
	publish("c.jpg") // evicts b
	for _, c := range []struct {
		name  string
		again bool
	}{{"c.jpg", false}, {"a.jpg", false}, {"b.jpg", true}} {
		before := fsys.read("photos/" + c.name)
		publish(c.name)
		if again := fsys.read("photos/"+c.name) > before; again != c.again {
			t.Errorf("%s read again: %v, want %v (memo of %d bytes, limit %d)", c.name, again, c.again, m.bytes, m.limit)
		}
	}
	if m.bytes > m.limit {
		t.Errorf("memo holds %d bytes, limit %d", m.bytes, m.limit)
	}
}

// TestPhotoTooLarge checks the refusal of a photo above maxPixels: a
// problem naming the file, its size and the limit, found from the header
// alone, and remembered like a photo.
func TestPhotoTooLarge(t *testing.T) {
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "photos"), 0o755); err != nil {
		t.Fatal(err)
	}
	// A PNG header of 8000×7000 pixels and no pixel data: decoding it would
	// fail, so the refusal must come before.
	if err := os.WriteFile(filepath.Join(dir, "photos/huge.png"), pngHeader(8000, 7000), 0o644); err != nil {
		t.Fatal(err)
	}
	r := newRenderer(t, Options{})
	for i := range 2 {
		_, err := r.Render(t.Context(), photoView("photos/huge.png"), os.DirFS(dir))
		want := fmt.Sprintf("photos/huge.png: image is 8000×7000 pixels (56.0 megapixels), more than the %d megapixels vitrine publishes; export it smaller", maxPixels/1_000_000)
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("render %d: got %v, want %q…", i, err, want)
		}
	}
}

// pngChunk appends a PNG chunk to b.
func pngChunk(b []byte, kind string, data []byte) []byte {
	b = binary.BigEndian.AppendUint32(b, uint32(len(data)))
	start := len(b)
	b = append(append(b, kind...), data...)
	return binary.BigEndian.AppendUint32(b, crc32.ChecksumIEEE(b[start:]))
}

// pngHeader returns the signature and header of a w×h 16-bit RGB PNG.
func pngHeader(w, h int) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	return pngChunk([]byte("\x89PNG\r\n\x1a\n"), "IHDR", append(ihdr, 16, 2, 0, 0, 0))
}

// writePNG16 writes a w×h 16-bit RGB PNG of grey stripes a row at a time,
// so that the test does not hold the pixels it makes vitrine decode.
func writePNG16(t *testing.T, name string, w, h int) {
	t.Helper()
	var idat bytes.Buffer
	zw, err := zlib.NewWriterLevel(&idat, zlib.BestSpeed)
	if err != nil {
		t.Fatal(err)
	}
	row := make([]byte, 1+6*w) // filter byte 0, then RGB at 16 bits
	for y := range h {
		for i := 1; i < len(row); i++ {
			row[i] = byte(y / 64)
		}
		if _, err := zw.Write(row); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	b := pngChunk(pngHeader(w, h), "IDAT", idat.Bytes())
	if err := os.WriteFile(name, pngChunk(b, "IEND", nil), 0o644); err != nil {
		t.Fatal(err)
	}
}

// sizeless is a file system that reports no file sizes, as some do.
type sizeless struct{ fs.FS }

func (s sizeless) Open(name string) (fs.File, error) {
	f, err := s.FS.Open(name)
	return sizelessFile{f}, err
}

type sizelessFile struct{ fs.File }

func (f sizelessFile) Stat() (fs.FileInfo, error) {
	fi, err := f.File.Stat()
	return sizelessInfo{fi}, err
}

type sizelessInfo struct{ fs.FileInfo }

func (sizelessInfo) Size() int64 { return 0 }

// TestPhotoSizeUnknown publishes a photo whose size the file system does
// not report: the size only sizes the buffer.
func TestPhotoSizeUnknown(t *testing.T) {
	dir := t.TempDir()
	writePhotos(t, dir, map[string]color.RGBA{"a.jpg": {255, 0, 0, 255}})
	r, err := newPhotoMemo().publish(t.Context(), sizeless{os.DirFS(dir)}, "photos/a.jpg")
	if err != nil || r.width != 900 {
		t.Errorf("got %d pixels wide, err %v; want 900", r.width, err)
	}
}
