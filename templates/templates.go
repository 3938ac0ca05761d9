// Package templates is vitrine's built-in theme: the page layout
// (page.html), one partial per section (section-*.html) and shared
// partials (bar.html, chart-weeks.html), the page for ended links
// (gone.html), the stylesheet
// (style.css) and one translation table per language (i18n/<lang>.json).
// A folder named by the config key `templates:` replaces these files one by
// one; internal/render does all the work, this package only embeds.
package templates

import "embed"

// FS holds the theme files, embedded into the binary so that vitrine runs
// without any files besides the user's content.
//
//go:embed *.html style.css i18n/*.json
var FS embed.FS
