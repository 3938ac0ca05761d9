package table

import (
	"regexp"
	"strings"

	"github.com/xuri/excelize/v2"
)

// kind is what a number format shows of a number.
type kind int

const (
	kindNumber   kind = iota // a plain number, or text
	kindDate                 // a calendar day
	kindTime                 // a time of day
	kindDateTime             // a day and a time
	kindDuration             // elapsed time, [h]:mm:ss
)

// machineCode is the number format each kind is read with. Durations keep
// Excel's own elapsed-hours code, which writes 7:30:00 and 36:00:00.
var machineCode = map[kind]string{
	kindDate:     "yyyy-mm-dd",
	kindTime:     "hh:mm:ss",
	kindDateTime: "yyyy-mm-dd hh:mm:ss",
	kindDuration: "[h]:mm:ss",
}

// builtinKind is the kind of Excel's built-in number formats that show
// dates or times (ECMA-376 Part 1, 18.8.30); the others show numbers.
var builtinKind = map[int]kind{
	14: kindDate, 15: kindDate, 16: kindDate, 17: kindDate,
	18: kindTime, 19: kindTime, 20: kindTime, 21: kindTime,
	22: kindDateTime,
	45: kindTime, 46: kindDuration, 47: kindTime,
}

// literals matches what a format code shows as it is, rather than as a
// date or number part: quoted text, an escaped character, a colour or
// locale in brackets ([Red], [$€-407]), and the fill and padding
// characters after * and _.
var literals = regexp.MustCompile(`"[^"]*"|\\.|\[[^\]]*\]|[*_].`)

// elapsed matches the elapsed-time parts of a format code: [h], [mm], [ss].
var elapsed = regexp.MustCompile(`(?i)\[(h+|m+|s+)\]`)

// codeKind classifies a custom number format code by its first section,
// the one positive numbers use.
func codeKind(code string) kind {
	code, _, _ = strings.Cut(code, ";")
	if elapsed.MatchString(code) {
		return kindDuration
	}
	code = strings.ToLower(literals.ReplaceAllString(code, ""))
	date := strings.ContainsAny(code, "yd")
	clock := strings.ContainsAny(code, "hs")
	switch {
	case date && clock:
		return kindDateTime
	case date:
		return kindDate
	case clock:
		return kindTime
	}
	return kindNumber
}

// machineFormats rewrites the number format of every cell style of f so
// that excelize writes each cell in a form that does not depend on the
// locale of whoever made the workbook: dates and times in machineCode,
// every other number as General (no thousands separators, no currency,
// a decimal point). excelize's row iterator does not tell a cell's style,
// only the text the style makes of it, so the styles are what to change.
func machineFormats(f *excelize.File) error {
	if _, err := f.GetStyle(0); err != nil { // loads f.Styles
		return err
	}
	if f.Styles == nil || f.Styles.CellXfs == nil {
		return nil
	}
	xfs := f.Styles.CellXfs.Xf
	ids := map[kind]int{}
	general := 0
	for i := range xfs {
		style, err := f.GetStyle(i)
		if err != nil {
			return err
		}
		k := builtinKind[style.NumFmt]
		if style.CustomNumFmt != nil {
			k = codeKind(*style.CustomNumFmt)
		}
		if k == kindNumber {
			f.Styles.CellXfs.Xf[i].NumFmtID = &general
			continue
		}
		id, ok := ids[k]
		if !ok {
			code := machineCode[k]
			s, err := f.NewStyle(&excelize.Style{CustomNumFmt: &code})
			if err != nil {
				return err
			}
			id = *f.Styles.CellXfs.Xf[s].NumFmtID
			ids[k] = id
		}
		f.Styles.CellXfs.Xf[i].NumFmtID = &id
	}
	return nil
}
