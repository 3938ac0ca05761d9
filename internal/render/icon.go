package render

import (
	"fmt"
	"html"
	"strings"
)

// iconFile is the page's icon when the company has no logo. Without an
// icon of its own, a browser asks for /favicon.ico at the root of the
// site: a request outside the link's folder.
const iconFile = "icon.svg"

// icon draws the first letters of the company's first two words on a
// rounded square, the shape tabs and home screens expect, in the theme's
// accent colour: "Malerbetrieb Beispiel GmbH" is MB, not MG.
func icon(company string) []byte {
	letters := "·"
	if words := strings.Fields(company); len(words) > 0 {
		letters = firstLetter(words[0])
		if len(words) > 1 {
			letters += firstLetter(words[1])
		}
	}
	return fmt.Appendf(nil, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64">`+
		`<rect width="64" height="64" rx="14" fill="#1b5aa6"/>`+
		`<text x="32" y="42" fill="#fff" font-family="system-ui, sans-serif" font-size="26" font-weight="700" text-anchor="middle">%s</text>`+
		"</svg>\n", html.EscapeString(letters))
}
