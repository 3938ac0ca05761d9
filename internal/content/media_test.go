package content

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"golang.org/x/text/unicode/norm"

	"github.com/vitrine/vitrine/internal/project"
)

func TestLoadPhotosAndFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	writeTree(t, dir, map[string]string{
		"project.yaml": "name: X\nphotos:\n" +
			"  - { file: photos/z-fertig.jpg, caption: Fertig, date: 2024-06-28 }\n" +
			"  - { file: photos/a-vorher.JPG, caption: Vorher }\n",
		"photos/a-vorher.JPG":   "",
		"photos/b.png":          "",
		"photos/c.webp":         "",
		"photos/d.jpeg":         "",
		"photos/z-fertig.jpg":   "",
		"photos/.DS_Store":      "",
		"photos/raw/e.jpg":      "sub-folders are not published",
		"files/Rechnung.pdf":    "12345",
		"files/Angebot.pdf":     "123",
		"files/.hidden":         "",
		"files/alt/Entwurf.pdf": "",
	})
	p, err := Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	wantPhotos := []project.Photo{
		{File: "photos/z-fertig.jpg", Caption: "Fertig", Date: project.NewDate(2024, 6, 28)},
		{File: "photos/a-vorher.JPG", Caption: "Vorher"},
		{File: "photos/b.png"},
		{File: "photos/c.webp"},
		{File: "photos/d.jpeg"},
	}
	if !reflect.DeepEqual(p.Photos, wantPhotos) {
		t.Errorf("photos\n%+v\nwant\n%+v", p.Photos, wantPhotos)
	}
	wantFiles := []project.File{
		{File: "files/Angebot.pdf", Name: "Angebot.pdf", Size: 3},
		{File: "files/Rechnung.pdf", Name: "Rechnung.pdf", Size: 5},
	}
	if !reflect.DeepEqual(p.Files, wantFiles) {
		t.Errorf("files\n%+v\nwant\n%+v", p.Files, wantFiles)
	}
}

// TestPhotoDates: a photo project.yaml does not date takes the date its
// name starts with, followed by a separator; project.yaml's date wins.
func TestPhotoDates(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	writeTree(t, dir, map[string]string{
		"project.yaml": "name: X\nphotos:\n" +
			"  - { file: photos/2026-03-01-vorher.jpg, date: 2026-02-27 }\n" +
			"  - { file: photos/2026-03-02_kueche.jpg, caption: Küche }\n",
		"photos/2026-03-01-vorher.jpg":     "",
		"photos/2026-03-02_kueche.jpg":     "",
		"photos/2026-03-10 14.22.31.jpg":   "",
		"photos/2026-03-11.png":            "",
		"photos/20260312_142231.jpg":       "", // no dashes: not a day vitrine reads
		"photos/2026-03-13x.jpg":           "", // no separator
		"photos/IMG_2026-03-14-fertig.jpg": "", // not at the start
	})
	p, err := Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]project.Date{
		"photos/2026-03-01-vorher.jpg":     project.NewDate(2026, 2, 27),
		"photos/2026-03-02_kueche.jpg":     project.NewDate(2026, 3, 2),
		"photos/2026-03-10 14.22.31.jpg":   project.NewDate(2026, 3, 10),
		"photos/2026-03-11.png":            project.NewDate(2026, 3, 11),
		"photos/20260312_142231.jpg":       {},
		"photos/2026-03-13x.jpg":           {},
		"photos/IMG_2026-03-14-fertig.jpg": {},
	}
	if len(p.Photos) != len(want) {
		t.Fatalf("%d photos, want %d: %+v", len(p.Photos), len(want), p.Photos)
	}
	for _, ph := range p.Photos {
		if d, ok := want[ph.File]; !ok || ph.Date != d {
			t.Errorf("%s dated %q, want %q", ph.File, ph.Date, d)
		}
	}
}

func TestLoadMediaProblems(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  want // file is relative to the project folder
	}{
		{"listed photo missing", map[string]string{
			"project.yaml":  "name: X\nphotos:\n  - { file: photos/da.jpg }\n  - { file: photos/fehlt.jpg }\n",
			"photos/da.jpg": "",
		}, want{"project.yaml", 4, "photos.file", "photos/fehlt.jpg does not exist"}},
		{"listed photo outside photos/", map[string]string{
			"project.yaml": "name: X\nphotos:\n  - file: ../geheim.jpg\n",
		}, want{"project.yaml", 3, "photos.file", "not a file in photos/"}},
		{"listed photo climbing out", map[string]string{
			"project.yaml": "name: X\nphotos:\n  - file: photos/../../y/photos/a.jpg\n",
			"photos/a.jpg": "",
		}, want{"project.yaml", 3, "photos.file", "not a file in photos/"}},
		{"listed photo absolute", map[string]string{
			"project.yaml": "name: X\nphotos:\n  - file: /etc/photos/a.jpg\n",
		}, want{"project.yaml", 3, "photos.file", "not a file in photos/"}},
		{"listed photo twice", map[string]string{
			"project.yaml": "name: X\nphotos:\n  - file: photos/a.jpg\n  - file: photos/a.jpg\n",
			"photos/a.jpg": "",
		}, want{"project.yaml", 4, "photos.file", "listed twice (first on line 3)"}},
		{"photo named with an impossible date", map[string]string{
			"project.yaml":              "name: X\n",
			"photos/2026-13-01-bad.jpg": "",
		}, want{"photos/2026-13-01-bad.jpg", 0, "", `file name starts with a date: "2026-13-01" is not a date`}},
		{"HEIC", map[string]string{
			"project.yaml":         "name: X\n",
			"photos/IMG_0001.HEIC": "",
		}, want{"photos/IMG_0001.HEIC", 0, "", "HEIC is not a photo format"}},
		{"control character in a name", map[string]string{
			"project.yaml":   "name: X\n",
			"files/a\nb.pdf": "",
		}, want{"files/a\nb.pdf", 0, "", "U+000A"}},
		{"name Windows refuses", map[string]string{
			"project.yaml":     "name: X\n",
			"files/Frage?.pdf": "",
		}, want{"files/Frage?.pdf", 0, "", "'?', which Windows does not allow"}},
		{"device name", map[string]string{
			"project.yaml":   "name: X\n",
			"photos/AUX.jpg": "",
		}, want{"photos/AUX.jpg", 0, "", "device name on Windows"}},
		{"trailing dot", map[string]string{
			"project.yaml":   "name: X\n",
			"files/Angebot.": "",
		}, want{"files/Angebot.", 0, "", "ends with a dot"}},
		{"backslash", map[string]string{
			"project.yaml":      "name: X\n",
			"files/Plan\\A.pdf": "",
		}, want{"files/Plan\\A.pdf", 0, "", "'\\'"}},
		{"names differing in case", map[string]string{
			"project.yaml":    "name: X\n",
			"photos/Foto.jpg": "",
			"photos/foto.JPG": "",
		}, want{"photos/foto.JPG", 0, "", "and Foto.jpg differ only in upper and lower case, which Windows and macOS take for the same file"}},
		{"names differing in encoding", map[string]string{
			"project.yaml":             "name: X\n",
			"files/\u00dcbergabe.pdf":  "",
			"files/U\u0308bergabe.pdf": "",
		}, want{"files/\u00dcbergabe.pdf", 0, "", "differ only in how an umlaut is encoded"}},
		{"right-to-left override in a name", map[string]string{
			"project.yaml":                "name: X\n",
			"files/rechnung\u202Efdp.exe": "",
		}, want{"files/rechnung\u202Efdp.exe", 0, "", "U+202E"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "x")
			writeTree(t, dir, tt.files)
			_, err := Load(context.Background(), dir)
			tt.want.file = filepath.Join(dir, tt.want.file)
			assertProblem(t, err, tt.want)
		})
	}
}

// TestLoadRefusesSymbolicLinks guards the privacy promise: a symbolic link
// must not publish another customer's records (a link out of the project)
// nor the project's own private files (files/x -> ../project.yaml would
// publish the internal block, notes/a.md -> ../links.yaml other links'
// ids), whether it leads out of the folder, stays inside, or dangles.
func TestLoadRefusesSymbolicLinks(t *testing.T) {
	tests := []struct {
		name   string
		link   string // in the project folder
		target string // relative to the temp dir, or absolute inside the project
	}{
		{"photo out", "photos/evil.jpg", "outside/secret.jpg"},
		{"file out", "files/evil.pdf", "outside/secret.jpg"},
		{"note out", "notes/2024-05-03-evil.md", "outside/secret.jpg"},
		{"times.csv out", "times.csv", "outside/secret.jpg"},
		{"project.yaml out", "project.yaml", "outside/project.yaml"},
		{"photos folder out", "photos", "outside"},
		{"files folder out", "files", "outside"},
		{"file to project.yaml", "files/Angebot.pdf", "x/project.yaml"},
		{"note to links.yaml", "notes/2024-05-03-a.md", "x/links.yaml"},
		{"photo to another photo", "photos/kopie.jpg", "x/archiv/vorher.jpg"},
		{"times.csv inside", "times.csv", "x/archiv/times.csv"},
		{"project.yaml inside", "project.yaml", "x/archiv/project.yaml"},
		{"files folder to the project", "files", "x"},
		{"notes folder inside", "notes", "x/archiv"},
		{"file to a folder", "files/unbenutzt.md", "x/archiv"},
		{"dangling", "photos/fehlt.jpg", "x/gibt-es-nicht.jpg"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp := t.TempDir()
			dir := filepath.Join(tmp, "x")
			writeTree(t, tmp, map[string]string{
				"outside/secret.jpg":     "private",
				"outside/project.yaml":   "name: other customer\n",
				"x/links.yaml":           "links: []\n",
				"x/archiv/vorher.jpg":    "jpeg",
				"x/archiv/times.csv":     "Datum;Stunden\n03.05.2024;1\n",
				"x/archiv/project.yaml":  "name: X\n",
				"x/archiv/2024-05-03.md": "Bericht\n",
			})
			if tt.link != "project.yaml" {
				writeTree(t, dir, map[string]string{"project.yaml": "name: X\ninternal: {hourly_rate: 58}\n"})
			}
			link := filepath.Join(dir, tt.link)
			if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
				t.Fatal(err)
			}
			rel, err := filepath.Rel(filepath.Dir(link), filepath.Join(tmp, tt.target))
			if err != nil {
				t.Fatal(err)
			}
			for i, target := range []string{rel, filepath.Join(tmp, tt.target)} {
				os.Remove(link)
				if err := os.Symlink(target, link); err != nil {
					t.Fatal("symbolic links not supported:", err)
				}
				p, err := Load(context.Background(), dir)
				if p != nil {
					t.Fatalf("link %d: loaded %+v through a symbolic link", i, p)
				}
				assertProblem(t, err, want{link, 0, "", "is a symbolic link; vitrine publishes only files that lie in the folder itself"})
			}
		})
	}
}

func TestLoadIgnoresHiddenLinks(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	writeTree(t, dir, map[string]string{
		"project.yaml":        "name: X\n",
		"photos/original.jpg": "",
		"files/Angebot.pdf":   "pdf!",
	})
	for link, target := range map[string]string{
		"photos/.versteckt": "/etc/passwd",
		"files/.DS_Store":   "../project.yaml",
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Fatal("symbolic links not supported:", err)
		}
	}
	p, err := Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	wantPhotos := []project.Photo{{File: "photos/original.jpg"}}
	wantFiles := []project.File{{File: "files/Angebot.pdf", Name: "Angebot.pdf", Size: 4}}
	if !reflect.DeepEqual(p.Photos, wantPhotos) || !reflect.DeepEqual(p.Files, wantFiles) {
		t.Errorf("photos %+v files %+v, want %+v %+v", p.Photos, p.Files, wantPhotos, wantFiles)
	}
}

// TestLoadRefusesHardLinksToRecords: a hard link is a regular file, but
// files/x linked to project.yaml would still publish the internal block.
func TestLoadRefusesHardLinksToRecords(t *testing.T) {
	for _, record := range []string{"project.yaml", "links.yaml", "times.csv"} {
		t.Run(record, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "x")
			writeTree(t, dir, map[string]string{
				"project.yaml": "name: X\ninternal: {hourly_rate: 58}\n",
				"links.yaml":   "links: []\n",
				"times.csv":    "Datum;Stunden;Stundensatz\n03.05.2024;1;58\n",
			})
			link := filepath.Join(dir, "files", "Angebot.pdf")
			if err := os.MkdirAll(filepath.Dir(link), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Link(filepath.Join(dir, record), link); err != nil {
				t.Fatal("hard links not supported:", err)
			}
			p, err := Load(context.Background(), dir)
			if p != nil {
				t.Fatalf("loaded files %+v", p.Files)
			}
			assertProblem(t, err, want{link, 0, "", "is the same file as " + record + " (a hard link)"})
		})
	}
}

// TestLoadPhotoListedInOtherEncoding checks that project.yaml typed on
// Windows (NFC) finds a photo of a folder copied from a Mac (NFD), and
// names the file as it lies on disk, which is what render reads.
func TestLoadPhotoListedInOtherEncoding(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	onDisk := "K\u0075\u0308che vorher.jpg"
	writeTree(t, dir, map[string]string{
		"project.yaml":     "name: X\nphotos:\n  - { file: photos/K\u00fcche vorher.jpg, caption: Vorher }\n",
		"photos/" + onDisk: "",
	})
	p, err := Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []project.Photo{{File: "photos/" + onDisk, Caption: "Vorher"}}
	if !reflect.DeepEqual(p.Photos, want) {
		t.Errorf("photos\n%q\nwant\n%q", p.Photos, want)
	}
}

// TestLoadOrderIgnoresEncoding checks that photos and files come in the
// same order whether their umlauts are composed (Windows) or decomposed
// (a folder copied from a Mac): the gallery must not change with the copy.
func TestLoadOrderIgnoresEncoding(t *testing.T) {
	order := func(decomposed bool) []string {
		name := "K\u00fcche.jpg"
		if decomposed {
			name = "Ku\u0308che.jpg"
		}
		dir := filepath.Join(t.TempDir(), "x")
		writeTree(t, dir, map[string]string{"project.yaml": "name: X\n", "photos/" + name: "", "photos/Kvadrat.jpg": "", "photos/Kuchen.jpg": ""})
		p, err := Load(context.Background(), dir)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, ph := range p.Photos {
			out = append(out, norm.NFC.String(ph.File))
		}
		return out
	}
	if nfc, nfd := order(false), order(true); !reflect.DeepEqual(nfc, nfd) {
		t.Errorf("composed names give %q, decomposed %q", nfc, nfd)
	}
}
