package render

import (
	"strings"
	"testing"
)

func TestMarkdownGuard(t *testing.T) {
	r := newRenderer(t, Options{})
	scope := mdScope{
		photos: map[string]string{"photos/bad.jpg": "photos/bad.jpg", "photos/Küche neu.webp": "photos/K%C3%BCche%20neu.jpg"},
		files:  map[string]string{"files/Plan.pdf": "files/Plan.pdf"},
		dir:    "notes",
	}
	cases := []struct {
		name, src string
		want      []string // in the output
		absent    []string // not in the output
	}{
		{"raw html", "<script>alert(1)</script>\n\nText <b onclick=\"x()\">fett</b> <!-- intern: Nachlass 10% -->",
			[]string{"Text", "fett"}, []string{"<script", "<b", "onclick", "<!--", "intern", "Nachlass"}},
		{"html block", "<div class=\"x\">\n<iframe src=\"https://evil.example\"></iframe>\n</div>\n\nDanach",
			[]string{"Danach"}, []string{"<div", "<iframe", "evil", "<!--"}},
		{"visible photo", "![Das Bad](photos/bad.jpg)",
			[]string{`<img src="photos/bad.jpg" alt="Das Bad" loading="lazy">`}, nil},
		{"photo under its published name", "![neu](<photos/Küche neu.webp>)",
			[]string{`src="photos/K%C3%BCche%20neu.jpg"`}, []string{"webp"}},
		{"photo relative to the note", "![Bad](../photos/bad.jpg)",
			[]string{`src="photos/bad.jpg"`}, []string{".."}},
		{"hidden photo", "Zustand: ![Keller feucht](photos/keller-schimmel.jpg)",
			[]string{"Zustand: Keller feucht"}, []string{"keller-schimmel", "<img"}},
		{"external image", "![Pixel](https://tracker.example/p.gif)",
			[]string{"Pixel"}, []string{"tracker", "<img"}},
		{"data image", "![x](data:image/png;base64,iVBORw0KGgo=)",
			nil, []string{"data:", "<img"}},
		{"visible file", "[Plan](files/Plan.pdf)",
			[]string{`<a href="files/Plan.pdf">Plan</a>`}, []string{"rel="}},
		{"hidden file", "Siehe [Rechnung](files/Rechnung-2024-99.pdf).",
			[]string{"Siehe Rechnung."}, []string{"Rechnung-2024-99", "<a"}},
		{"link to a photo", "[Foto](photos/bad.jpg)",
			[]string{`<a href="photos/bad.jpg">Foto</a>`}, nil},
		{"other relative path", "[Kalkulation](../internal/kalkulation.xlsx)",
			[]string{"Kalkulation"}, []string{"kalkulation.xlsx", "<a"}},
		{"javascript link", "[klick](javascript:alert(document.cookie))",
			[]string{"klick"}, []string{"javascript", "<a"}},
		{"javascript autolink", "<javascript:alert(1)>",
			nil, []string{"<a"}},
		{"fragment link", "[oben](#top)",
			[]string{"oben"}, []string{"<a"}},
		{"web link", "[Hersteller](https://example.de/fliesen)",
			[]string{`<a href="https://example.de/fliesen" rel="noopener noreferrer">Hersteller</a>`}, nil},
		{"mail and phone", "<info@example.de> [anrufen](tel:+49251123456) www.example.de",
			[]string{`href="mailto:info@example.de" rel="noopener noreferrer"`, `href="tel:+49251123456" rel="noopener noreferrer"`,
				`href="http://www.example.de" rel="noopener noreferrer"`}, nil},
		{"link around hidden image", "[![Keller](photos/keller.jpg)](files/geheim.pdf)",
			[]string{"Keller"}, []string{"keller.jpg", "geheim", "<a", "<img"}},
		{"headings below the page's", "# Titel\n\n###### tief",
			[]string{"<h4>Titel</h4>", "<h6>tief</h6>"}, []string{"<h1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := scope
			s.shift = 3
			got, err := r.markdown(c.src, &s)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range c.want {
				if !strings.Contains(string(got), w) {
					t.Errorf("output lacks %q:\n%s", w, got)
				}
			}
			for _, a := range c.absent {
				if strings.Contains(string(got), a) {
					t.Errorf("output contains %q:\n%s", a, got)
				}
			}
		})
	}
}

// TestNoteCannotRevealHiddenSections renders a note that refers to a photo
// and a document while the photos and files sections are hidden.
func TestNoteCannotRevealHiddenSections(t *testing.T) {
	r := newRenderer(t, Options{})
	out, err := r.Render(t.Context(), view("de", "notes"), fixtureFS(t))
	if err != nil {
		t.Fatal(err)
	}
	page := string(byPath(t, out)["index.html"].Body)
	for _, s := range []string{"nachher.png", "Grundriss.pdf", "files/", "photos/", "<script"} {
		if strings.Contains(page, s) {
			t.Errorf("page contains %q", s)
		}
	}
	if !strings.Contains(page, "Plan: Grundriss.") {
		t.Error("link text of the hidden document is missing")
	}
}
