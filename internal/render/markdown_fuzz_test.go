package render

import (
	"fmt"
	"html"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// mdElements are the elements and attributes the Markdown renderer writes
// (CommonMark, tables, strikethrough); anything else in its output came
// from the input.
var mdElements = map[string][]string{
	"p": nil, "br": nil, "hr": nil, "em": nil, "strong": nil, "del": nil, "blockquote": nil,
	"h1": nil, "h2": nil, "h3": nil, "h4": nil, "h5": nil, "h6": nil,
	"ul": nil, "ol": {"start"}, "li": nil, "pre": nil, "code": {"class"},
	"a":     {"href", "rel", "title"},
	"img":   {"src", "alt", "title", "loading"},
	"table": nil, "thead": nil, "tbody": nil, "tr": nil, "th": {"align"}, "td": {"align"},
}

// mdSchemes are the URL schemes a link may use; a photo, only a path.
var mdSchemes = map[string]bool{"http": true, "https": true, "mailto": true, "tel": true}

var (
	mdTag     = regexp.MustCompile(`^<(/?)([a-z][a-z0-9]*)((?:\s+[a-z-]+="[^"<>]*")*)\s*/?>`)
	mdAttr    = regexp.MustCompile(`([a-z-]+)="([^"]*)"`)
	urlScheme = regexp.MustCompile(`^([a-z][a-z0-9+.-]*):`)
)

// checkMarkdownHTML returns what in out the Markdown renderer cannot have
// written itself: a tag or attribute it does not write, an event handler,
// a comment, a URL that runs code or embeds content (javascript:,
// vbscript:, data:), or a path that is not one of the published ones,
// judged after entities are decoded and tabs and newlines removed, as a
// browser does.
func checkMarkdownHTML(out string, published ...string) error {
	for rest := out; ; {
		i := strings.IndexByte(rest, '<')
		if i < 0 {
			break
		}
		rest = rest[i:]
		m := mdTag.FindStringSubmatch(rest)
		if m == nil {
			return fmt.Errorf("not a tag the renderer writes: %.40q", rest)
		}
		rest = rest[len(m[0]):]
		allowed, ok := mdElements[m[2]]
		if !ok {
			return fmt.Errorf("element <%s>", m[2])
		}
		for _, a := range mdAttr.FindAllStringSubmatch(m[3], -1) {
			name, value := a[1], html.UnescapeString(a[2])
			if !slices.Contains(allowed, name) {
				return fmt.Errorf("attribute %s on <%s>", name, m[2])
			}
			if name != "href" && name != "src" {
				continue
			}
			u := strings.Map(func(r rune) rune {
				if r == '\t' || r == '\n' || r == '\r' {
					return -1
				}
				return r
			}, strings.TrimLeft(value, "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "))
			s := urlScheme.FindStringSubmatch(strings.ToLower(u))
			switch {
			case s == nil && !slices.Contains(published, u),
				s != nil && (name == "src" || !mdSchemes[s[1]]):
				return fmt.Errorf("%s=%q", name, value)
			}
		}
	}
	return nil
}

// TestCheckMarkdownHTML shows that the fuzz target's check catches what it
// is meant to.
func TestCheckMarkdownHTML(t *testing.T) {
	good := `<p>a &lt;script&gt; <a href="https://example.de" rel="noopener noreferrer">x</a><br>` +
		`<img src="photos/a.jpg" alt="onerror=x" loading="lazy"></p><pre><code class="language-go">x</code></pre>` +
		`<table><thead><tr><th align="left">a</th></tr></thead></table><ol start="3"><li>x</li></ol>`
	if err := checkMarkdownHTML(good, "photos/a.jpg"); err != nil {
		t.Errorf("renderer's own output refused: %v", err)
	}
	for _, bad := range []string{
		`<script>alert(1)</script>`, `<p>x</p><iframe src="x"></iframe>`, `<svg>`, `<style>`,
		`<img src="a.jpg" onerror="x">`, `<p style="color:red">`, `<!-- raw HTML omitted -->`,
		`<a href="javascript:alert(1)">`, `<a href="JaVaScRiPt:alert(1)">`, `<a href="&#106;avascript:x">`,
		`<a href="java&#9;script:x">`, `<a href=" vbscript:x">`, `<a href="data:text/html,x">`,
		`<img src="https://tracker.example/p.gif">`, `<a href='x'>`, `<p`, `<a href="a.jpg" href="javascript:x">`,
		`<a href="files/geheim.pdf">`, `<img src="../internal/x.jpg">`, `<a href="#top">`,
	} {
		if checkMarkdownHTML(bad, "a.jpg") == nil {
			t.Errorf("%s passes the check", bad)
		}
	}
}

// FuzzMarkdown renders arbitrary Markdown as a description and as a note:
// no panic, and nothing in the output but what the renderer writes itself.
func FuzzMarkdown(f *testing.F) {
	for _, seed := range []string{
		"# Titel\n\nText **fett** _kursiv_ ~~weg~~\n\n- a\n- b\n\n3. drei\n\n> zitat\n\n```go\nx\n```",
		"<script>alert(1)</script>\n\n<b onclick=\"x()\">fett</b> <!-- intern -->",
		"[a](javascript:alert(1)) [b](JaVaScRiPt:alert(1)) [c](&#106;avascript:alert(1)) [d](<java\tscript:x>)",
		"[e](vbscript:msgbox) ![f](data:image/png;base64,iVBORw0KGgo=) <javascript:alert(1)> <data:text/html,x>",
		"![Bad](photos/bad.jpg \"onerror=alert(1)\") ![x](../photos/bad.jpg) [Plan](files/Plan.pdf) [x](files/geheim.pdf)",
		"| a | b |\n|:--|--:|\n| <img src=x onerror=alert(1)> | [x](javascript:x) |",
		"www.example.de info@example.de https://example.de/<script> <https://example.de/\"onmouseover=\"x>",
		"[x]: javascript:alert(1)\n\n[link][x] ![img][x]",
		"<svg><style>x</style></svg>\n<iframe src=\"https://evil.example\"></iframe>",
		"[a](<\x01javascript:x>) [b](\\javascript:x) [c](java%0Ascript:x) [d](&#x6A;avascript:x)",
	} {
		f.Add(seed, false)
	}
	r := newRenderer(f, Options{})
	f.Fuzz(func(t *testing.T, src string, note bool) {
		scope := mdScope{
			photos: map[string]string{"photos/bad.jpg": "photos/bad.jpg"},
			files:  map[string]string{"files/Plan.pdf": "files/Plan.pdf"},
			shift:  2,
		}
		if note {
			scope.dir, scope.shift = "notes", 3
		}
		out, err := r.markdown(src, &scope)
		if err != nil {
			t.Fatal(err)
		}
		if err := checkMarkdownHTML(string(out), "photos/bad.jpg", "files/Plan.pdf"); err != nil {
			t.Errorf("%v in\n%s", err, out)
		}
	})
}
