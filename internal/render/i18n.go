package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"path"
	"strconv"
	"strings"
)

// defaultLocale is the page language of a View that names none.
const defaultLocale = "de"

// locale is one translation table, i18n/<lang>.json of the theme. Number,
// date and currency conventions and the names of months and weekdays live
// there too, so that a language is a file, not code.
type locale struct {
	lang string

	Decimal string `json:"decimal"` // decimal separator
	Group   string `json:"group"`   // thousands separator
	// Date, DateShort, Month and CSVDate are date patterns (see
	// datePattern): a full date, a day within the year, a month and year,
	// and the date column of times.csv.
	Date      string `json:"date"`
	DateShort string `json:"date_short"`
	Month     string `json:"month"`
	CSVDate   string `json:"csv_date"`
	// Months and MonthsShort name January first; Weekdays and
	// WeekdaysShort name Sunday first, as Go's time.Weekday counts.
	Months        []string `json:"months"`
	MonthsShort   []string `json:"months_short"`
	Weekdays      []string `json:"weekdays"`
	WeekdaysShort []string `json:"weekdays_short"`
	// CurrencySymbol and CurrencyCode place {amount} and {unit}: the first
	// when the currency has a symbol in Symbols, the second for a bare ISO
	// code, which needs a space where a symbol does not.
	CurrencySymbol string            `json:"currency_symbol"`
	CurrencyCode   string            `json:"currency_code"`
	Symbols        map[string]string `json:"symbols"`
	// Labels are the texts of the page. A text may contain {name}
	// placeholders; a key with variants "<key>.one" and "<key>.other" is
	// chosen by its "n" argument.
	Labels map[string]string `json:"labels"`

	datePat, shortPat, monthPat, csvPat datePattern
	parsed                              map[string][]part // Labels, split once
}

// parseLocale decodes a translation table (i18n/<lang>.json) strictly, so
// that a misspelt key in an override is reported, not ignored.
func parseLocale(src source) (*locale, error) {
	l := &locale{lang: strings.TrimSuffix(path.Base(src.name), ".json")}
	dec := json.NewDecoder(bytes.NewReader(src.data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(l); err != nil {
		return nil, src.fail(jsonLine(src.data, err), err)
	}
	required := []struct{ key, value string }{
		{"decimal", l.Decimal}, {"currency_symbol", l.CurrencySymbol}, {"currency_code", l.CurrencyCode},
	}
	for _, f := range required {
		if f.value == "" {
			return nil, src.fail(0, fmt.Errorf("%q is missing", f.key))
		}
	}
	names := []struct {
		key   string
		names []string
		n     int
	}{
		{"months", l.Months, 12}, {"months_short", l.MonthsShort, 12},
		{"weekdays", l.Weekdays, 7}, {"weekdays_short", l.WeekdaysShort, 7},
	}
	for _, f := range names {
		if len(f.names) != f.n {
			return nil, src.fail(0, fmt.Errorf("%q must list %d names, not %d", f.key, f.n, len(f.names)))
		}
	}
	patterns := []struct {
		key, value string
		dst        *datePattern
	}{
		{"date", l.Date, &l.datePat}, {"date_short", l.DateShort, &l.shortPat},
		{"month", l.Month, &l.monthPat}, {"csv_date", l.CSVDate, &l.csvPat},
	}
	for _, f := range patterns {
		p, err := parseDatePattern(f.value)
		if err != nil {
			return nil, src.fail(0, fmt.Errorf("%q: %w", f.key, err))
		}
		*f.dst = p
	}
	l.parsed = make(map[string][]part, len(l.Labels))
	for key, text := range l.Labels {
		l.parsed[key] = parseLabel(text)
	}
	return l, nil
}

// jsonLine returns the line of a JSON decoding error, 0 when unknown.
func jsonLine(data []byte, err error) int {
	var off int64
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset
	case *json.UnmarshalTypeError:
		off = e.Offset
	default:
		return 0
	}
	return 1 + bytes.Count(data[:min(int(off), len(data))], []byte("\n"))
}

// label returns the text of key with its {name} placeholders replaced by
// args, given as name, value pairs. It fails for an unknown key so that a
// theme with a misspelt label breaks the build instead of the page.
func (l *locale) label(key string, args ...any) (string, error) {
	if len(args)%2 != 0 {
		return "", fmt.Errorf("label %q: arguments must be name, value pairs", key)
	}
	parts, ok := l.parsed[key]
	if !ok {
		form := "other"
		for i := 0; i < len(args); i += 2 {
			if args[i] == "n" && argText(args[i+1]) == "1" {
				form = "one"
			}
		}
		parts, ok = l.parsed[key+"."+form]
	}
	if !ok {
		return "", fmt.Errorf("locale %s: no label %q", l.lang, key)
	}
	if len(parts) == 1 && !parts[0].hole {
		return parts[0].text, nil
	}
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p.fill(args))
	}
	return b.String(), nil
}

// part is a piece of a label: literal text, or the name of a placeholder.
type part struct {
	text string
	hole bool
}

// fill returns the text of p, the value args give a placeholder, or the
// placeholder as written when args name no such value.
func (p part) fill(args []any) string {
	if !p.hole {
		return p.text
	}
	for i := 0; i < len(args); i += 2 {
		if argText(args[i]) == p.text {
			return argText(args[i+1])
		}
	}
	return "{" + p.text + "}"
}

// parseLabel splits a label into literal text and {name} placeholders once,
// so that the thousands of labels of a large build need no parsing each.
func parseLabel(text string) []part {
	var parts []part
	lit := 0
	for i := 0; i < len(text); i++ {
		if text[i] != '{' {
			continue
		}
		end := strings.IndexAny(text[i+1:], "{}")
		if end < 0 || text[i+1+end] != '}' {
			continue
		}
		if i > lit {
			parts = append(parts, part{text: text[lit:i]})
		}
		parts = append(parts, part{text: text[i+1 : i+1+end], hole: true})
		i += end + 1
		lit = i + 1
	}
	if lit < len(text) || len(parts) == 0 {
		parts = append(parts, part{text: text[lit:]})
	}
	return parts
}

// argText formats a label argument; the common kinds without fmt.
func argText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	}
	return fmt.Sprint(v)
}

// texts formats several labels and keeps the first error, so that code
// building a sentence from labels checks once instead of after each.
type texts struct {
	loc *locale
	err error
}

// t is label, or "" after the first error.
func (x *texts) t(key string, args ...any) string {
	if x.err != nil {
		return ""
	}
	s, err := x.loc.label(key, args...)
	x.err = err
	return s
}

// hours is locale.hours, or "" after the first error.
func (x *texts) hours(h float64) string {
	if x.err != nil {
		return ""
	}
	s, err := x.loc.hours(h)
	x.err = err
	return s
}
