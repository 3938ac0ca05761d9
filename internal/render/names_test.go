package render

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/vitrine/vitrine/internal/access"
	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
)

// umlautProject is the fixture with photos and documents named as offices
// name them, each name written as form writes it (NFC from Windows and
// Linux, NFD from a Mac), and the folder holding them.
func umlautProject(t *testing.T, form func(string) string) (*project.Project, fstest.MapFS) {
	t.Helper()
	p := fixtureProject()
	p.Description = "Siehe [Angebot](<files/Angebot März.pdf>) und ![Küche](<photos/Küche vorher.jpg>)."
	p.Photos = []project.Photo{{File: form("photos/Küche vorher.jpg"), Caption: "Küche"}}
	p.Files = []project.File{
		{File: form("files/Angebot März.pdf"), Name: form("Angebot März.pdf"), Size: 3},
		{File: form("files/Übergabe.pdf"), Name: form("Übergabe.pdf"), Size: 3},
	}
	dir := fstest.MapFS{
		form("photos/Küche vorher.jpg"): {Data: encodeJPEG(t, pattern(64, 48))},
		form("files/Angebot März.pdf"):  {Data: []byte("%PDF-1.4 Angebot")},
		form("files/Übergabe.pdf"):      {Data: []byte("%PDF-1.4 Übergabe")},
	}
	return p, dir
}

// nfd decomposes the umlauts the tests use, as macOS writes names.
var nfd = strings.NewReplacer("ä", "a\u0308", "ü", "u\u0308", "Ü", "U\u0308").Replace

// TestUmlautNamesPublish checks that documents and photos with umlauts get
// working URLs, and that a folder copied from a Mac (NFD names) publishes
// the same keys and bytes as the same folder on Windows (NFC).
func TestUmlautNamesPublish(t *testing.T) {
	r := newRenderer(t, Options{})
	render := func(form func(string) string) []File {
		p, dir := umlautProject(t, form)
		out, err := r.Render(t.Context(), access.Filter(p, link("de", project.AllSections...), access.Options{}), dir)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	windows := render(func(s string) string { return s })
	mac := render(nfd)

	files := byPath(t, windows)
	for _, key := range []string{"files/Angebot März.pdf", "files/Übergabe.pdf", "photos/Küche vorher.jpg"} {
		if _, ok := files[key]; !ok {
			t.Errorf("no object %q", key)
		}
	}
	page := string(files["index.html"].Body)
	for _, want := range []string{
		`href="files/Angebot%20M%C3%A4rz.pdf" download`,
		`href="files/%C3%9Cbergabe.pdf" download`,
		`href="photos/K%C3%BCche%20vorher.jpg"`,
		// The links in the description, typed on Windows, reach the files.
		`<a href="files/Angebot%20M%C3%A4rz.pdf">Angebot</a>`,
		`<img src="photos/K%C3%BCche%20vorher.jpg"`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %s", want)
		}
	}

	if len(mac) != len(windows) {
		t.Fatalf("NFD names give %d objects, NFC names %d", len(mac), len(windows))
	}
	for i, m := range mac {
		w := windows[i]
		if m.Path != w.Path || m.ContentType != w.ContentType || !bytes.Equal(m.Body, w.Body) {
			t.Errorf("NFD names publish %q (%d bytes), NFC names %q (%d bytes)", m.Path, len(m.Body), w.Path, len(w.Body))
		}
		if m.Open != nil {
			rc, err := m.Open()
			if err != nil {
				t.Errorf("%s: %v", m.Path, err)
				continue
			}
			rc.Close()
		}
	}
}

// TestNameClashes checks that two photos or documents that Windows and
// macOS take for one file are refused, each problem naming both.
func TestNameClashes(t *testing.T) {
	jpg := encodeJPEG(t, pattern(8, 8))
	pdf := []byte("%PDF-1.4")
	tests := []struct {
		name   string
		photos []string
		files  []string
		want   string
	}{
		{"photos differing in case", []string{"photos/Foto.jpg", "photos/foto.JPG"}, nil,
			"photos/foto.JPG: would be published as photos/foto.jpg, like photos/Foto.jpg (as photos/Foto.jpg), which Windows and macOS take for the same name"},
		{"photos differing in case and extension", []string{"photos/Foto.jpeg", "photos/FOTO.jpg"}, nil,
			"photos/FOTO.jpg: would be published as photos/FOTO.jpg, like photos/Foto.jpeg (as photos/Foto.jpg)"},
		{"photos differing in encoding", []string{"photos/Küche.jpg", nfd("photos/Küche.jpg")}, nil,
			"would be published as photos/Küche.jpg, like photos/Küche.jpg: the names differ only in how their umlauts are encoded"},
		{"documents differing in case", nil, []string{"files/Plan.pdf", "files/plan.PDF"},
			"files/plan.PDF: would be published as files/plan.PDF, like files/Plan.pdf (as files/Plan.pdf), which Windows and macOS take for the same name"},
		{"documents differing in encoding", nil, []string{"files/Übergabe.pdf", nfd("files/Übergabe.pdf")},
			"the names differ only in how their umlauts are encoded"},
	}
	r := newRenderer(t, Options{})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := fixtureProject()
			p.Description, p.Notes, p.Photos, p.Files = "", nil, nil, nil
			dir := fstest.MapFS{}
			for _, name := range tt.photos {
				p.Photos = append(p.Photos, project.Photo{File: name})
				dir[name] = &fstest.MapFile{Data: jpg}
			}
			for _, name := range tt.files {
				p.Files = append(p.Files, project.File{File: name, Size: int64(len(pdf))})
				dir[name] = &fstest.MapFile{Data: pdf}
			}
			_, err := r.Render(t.Context(), access.Filter(p, link("de", project.AllSections...), access.Options{}), dir)
			if !problem.Is(err) {
				t.Fatalf("got %v, want a problem", err)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %q\nwant it to contain %q", err, tt.want)
			}
		})
	}
}

// TestUnportableAssetRefused checks the second line behind content: a
// photo or document whose name Windows cannot hold is not published, as
// a folder storage may lie on a Windows disk.
func TestUnportableAssetRefused(t *testing.T) {
	for _, name := range []string{"files/Frage?.pdf", "files/CON.pdf", "files/Angebot.", "photos/aux.jpg"} {
		p := fixtureProject()
		p.Photos, p.Files = nil, nil
		if strings.HasPrefix(name, "photos/") {
			p.Photos = []project.Photo{{File: name}}
		} else {
			p.Files = []project.File{{File: name}}
		}
		dir := fstest.MapFS{name: {Data: encodeJPEG(t, pattern(8, 8))}}
		_, err := newRenderer(t, Options{}).Render(t.Context(), access.Filter(p, link("de", project.AllSections...), access.Options{}), dir)
		if err == nil || !strings.Contains(err.Error(), "Windows") {
			t.Errorf("%s: got %v, want it refused for Windows", name, err)
		}
	}
}
