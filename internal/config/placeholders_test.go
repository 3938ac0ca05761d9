package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestPlaceholders(t *testing.T) {
	write := func(company, contact, baseURL string) *Config {
		dir := t.TempDir()
		name := filepath.Join(dir, "config.yaml")
		text := "company:\n  name: " + company + "\n  contact: \"" + contact + "\"\nbase_url: " + baseURL + "\n"
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
		write("Malerbetrieb Schmitz GmbH", "info@maler-schmitz.de · 0251 123456", "https://projekte.maler-schmitz.de"),
		write("Mustermann Bau", "kontakt@example-bau.de", "https://example-bau.de/projekte"),
	} {
		if p := real.Placeholders(); len(p) > 0 {
			t.Errorf("Placeholders of a set-up site = %v, want none", p)
		}
	}
	for _, host := range []string{"projekte.example.com", "example.org", "x.test", "kunden.invalid", "EXAMPLE.NET."} {
		if !exampleHost(host) {
			t.Errorf("exampleHost(%q) = false", host)
		}
	}
}
