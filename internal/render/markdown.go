package render

import (
	"bytes"
	"fmt"
	"html/template"
	"net/url"
	"path"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// newMarkdown returns the Markdown converter for descriptions and notes.
// goldmark's default renderer omits raw HTML; the guard below also removes
// the placeholder comment it would leave, and every image or link that does
// not point to something the page publishes. The converter holds no state
// of its own, so all renders share it.
func newMarkdown() goldmark.Markdown {
	return goldmark.New(
		goldmark.WithExtensions(
			// align="…", not style="text-align:…": the page's
			// Content-Security-Policy drops inline styles.
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignAttribute)),
			extension.Strikethrough, extension.Linkify),
		goldmark.WithParserOptions(parser.WithASTTransformers(util.Prioritized(guard{}, 0))),
		// Office staff write line by line, as in an e-mail.
		goldmark.WithRendererOptions(html.WithHardWraps()),
	)
}

// scopeKey carries the mdScope of one conversion through the parser
// context, which is per conversion, unlike the shared converter.
var scopeKey = parser.NewContextKey()

// mdScope is what one Markdown text may refer to.
type mdScope struct {
	// photos and files map a published photo or document, as a path
	// relative to the project folder, to its URL in the link folder.
	// Anything the View lacks is absent, so a note cannot reveal it.
	photos, files map[string]string
	// dir is the folder of the Markdown file, so that ../photos/x.jpg
	// (what an editor previews correctly for notes/x.md) resolves too.
	dir string
	// shift moves headings down below the page's own: a note's "# Title"
	// must not compete with the page's h1.
	shift int
}

// markdown renders src within scope.
func (r *Renderer) markdown(src string, scope *mdScope) (template.HTML, error) {
	pc := parser.NewContext()
	pc.Set(scopeKey, scope)
	var buf bytes.Buffer
	if err := r.md.Convert([]byte(src), &buf, parser.WithContext(pc)); err != nil {
		return "", fmt.Errorf("render markdown: %w", err)
	}
	// Safe as HTML: goldmark escapes all text, and guard removed raw HTML.
	return template.HTML(buf.String()), nil
}

// guard is the AST transformer that enforces mdScope.
type guard struct{}

// Transform rewrites the document before rendering. Nodes are collected
// first because the tree is changed while handling them.
func (guard) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	scope := pc.Get(scopeKey).(*mdScope)
	var nodes []ast.Node
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n.Kind() {
		case ast.KindImage, ast.KindLink, ast.KindAutoLink, ast.KindRawHTML, ast.KindHTMLBlock, ast.KindHeading:
			if entering {
				nodes = append(nodes, n)
			}
		}
		return ast.WalkContinue, nil
	})
	for _, n := range nodes {
		switch n := n.(type) {
		case *ast.Heading:
			n.Level = min(n.Level+scope.shift, 6)
		case *ast.RawHTML, *ast.HTMLBlock:
			n.Parent().RemoveChild(n.Parent(), n)
		case *ast.Image:
			// Only the page's own photos: an external image would be a
			// request to a third party.
			if u, ok := scope.local(n.Destination, scope.photos); ok {
				n.Destination = []byte(u)
				n.SetAttributeString("loading", []byte("lazy"))
			} else {
				unwrap(n)
			}
		case *ast.Link:
			if u, ok := scope.local(n.Destination, scope.photos, scope.files); ok {
				n.Destination = []byte(u)
			} else if external(string(n.Destination)) {
				n.SetAttributeString("rel", []byte("noopener noreferrer"))
			} else {
				unwrap(n)
			}
		case *ast.AutoLink:
			if n.AutoLinkType == ast.AutoLinkEmail || external(string(n.URL(reader.Source()))) {
				n.SetAttributeString("rel", []byte("noopener noreferrer"))
			} else {
				n.Parent().ReplaceChild(n.Parent(), n, ast.NewString(n.Label(reader.Source())))
			}
		}
	}
}

// local resolves a relative destination to the URL of a published photo
// or document.
func (s *mdScope) local(dest []byte, in ...map[string]string) (string, bool) {
	u, err := url.Parse(string(dest))
	if err != nil || u.Scheme != "" || u.Host != "" || u.Opaque != "" || u.Path == "" {
		return "", false
	}
	// The maps hold published paths (NFC): a note typed on Windows and a
	// photo copied from a Mac may encode an umlaut differently.
	for _, p := range []string{published(path.Clean(u.Path)), published(path.Join(s.dir, u.Path))} {
		for _, m := range in {
			if href, ok := m[p]; ok {
				return href, true
			}
		}
	}
	return "", false
}

// external reports whether dest is a link the customer may follow out of
// the page: web, e-mail and phone. Everything else (javascript:, data:,
// file:, paths to unpublished files) is not a link on the page.
func external(dest string) bool {
	u, err := url.Parse(dest)
	if err != nil {
		return false
	}
	switch u.Scheme {
	case "http", "https":
		return u.Host != ""
	case "mailto", "tel":
		return u.Opaque != ""
	}
	return false
}

// unwrap replaces n by its children: a link by its text, an image by its
// alt text.
func unwrap(n ast.Node) {
	parent := n.Parent()
	for c := n.FirstChild(); c != nil; {
		next := c.NextSibling()
		parent.InsertBefore(parent, n, c)
		c = next
	}
	parent.RemoveChild(parent, n)
}
