package config

import (
	"net/url"
	"strings"

	"github.com/vitrine/vitrine/internal/problem"
)

// exampleCompanies are the company names vitrine's own files carry: the
// config of vitrine init and the demo's. A site still showing one has
// not been set up yet.
var exampleCompanies = []string{"Musterbetrieb GmbH", "Malerbetrieb Beispiel GmbH"}

// Placeholders returns a warning for each setting that is still an
// example: a customer page would show the wrong name, or a link would
// point at an address that is nobody's; and, for a German site, for each
// legal page it does not link yet. They are warnings, not errors: trying
// vitrine out with the examples is fine.
func (c *Config) Placeholders() problem.List {
	var out problem.List
	add := func(field, msg, hint string) {
		out = append(out, &problem.Problem{File: c.File, Line: c.line(field), Field: field, Msg: msg, Hint: hint})
	}
	for _, name := range exampleCompanies {
		if strings.EqualFold(strings.TrimSpace(c.Company.Name), name) {
			add("company.name", "is still the example "+name, "put in the company's name, as customers know it")
		}
	}
	if u, err := url.Parse(c.BaseURL); err == nil && exampleHost(u.Hostname()) {
		add("base_url", "is still the example address "+c.BaseURL,
			"put in the address customers open (the CDN in front of the storage); links sent with it lead nowhere")
	}
	for _, word := range strings.Fields(c.Company.Contact) {
		if at := strings.LastIndexByte(word, '@'); at >= 0 && exampleHost(strings.Trim(word[at+1:], "<>,;()")) {
			add("company.contact", "has the example e-mail address "+word, "put in the address customers may write to")
		}
	}
	for _, page := range []struct{ field, value, missing, example string }{
		{"company.imprint_url", c.Company.ImprintURL,
			"is empty: a German business site must link its Impressum (§ 5 DDG)", "https://www.maler-schmitz.de/impressum"},
		{"company.privacy_url", c.Company.PrivacyURL,
			"is empty: a German business site must link its privacy policy (Datenschutzerklärung, Art. 13 DSGVO)", "https://www.maler-schmitz.de/datenschutz"},
	} {
		u, err := url.Parse(page.value)
		switch {
		case page.value == "" && c.Locale == "de":
			add(page.field, page.missing, "put in the address of the page on the company's website, e.g. "+page.example+"; every customer page links it in its footer")
		case page.value != "" && err == nil && exampleHost(u.Hostname()):
			add(page.field, "is still the example address "+page.value, "put in the address of the page on the company's website; customers who follow it find nothing")
		}
	}
	return out
}

// exampleHost reports whether host is one of the names RFC 2606 keeps for
// examples, which nobody can own.
func exampleHost(host string) bool {
	labels := strings.Split(strings.TrimSuffix(strings.ToLower(host), "."), ".")
	switch labels[len(labels)-1] {
	case "example", "invalid", "test":
		return true
	}
	return len(labels) >= 2 && labels[len(labels)-2] == "example"
}
