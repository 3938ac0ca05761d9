// Package render turns an access.View into the files of one link folder:
// the page, its stylesheet, the times.csv download, photos and documents.
// Output is deterministic: the same View and inputs give the same bytes.
package render

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"path"
	"regexp"
	"slices"
	"strings"

	"github.com/yuin/goldmark"

	"github.com/vitrine/vitrine/internal/access"
)

// File is one object of a link folder.
type File struct {
	// Path is the slash path inside the link folder, e.g. index.html,
	// style.css, times.csv, photos/vorher.jpg, files/Angebot.pdf.
	Path        string
	ContentType string
	// Body holds generated content. It is nil when Open is set. Renders may
	// share it (the stylesheet, the logo): treat it as read-only.
	Body []byte
	// Open streams an original file (a document) from the project folder,
	// so that large files never sit in memory. Nil when Body is set.
	Open func() (io.ReadCloser, error)
}

// Company is the company block shown on every page.
type Company struct {
	Name    string
	Contact string
	// Logo is the logo file's content, published in every link folder as
	// LogoName (e.g. logo.svg). Both are set, or neither (no logo).
	Logo     []byte
	LogoName string
	// ImprintURL and PrivacyURL are the company's Impressum and
	// Datenschutz pages, linked in the footer of every page; "" for none.
	ImprintURL, PrivacyURL string
}

// Options configure a Renderer.
type Options struct {
	Company Company
	// Overrides holds theme files (the config key `templates:`) that
	// replace the built-in ones of the same name, e.g. page.html,
	// section-notes.html, style.css, i18n/de.json. Nil = built-in only.
	Overrides fs.FS
}

// ErrUnsealed is returned by Render for a View that access.Filter did not
// build: only the filter decides what a link may show.
var ErrUnsealed = errors.New("render: view was not built by access.Filter")

// Renderer renders Views into link folders. One Renderer serves any number
// of goroutines. Its only mutable state is a memo of published photos,
// bounded in size, so that the links of one project decode each photo once:
// use one Renderer for a publish run.
type Renderer struct {
	company  Company
	contact  []contactPart // the company's contact line, split once
	logoType string
	icon     []byte // iconFile, published when there is no logo
	style    []byte
	themes   map[string]*theme // by language, e.g. "de"
	md       goldmark.Markdown
	photos   *photoMemo
}

// logoName is what a logo file may be called: a plain file name, so that it
// lands next to index.html and needs no URL escaping.
var logoName = regexp.MustCompile(`^[A-Za-z0-9_-][A-Za-z0-9._-]*$`)

// New parses the theme once. A broken override is a *problem.Problem
// naming the template file (relative to the overrides folder) and line.
func New(opts Options) (*Renderer, error) {
	c := opts.Company
	c.Logo = slices.Clone(c.Logo) // the Renderer must not change under its users
	r := &Renderer{company: c, contact: contactParts(c.Contact), md: newMarkdown(), photos: newPhotoMemo()}
	if (len(c.Logo) > 0) != (c.LogoName != "") {
		return nil, errors.New("company logo: set both its content and its file name, or neither")
	}
	if c.LogoName != "" {
		r.logoType = mime.TypeByExtension(strings.ToLower(path.Ext(c.LogoName)))
		switch {
		case !logoName.MatchString(c.LogoName):
			return nil, fmt.Errorf("company logo %q: use a plain file name of letters, digits, '.', '-' and '_'", c.LogoName)
		case c.LogoName == pageFile || c.LogoName == styleFile || c.LogoName == csvFile || c.LogoName == iconFile:
			return nil, fmt.Errorf("company logo %q: the name is taken by the page; rename it", c.LogoName)
		case !strings.HasPrefix(r.logoType, "image/"):
			return nil, fmt.Errorf("company logo %q: not an image type; use SVG, PNG or JPEG", c.LogoName)
		}
	} else {
		r.icon = icon(c.Name)
	}
	style, err := readSource(opts.Overrides, styleFile)
	if err != nil {
		return nil, err
	}
	r.style = style.data
	if r.themes, err = r.loadThemes(opts.Overrides); err != nil {
		return nil, err
	}
	return r, nil
}

// Render returns the files of one link folder, sorted by Path. project is
// the project folder (site/projects/<slug>), the only place photos and
// documents are read from. A photo that cannot be published is reported as
// a *problem.Problem (several as a problem.List) whose File is relative to
// project. When project is a comparable value (os.DirFS, a string type),
// each photo is decoded once for all the links of the project that show it.
func (r *Renderer) Render(ctx context.Context, v *access.View, project fs.FS) ([]File, error) {
	if !v.Sealed() {
		return nil, ErrUnsealed
	}
	lang := v.Locale
	if lang == "" {
		lang = defaultLocale
	}
	th, ok := r.themes[lang]
	if !ok {
		return nil, fmt.Errorf("render: no translation for locale %q", v.Locale)
	}
	photos, err := r.photos.photos(ctx, project, v.Photos)
	if err != nil {
		return nil, err
	}
	docs, err := documents(project, v.Files)
	if err != nil {
		return nil, err
	}
	page, err := r.page(th, v, photos)
	if err != nil {
		return nil, err
	}
	out := []File{
		{Path: pageFile, ContentType: "text/html; charset=utf-8", Body: page},
		{Path: styleFile, ContentType: "text/css; charset=utf-8", Body: r.style},
	}
	if r.company.LogoName != "" {
		out = append(out, File{Path: r.company.LogoName, ContentType: r.logoType, Body: r.company.Logo})
	} else {
		out = append(out, File{Path: iconFile, ContentType: "image/svg+xml", Body: r.icon})
	}
	if v.Times != nil {
		csv, err := timesCSV(th.loc, v)
		if err != nil {
			return nil, err
		}
		out = append(out, File{Path: csvFile, ContentType: "text/csv; charset=utf-8", Body: csv})
	}
	tx := &texts{loc: th.loc}
	out = append(out, calendars(tx, v, r.company.Name)...)
	if tx.err != nil {
		return nil, tx.err
	}
	for _, p := range photos {
		out = append(out, p.file)
		if p.thumb != nil {
			out = append(out, *p.thumb)
		}
	}
	out = append(out, docs...)
	slices.SortFunc(out, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return out, nil
}
