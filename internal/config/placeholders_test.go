package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlaceholders(t *testing.T) {
	const legal = "  imprint_url: https://www.maler-schmitz.de/impressum\n  privacy_url: https://www.maler-schmitz.de/datenschutz\n"
	write := func(company, contact, baseURL string, more ...string) *Config {
		dir := t.TempDir()
		name := filepath.Join(dir, "config.yaml")
		text := "company:\n  name: " + company + "\n  contact: \"" + contact + "\"\n" + strings.Join(more, "") + "base_url: " + baseURL + "\n"
		if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		c, err := Load(name)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	c := write("Musterbetrieb GmbH", "info@example.de · 0251 123456", "https://projekte.example.de")
	got := c.Placeholders().Error()
	for _, want := range []string{
		c.File + ":2: company.name: is still the example Musterbetrieb GmbH; put in the company's name",
		c.File + ":4: base_url: is still the example address https://projekte.example.de; put in the address customers open",
		c.File + ":3: company.contact: has the example e-mail address info@example.de",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Placeholders = %s\nwant it to say %q", got, want)
		}
	}
	for _, real := range []*Config{
		write("Malerbetrieb Schmitz GmbH", "info@maler-schmitz.de · 0251 123456", "https://projekte.maler-schmitz.de", legal),
		write("Mustermann Bau", "kontakt@example-bau.de", "https://example-bau.de/projekte", legal),
		// The legal pages are German law; an English site may leave them out.
		write("Smith Builders Ltd", "office@smith-builders.co.uk", "https://projects.smith-builders.co.uk", "locale: en\n"),
	} {
		if p := real.Placeholders(); len(p) > 0 {
			t.Errorf("Placeholders of a set-up site = %v, want none", p)
		}
	}
	c = write("Malerbetrieb Schmitz GmbH", "info@maler-schmitz.de", "https://projekte.maler-schmitz.de")
	got = c.Placeholders().Error()
	for _, want := range []string{
		c.File + ":1: company.imprint_url: is empty: a German business site must link its Impressum",
		c.File + ":1: company.privacy_url: is empty: a German business site must link its privacy policy",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Placeholders without legal pages = %s\nwant it to say %q", got, want)
		}
	}
	c = write("Malerbetrieb Schmitz GmbH", "info@maler-schmitz.de", "https://projekte.maler-schmitz.de",
		"  imprint_url: https://www.example.de/impressum\n  privacy_url: https://www.maler-schmitz.de/datenschutz\n")
	if got, want := c.Placeholders().Error(), c.File+":4: company.imprint_url: is still the example address https://www.example.de/impressum"; !strings.HasPrefix(got, want) || len(c.Placeholders()) != 1 {
		t.Errorf("Placeholders with the example Impressum = %s\nwant only %q", got, want)
	}
	for _, host := range []string{"projekte.example.com", "example.org", "x.test", "kunden.invalid", "EXAMPLE.NET."} {
		if !exampleHost(host) {
			t.Errorf("exampleHost(%q) = false", host)
		}
	}
}
