// Package message writes the office's ready-to-send text for a read link:
// what the customer will see, in words rather than section ids, that the
// page is read-only, until when the link works, and the URL. The CLI
// prints it after `link create` and `link list SLUG`; the office desk
// offers it to copy. The words are labels "message.*" of the theme's
// translation tables (templates/i18n/<lang>.json), beside the page's own,
// so that a new language is one file and needs no code.
package message

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"strconv"
	"strings"
	"sync"

	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/templates"
)

// Lines returns the message for link l, one line per element, without
// line ends. It is written in the link's language, else in the config's.
// title is the project's title as the page shows it; "" leaves it out,
// for a project whose records do not read.
//
// Lines, not one string, because the values from the records (title,
// company name) may hold any character, a line break included: a caller
// that must escape them for a terminal escapes each line and keeps the
// message's shape.
func Lines(cfg *config.Config, title string, l *links.Link) ([]string, error) {
	tables, err := loadTables()
	if err != nil {
		return nil, err
	}
	t, ok := tables[l.Locale]
	if !ok {
		t, ok = tables[cfg.Locale]
	}
	if !ok {
		return nil, fmt.Errorf("message: no translation table i18n/%s.json (nor i18n/%s.json)", l.Locale, cfg.Locale)
	}
	w := words{table: t}
	lines := []string{w.label("greeting"), ""}
	// The title is what the page shows.
	if title != "" {
		lines = append(lines, w.label("intro_titled", "title", title))
	} else {
		lines = append(lines, w.label("intro"))
	}
	lines = append(lines, cfg.LinkURL(l.ID), "")
	shown := make([]string, len(l.Sections))
	for i, s := range l.Sections {
		shown[i] = w.label("section." + string(s))
	}
	if len(shown) > 0 {
		lines = append(lines, w.label("shows", "sections", enumerate(shown, w.label("and"))))
	}
	lines = append(lines, w.label("read_only"))
	if d := l.Expires; !d.IsZero() {
		// The date's fields are arguments of the sentence, so that each
		// language writes the day its own way.
		lines = append(lines, w.label("until",
			"d", strconv.Itoa(d.Day()), "dd", fmt.Sprintf("%02d", d.Day()),
			"m", strconv.Itoa(int(d.Month())), "mm", fmt.Sprintf("%02d", int(d.Month())),
			"yyyy", fmt.Sprintf("%04d", d.Year()), "month", t.Months[d.Month()-1]))
	}
	lines = append(lines, w.label("share"), "", w.label("closing"), cfg.Company.Name)
	if w.err != nil {
		return nil, w.err
	}
	return lines, nil
}

// Text returns the message of Lines as one text, each line ended by a
// newline, for a caller that needs no escaping (a web page escapes by
// itself).
func Text(cfg *config.Config, title string, l *links.Link) (string, error) {
	lines, err := Lines(cfg, title, l)
	if err != nil {
		return "", err
	}
	return strings.Join(lines, "\n") + "\n", nil
}

// table is what the message needs of a translation table. The page's
// renderer decodes the same files strictly; this reads only its part.
type table struct {
	lang   string
	Months []string          `json:"months"`
	Labels map[string]string `json:"labels"`
}

// loadTables reads the built-in translation tables once.
var loadTables = sync.OnceValues(func() (map[string]*table, error) {
	return readTables(templates.FS)
})

// readTables decodes every i18n/<lang>.json of fsys by its language.
func readTables(fsys fs.FS) (map[string]*table, error) {
	names, err := fs.Glob(fsys, "i18n/*.json")
	if err != nil {
		return nil, fmt.Errorf("message: %w", err)
	}
	tables := make(map[string]*table, len(names))
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("message: %w", err)
		}
		t := &table{lang: strings.TrimSuffix(path.Base(name), ".json")}
		if err := json.NewDecoder(bytes.NewReader(data)).Decode(t); err != nil {
			return nil, fmt.Errorf("message: %s: %w", name, err)
		}
		if len(t.Months) != 12 {
			return nil, fmt.Errorf("message: %s: \"months\" must list 12 names, not %d", name, len(t.Months))
		}
		tables[t.lang] = t
	}
	return tables, nil
}

// words formats the labels of one table and keeps the first error, so
// that the message is built without a check after each sentence.
type words struct {
	table *table
	err   error
}

// label returns the label "message."+key with its {name} placeholders
// replaced by args, given as name, value pairs; "" after an error. A
// missing label is an error, so that a language short of a sentence does
// not send a message with a hole.
func (w *words) label(key string, args ...string) string {
	if w.err != nil {
		return ""
	}
	text, ok := w.table.Labels["message."+key]
	if !ok {
		w.err = fmt.Errorf("message: i18n/%s.json has no label %q", w.table.lang, "message."+key)
		return ""
	}
	pairs := make([]string, 0, len(args))
	for i := 0; i+1 < len(args); i += 2 {
		pairs = append(pairs, "{"+args[i]+"}", args[i+1])
	}
	return strings.NewReplacer(pairs...).Replace(text)
}

// enumerate joins items as a sentence does: "a, b and c".
func enumerate(items []string, and string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + and + " " + items[len(items)-1]
}
