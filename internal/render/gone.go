package render

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"html/template"
	"slices"
)

// goneTemplate is the theme's page for ended links, which is no page of
// a link and so not parsed with the others.
const goneTemplate = "gone.html"

// goneData is what gone.html renders: the company and one block of text
// per language of the theme, the default language first.
type goneData struct {
	Lang    string
	Company companyData
	// Style is the theme's stylesheet, inline because the page is served
	// for any missing key and so has no folder to load it from; StyleHash
	// is its CSP source, which allows this stylesheet and no other.
	Style     template.CSS
	StyleHash string
	Texts     []goneText
}

// goneText is the page's text in one language.
type goneText struct {
	Lang, Title, Text, Imprint, Privacy string
}

// Gone returns the page storage serves in place of a link that has ended
// (deactivated, expired or never issued): in every language of the theme,
// with the company's name, contact and legal pages. It holds nothing of
// any link or project, so one page serves all of them. lang, the site's
// language, comes first and is the page's.
func Gone(opts Options, lang string) ([]byte, error) {
	style, err := readSource(opts.Overrides, styleFile)
	if err != nil {
		return nil, err
	}
	src, err := readSource(opts.Overrides, goneTemplate)
	if err != nil {
		return nil, err
	}
	page, err := template.New(goneTemplate).Parse(string(src.data))
	if err != nil {
		return nil, locate([]source{src}, err)
	}
	tables, err := readSources(opts.Overrides, "i18n/*.json")
	if err != nil {
		return nil, err
	}
	c := opts.Company
	sum := sha256.Sum256(style.data)
	d := goneData{
		Lang: lang,
		Company: companyData{
			Name: c.Name, Contact: contactParts(c.Contact), ImprintURL: c.ImprintURL, PrivacyURL: c.PrivacyURL,
		},
		Style:     template.CSS(style.data),
		StyleHash: "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'",
	}
	for _, t := range tables {
		loc, err := parseLocale(t)
		if err != nil {
			return nil, err
		}
		tx := &texts{loc: loc}
		d.Texts = append(d.Texts, goneText{
			Lang: loc.lang, Title: tx.t("gone.title"), Text: tx.t("gone.text", "company", c.Name),
			Imprint: tx.t("footer.imprint"), Privacy: tx.t("footer.privacy"),
		})
		if tx.err != nil {
			return nil, t.fail(0, tx.err)
		}
	}
	if i := slices.IndexFunc(d.Texts, func(t goneText) bool { return t.Lang == lang }); i > 0 {
		first := d.Texts[i]
		d.Texts = slices.Insert(slices.Delete(d.Texts, i, i+1), 0, first)
	}
	var buf bytes.Buffer
	if err := page.Execute(&buf, d); err != nil {
		return nil, locate([]source{src}, err)
	}
	return buf.Bytes(), nil
}
