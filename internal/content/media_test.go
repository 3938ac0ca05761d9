package content

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"

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
		{"HEIC", map[string]string{
			"project.yaml":         "name: X\n",
			"photos/IMG_0001.HEIC": "",
		}, want{"photos/IMG_0001.HEIC", 0, "", "HEIC is not a photo format"}},
		{"control character in a name", map[string]string{
			"project.yaml":   "name: X\n",
			"files/a\nb.pdf": "",
		}, want{"files/a\nb.pdf", 0, "", "U+000A"}},
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

// TestLoadRefusesLinksOutOfTheProject guards the privacy promise: records
// of one customer must not be published on another customer's page through
// a symbolic link.
func TestLoadRefusesLinksOutOfTheProject(t *testing.T) {
	tests := []struct {
		name   string
		link   string // in the project folder
		target string // relative to the temp dir, or absolute inside the project
	}{
		{"photo", "photos/evil.jpg", "outside/secret.jpg"},
		{"file", "files/evil.pdf", "outside/secret.jpg"},
		{"note", "notes/2024-05-03-evil.md", "outside/secret.jpg"},
		{"times.csv", "times.csv", "outside/secret.jpg"},
		{"project.yaml", "project.yaml", "outside/project.yaml"},
		{"photos folder", "photos", "outside"},
		{"files folder", "files", "outside"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tmp := t.TempDir()
			dir := filepath.Join(tmp, "x")
			writeTree(t, tmp, map[string]string{
				"outside/secret.jpg":   "private",
				"outside/project.yaml": "name: other customer\n",
			})
			if tt.link != "project.yaml" {
				writeTree(t, dir, map[string]string{"project.yaml": "name: X\n"})
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
					t.Skip("symbolic links not supported:", err)
				}
				p, err := Load(context.Background(), dir)
				if p != nil {
					t.Fatalf("link %d: loaded %+v through a link out of the project", i, p)
				}
				assertProblem(t, err, want{link, 0, "", "symbolic link that leads outside the project folder"})
			}
		})
	}
}

func TestLoadFollowsLinksInsideTheProject(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	writeTree(t, dir, map[string]string{
		"project.yaml":        "name: X\n",
		"archiv/vorher.jpg":   "jpeg",
		"archiv/Angebot.pdf":  "pdf!",
		"photos/original.jpg": "",
	})
	for link, target := range map[string]string{
		"photos/vorher.jpg":  "../archiv/vorher.jpg",
		"files/Angebot.pdf":  "../archiv/Angebot.pdf",
		"photos/kopie.jpg":   "original.jpg",
		"photos/fehlt.jpg":   "gibt-es-nicht.jpg",
		"photos/.versteckt":  "/etc/passwd",
		"files/.DS_Store":    "/etc/passwd",
		"files/unbenutzt.md": "../archiv",
	} {
		os.MkdirAll(filepath.Join(dir, filepath.Dir(link)), 0o755)
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skip("symbolic links not supported:", err)
		}
	}
	_, err := Load(context.Background(), dir)
	// Only the dangling link is a problem: hidden links are never followed,
	// and a link to a folder is skipped like a folder.
	list := flatten(t, err)
	if len(list) != 1 {
		t.Fatalf("got %d problems, want 1:\n%v", len(list), list)
	}
	assertProblem(t, err, want{filepath.Join(dir, "photos/fehlt.jpg"), 0, "", "does not exist"})

	os.Remove(filepath.Join(dir, "photos/fehlt.jpg"))
	p, err := Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	wantPhotos := []project.Photo{{File: "photos/kopie.jpg"}, {File: "photos/original.jpg"}, {File: "photos/vorher.jpg"}}
	wantFiles := []project.File{{File: "files/Angebot.pdf", Name: "Angebot.pdf", Size: 4}}
	if !reflect.DeepEqual(p.Photos, wantPhotos) || !reflect.DeepEqual(p.Files, wantFiles) {
		t.Errorf("photos %+v files %+v, want %+v %+v", p.Photos, p.Files, wantPhotos, wantFiles)
	}
}
