package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"regexp"
	"strings"
	"testing"
	"testing/fstest"
)

func TestGone(t *testing.T) {
	page, err := Gone(Options{Company: Company{
		Name: "Malerbetrieb Beispiel GmbH", Contact: "info@example.de · 0251 123456",
		ImprintURL: "https://www.example.de/impressum", PrivacyURL: "https://www.example.de/datenschutz",
	}}, "de")
	if err != nil {
		t.Fatal(err)
	}
	s := string(page)
	for _, want := range []string{
		`<html lang="de">`,
		"Dieser Link ist nicht mehr gültig", "Bitte wenden Sie sich an Malerbetrieb Beispiel GmbH:",
		"This link is no longer valid", "Please contact Malerbetrieb Beispiel GmbH:",
		`<a href="tel:0251123456">0251 123456</a>`, `<a href="mailto:info@example.de">`,
		`<a href="https://www.example.de/impressum">Impressum</a>`, `<a href="https://www.example.de/datenschutz">Privacy</a>`,
		`<meta name="robots" content="noindex, nofollow">`,
	} {
		if !strings.Contains(s, want) {
			t.Errorf("gone page lacks %q", want)
		}
	}
	if strings.Index(s, `lang="de"`) > strings.Index(s, `lang="en"`) {
		t.Error("German, the site's language, does not come first")
	}
	// An English site's page is English first.
	en, err := Gone(Options{Company: Company{Name: "Malerbetrieb Beispiel GmbH"}}, "en")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(en, []byte(`<html lang="en">`)) || bytes.Index(en, []byte(`lang="en"`)) > bytes.Index(en, []byte(`lang="de"`)) {
		t.Error("the gone page of an English site is not English first")
	}
	// Self-contained: the stylesheet inline, allowed by its hash alone.
	if strings.Contains(s, `href="style.css"`) || strings.Contains(s, "src=") {
		t.Error("gone page loads a file")
	}
	style := regexp.MustCompile(`(?s)<style>(.*)</style>`).FindStringSubmatch(s)
	if style == nil {
		t.Fatal("no inline style")
	}
	sum := sha256.Sum256([]byte(style[1]))
	if hash := "style-src &#39;sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "&#39;;"; !strings.Contains(s, hash) {
		t.Errorf("the CSP does not allow the inline style by its hash %s", hash)
	}
}

// TestGoneWithoutLegalPages leaves the footer out rather than link
// nowhere, and takes an override of the theme.
func TestGoneWithoutLegalPages(t *testing.T) {
	page, err := Gone(Options{
		Company:   Company{Name: "Firma"},
		Overrides: fstest.MapFS{"style.css": {Data: []byte("body{color:red}")}},
	}, "de")
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Contains(page, []byte("<footer")) || !bytes.Contains(page, []byte("<style>body{color:red}</style>")) {
		t.Errorf("gone page:\n%s", page)
	}
}
