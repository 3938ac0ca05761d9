package content

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"path"
	"regexp"
	"strings"

	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
)

// notes reads every notes/*.md file, in name order.
func (l *loader) notes(ctx context.Context) ([]project.Note, error) {
	entries, err := l.f.list("notes")
	if err := l.collect(err); err != nil {
		return nil, err
	}
	var out []project.Note
	for _, e := range entries {
		if !strings.EqualFold(path.Ext(e.name), ".md") {
			continue
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		rel := "notes/" + e.name
		src, err := l.f.read(rel, noteLimit)
		if errors.Is(err, fs.ErrNotExist) {
			// Listed a moment ago: an editor replaced it; the next run
			// sees the new file.
			continue
		}
		if err != nil {
			if err := l.collect(err); err != nil {
				return nil, err
			}
			continue
		}
		n, problems := parseNote(l.f.path(rel), e.name, src)
		l.problems = append(l.problems, problems...)
		n.File = rel
		out = append(out, n)
	}
	return out, nil
}

// namedDate is the YYYY-MM-DD that may start the name of a note or a photo
// (without its extension), as offices, phones and cloud uploads write it:
// 2024-05-03-abbruch, 2024-05-03_bad, 2024-05-03 14.22.31, 2024-05-03.
var namedDate = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})(?:[-_ .]|$)`)

// dateInName returns the date stem starts with (namedDate) and the rest of
// stem after it; ok is false when it starts with none. A date that cannot
// be, a typo, is a problem for file, whose hint names example.
func dateInName(file, stem, example string) (day project.Date, rest string, ok bool, p *problem.Problem) {
	m := namedDate.FindStringSubmatch(stem)
	if m == nil {
		return day, stem, false, nil
	}
	day, err := parseDate(m[1])
	if err != nil {
		p = &problem.Problem{File: file, Msg: "file name starts with a date: " + err.Error(), Hint: "rename the file, e.g. " + example}
	}
	return day, stem[len(m[0]):], true, p
}

// parseNote reads one note. file names it in messages; name is its base
// name, which may supply the date and the title.
func parseNote(file, name string, src []byte) (project.Note, problem.List) {
	var n project.Note
	if p := checkUTF8(file, src); p != nil {
		return n, problem.List{p}
	}
	d := &decoder{file: file, offset: 1}
	text := lfText(src)
	front, body, err := splitFrontMatter(text)
	if err != nil {
		return n, problem.List{{File: file, Line: 1, Msg: err.Error(), Hint: "end the front matter with a line ---"}}
	}
	root, parsed := d.parse([]byte(front))
	f := d.fields(root, "", "date", "title")
	n.Date = d.date(f["date"], "date")
	n.Title = d.str(f["title"], "title")

	day, stem, dated, p := dateInName(file, strings.TrimSuffix(name, path.Ext(name)), "2024-05-03-abbruch.md")
	if dated {
		if f["date"] == nil {
			if p != nil {
				d.problems = append(d.problems, p)
			}
			n.Date = day
		}
	} else if f != nil && f["date"] == nil && parsed {
		d.problems = append(d.problems, &problem.Problem{
			File: file, Msg: "note has no date",
			Hint: "add front matter with date: 2024-05-03, or start the file name with the date, e.g. 2024-05-03-abbruch.md",
		})
	}

	// A leading "# Heading" becomes the title, unless front matter gave
	// one; it is dropped from the body either way when it only repeats the
	// title, so that the page does not show it twice.
	if h, rest := heading(body); h != "" && (n.Title == "" || h == n.Title) {
		n.Title, body = h, rest
	}
	if n.Title == "" {
		n.Title = strings.TrimSpace(strings.NewReplacer("-", " ", "_", " ").Replace(stem))
	}
	n.Body = trimBlankLines(body)
	return n, d.problems
}

// lfText returns src without a byte order mark and with every line ending
// in "\n": Windows editors end lines with "\r\n", those of old Macs with
// "\r", and the front matter's "---" must be found in either.
func lfText(src []byte) string {
	src = bytes.ReplaceAll(bytes.TrimPrefix(src, utf8BOM), []byte("\r\n"), []byte("\n"))
	return string(bytes.ReplaceAll(src, []byte("\r"), []byte("\n")))
}

// splitFrontMatter splits text (with \n line ends) into the YAML between
// a leading "---" line and the next one, and the rest.
func splitFrontMatter(text string) (front, body string, err error) {
	rest, ok := strings.CutPrefix(text, "---\n")
	if !ok {
		return "", text, nil
	}
	if strings.HasPrefix(rest, "---\n") || rest == "---" {
		return "", strings.TrimPrefix(rest, "---"), nil
	}
	if i := strings.Index(rest, "\n---\n"); i >= 0 {
		return rest[:i+1], rest[i+len("\n---\n"):], nil
	}
	if front, ok := strings.CutSuffix(rest, "\n---"); ok {
		return front + "\n", "", nil
	}
	return "", "", errors.New("front matter started by --- is not closed")
}

// heading returns the text of an "# H1" that is the body's first non-blank
// line, and the body without it. A heading further down is part of the
// text, not the note's title.
func heading(body string) (title, rest string) {
	line, after, _ := strings.Cut(trimBlankLines(body), "\n")
	if text, ok := strings.CutPrefix(line, "# "); ok {
		return strings.TrimSpace(text), after
	}
	return "", body
}

// trimBlankLines removes blank lines before and whitespace after the text,
// keeping the indentation of the first line, which is Markdown syntax.
func trimBlankLines(s string) string {
	s = strings.TrimRight(s, " \t\n")
	for {
		line, rest, ok := strings.Cut(s, "\n")
		if !ok || strings.TrimSpace(line) != "" {
			return s
		}
		s = rest
	}
}
