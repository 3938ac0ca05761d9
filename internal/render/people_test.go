package render

import (
	"slices"
	"testing"
)

func TestContactParts(t *testing.T) {
	for in, want := range map[string][]contactPart{
		"info@example.de · 0251 123456": {
			{Text: "info@example.de", Href: "mailto:info@example.de"}, {Text: " · "}, {Text: "0251 123456", Href: "tel:0251123456"},
		},
		"Tel. +49 (251) 12-34-56, Hof 12": {
			{Text: "Tel. "}, {Text: "+49 (251) 12-34-56", Href: "tel:+49251123456"}, {Text: ", Hof 12"},
		},
		"Mo–Fr 7–16 Uhr": {{Text: "Mo–Fr 7–16 Uhr"}},
		"":               nil,
	} {
		if got := contactParts(in); !slices.Equal(got, want) {
			t.Errorf("contactParts(%q) = %v, want %v", in, got, want)
		}
	}
}

func TestInitials(t *testing.T) {
	for in, want := range map[string]string{
		"Anna Schmidt": "AS", "Jonas": "J", "Ömer van der Berg": "ÖB", "  ": "", "élise durand": "ÉD",
	} {
		if got := initials(in); got != want {
			t.Errorf("initials(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestFileKind(t *testing.T) {
	for name, want := range map[string]string{
		"Angebot.PDF": "pdf/PDF", "Plan.dwg": "other/DWG", "Skizze.HEIC": "image/HEIC", "Liste.xlsx": "sheet/XLSX", "Brief.docx": "text/DOCX",
		"Foto.jpg": "image/JPG", "Alles.zip": "archive/ZIP", "Vortrag.odp": "slides/ODP", "LIESMICH": "none/",
	} {
		kind, ext := fileKind(name)
		if got := kind + "/" + ext; got != want {
			t.Errorf("fileKind(%q) = %s, want %s", name, got, want)
		}
	}
}

// TestEveryFileKindHasALabel keeps fileKind and the translation tables in
// step: a kind without a label would break the page.
func TestEveryFileKindHasALabel(t *testing.T) {
	for lang, loc := range locales(t) {
		for _, kind := range []string{"pdf", "image", "sheet", "slides", "text", "archive", "other", "none"} {
			if _, err := loc.label("filetype."+kind, "ext", "X"); err != nil {
				t.Errorf("%s: %v", lang, err)
			}
		}
	}
}

func TestTelURL(t *testing.T) {
	for number, want := range map[string]string{
		"0251 123456-12":          "tel:025112345612",
		"+49 251 123456":          "tel:+49251123456",
		"+49 (0) 251 123456-12":   "tel:+4925112345612",
		"+49 (0)251 123456":       "tel:+49251123456",
		" +49 ( 0 ) 170 1234567 ": "tel:+491701234567",
		"(0251) 123456":           "tel:0251123456",
		"0049 251 123456":         "tel:0049251123456",
	} {
		if got := string(telURL(number)); got != want {
			t.Errorf("telURL(%q) = %s, want %s", number, got, want)
		}
	}
}
