package content

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/project"
)

func TestActiveDocument(t *testing.T) {
	refused := []string{
		"Angebot.html", "ANGEBOT.HTM", "seite.shtml", "seite.xhtml", "seite.xht", "Archiv.mhtml",
		"Plan.svg", "Plan.SVGZ", "daten.xml", "stil.xsl", "stil.xslt", "app.js", "modul.mjs",
		"feed.rss", "feed.atom", "route.gpx", "karte.kml", "formel.mathml", "noten.musicxml",
		"shell.php", "shell.PHP7", "seite.phtml", "skript.py", "skript.pl", "prog.cgi", "seite.asp",
		"seite.aspx", "seite.jsp", "Angebot.php.pdf", "Rechnung.pdf.html",
	}
	for _, name := range refused {
		if activeDocument(name) == "" {
			t.Errorf("%s accepted", name)
		}
	}
	accepted := []string{
		"Angebot.pdf", "Plan.dwg", "Fotos.zip", "Preise.xlsx", "Angebot.docx", "Version 1.5.pdf",
		"Notiz.txt", "Liste.csv", "html", "Bild.jpg", "Grundriss.pdf.zip",
	}
	for _, name := range accepted {
		if why := activeDocument(name); why != "" {
			t.Errorf("%s refused: %s", name, why)
		}
	}
}

// TestLoadRefusesActiveDocuments: on dir storage a web server serves
// files/Angebot.html as a page and runs its script on the link's origin.
func TestLoadRefusesActiveDocuments(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "x")
	writeTree(t, dir, map[string]string{
		"project.yaml":         "name: X\n",
		"files/Angebot.pdf":    "%PDF",
		"files/Angebot.html":   "<script>alert(1)</script>",
		"files/Plan.svg":       "<svg onload=alert(1)/>",
		"files/upload.php.pdf": "<?php system($_GET['c']);",
	})
	p, err := Load(context.Background(), dir)
	if p != nil {
		t.Fatalf("loaded files %+v", p.Files)
	}
	list := flatten(t, err)
	if len(list) != 3 {
		t.Errorf("got %d problems, want 3:\n%v", len(list), list)
	}
	assertProblem(t, err, want{filepath.Join(dir, "files/Angebot.html"), 0, "", "is a .html document, which a browser opens as a web page"})
	assertProblem(t, err, want{filepath.Join(dir, "files/Plan.svg"), 0, "", "is a .svg document"})
	assertProblem(t, err, want{filepath.Join(dir, "files/upload.php.pdf"), 0, "", "has the extension .php, which a web server may run"})
	for _, p := range list {
		if !strings.Contains(p.Hint, "PDF") || !strings.Contains(p.Hint, ".zip") {
			t.Errorf("hint %q does not say what to do", p.Hint)
		}
	}

	for _, name := range []string{"Angebot.html", "Plan.svg", "upload.php.pdf"} {
		if err := os.Remove(filepath.Join(dir, "files", name)); err != nil {
			t.Fatal(err)
		}
	}
	p, err = Load(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	if want := []project.File{{File: "files/Angebot.pdf", Name: "Angebot.pdf", Size: 4}}; !reflect.DeepEqual(p.Files, want) {
		t.Errorf("files %+v, want %+v", p.Files, want)
	}
}
