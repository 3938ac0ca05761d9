package render

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"io/fs"
	"regexp"
	"slices"
	"strconv"

	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/templates"
)

// The theme files render refers to by name.
const (
	pageTemplate = "page.html"
	styleFile    = "style.css"
)

// source is one theme file and whether the user's templates folder
// supplied it.
type source struct {
	name     string
	data     []byte
	override bool
}

// fail reports err at line of src: a Problem when the file is the user's
// override, so that the CLI names it and the user can fix it; a plain error
// for a built-in file, which would be a bug in vitrine.
func (s source) fail(line int, err error) error {
	if s.override {
		return &problem.Problem{
			File: s.name, Line: line, Msg: err.Error(),
			Hint: "fix this file in the templates folder, or delete it to use the built-in one",
		}
	}
	return fmt.Errorf("built-in theme %s:%d: %w", s.name, line, err)
}

// readSource returns the theme file name, from overrides when it holds a
// file of that name.
func readSource(overrides fs.FS, name string) (source, error) {
	if overrides != nil {
		data, err := fs.ReadFile(overrides, name)
		if err == nil {
			// Notepad may start the file with a byte order mark, which
			// JSON refuses and a template would copy into the page.
			return source{name: name, data: bytes.TrimPrefix(data, []byte("\ufeff")), override: true}, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return source{}, fmt.Errorf("read template override %s: %w", name, err)
		}
	}
	data, err := fs.ReadFile(templates.FS, name)
	if err != nil {
		return source{}, fmt.Errorf("read built-in theme: %w", err)
	}
	return source{name: name, data: data}, nil
}

// readSources returns the theme files matching pattern. The built-in theme
// decides which files exist: an override only replaces one of them.
func readSources(overrides fs.FS, pattern string) ([]source, error) {
	names, err := fs.Glob(templates.FS, pattern)
	if err != nil {
		return nil, fmt.Errorf("list built-in theme: %w", err)
	}
	srcs := make([]source, len(names))
	for i, name := range names {
		if srcs[i], err = readSource(overrides, name); err != nil {
			return nil, err
		}
	}
	return srcs, nil
}

// theme is the page template bound to one language.
type theme struct {
	loc  *locale
	page *template.Template
}

// loadThemes parses the page templates once per language of the theme, so
// that rendering only executes (which html/template allows concurrently).
func (r *Renderer) loadThemes(overrides fs.FS) (map[string]*theme, error) {
	pages, err := readSources(overrides, "*.html")
	if err != nil {
		return nil, err
	}
	pages = slices.DeleteFunc(pages, func(s source) bool { return s.name == goneTemplate })
	tables, err := readSources(overrides, "i18n/*.json")
	if err != nil {
		return nil, err
	}
	themes := make(map[string]*theme, len(tables))
	for _, src := range tables {
		loc, err := parseLocale(src)
		if err != nil {
			return nil, err
		}
		probes, err := r.probePages(loc)
		if err != nil {
			return nil, src.fail(0, err)
		}
		page, err := parsePage(pages, loc, probes)
		if err != nil {
			return nil, err
		}
		themes[loc.lang] = &theme{loc: loc, page: page}
	}
	if themes[defaultLocale] == nil {
		return nil, fmt.Errorf("built-in theme has no i18n/%s.json", defaultLocale)
	}
	return themes, nil
}

// parsePage parses the page templates with the functions of loc and
// renders the probe pages with them.
func parsePage(pages []source, loc *locale, probes []*pageData) (*template.Template, error) {
	root := template.New("").Funcs(template.FuncMap{
		"t":       loc.label,
		"date":    loc.date,
		"month":   loc.month,
		"weekday": loc.weekday,
		"hours":   loc.hours,
		"percent": loc.percent,
		"money":   loc.money,
		"size":    loc.size,
	})
	for _, src := range pages {
		if _, err := root.New(src.name).Parse(string(src.data)); err != nil {
			return nil, locate(pages, err)
		}
	}
	for _, d := range probes {
		if err := root.ExecuteTemplate(io.Discard, pageTemplate, d); err != nil {
			return nil, locate(pages, err)
		}
	}
	return root, nil
}

// templateErr matches the "template: name:line[:col]: message" that
// text/template and html/template put in front of their messages, the only
// place where they report the line of a parse error.
var templateErr = regexp.MustCompile(`(?s)^(?:html/)?template: ?([^:\s]+):(\d+):(?:\d+:)? (.*)$`)

// locate attributes a template error to the theme file it names.
func locate(pages []source, err error) error {
	if m := templateErr.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[2])
		for _, src := range pages {
			if src.name == m[1] {
				return src.fail(line, errors.New(m[3]))
			}
		}
	}
	return fmt.Errorf("theme: %w", err)
}
