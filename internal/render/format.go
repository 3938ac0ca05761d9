package render

import (
	"math"
	"strconv"
	"strings"
)

// decimal formats x with the given separators and number of decimals; trim
// drops trailing zeros after the separator (7,50 → 7,5; 8,00 → 8).
func decimal(x float64, decimals int, trim bool, sep, group string) string {
	s := strconv.FormatFloat(math.Abs(x), 'f', decimals, 64)
	whole, frac, _ := strings.Cut(s, ".")
	if trim {
		frac = strings.TrimRight(frac, "0")
	}
	var b strings.Builder
	// A value that rounds to zero prints without sign: "-0,00" would alarm.
	if x < 0 && strings.Trim(whole+frac, "0") != "" {
		b.WriteByte('-')
	}
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteString(group)
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString(sep)
		b.WriteString(frac)
	}
	return b.String()
}

// number formats x for the page: grouped thousands, locale separators.
func (l *locale) number(x float64, decimals int, trim bool) string {
	return decimal(x, decimals, trim, l.Decimal, l.Group)
}

// hours formats a number of hours with its unit, to at most two decimals.
func (l *locale) hours(h float64) (string, error) {
	return l.label("unit.hours", "n", l.number(h, 2, true))
}

// percent formats a whole percentage.
func (l *locale) percent(p int) (string, error) {
	return l.label("unit.percent", "n", p)
}

// money formats an amount of an ISO 4217 currency, using the locale's
// symbol for it when there is one.
func (l *locale) money(amount float64, currency string) string {
	n := l.number(amount, 2, false)
	if currency == "" {
		return n
	}
	pattern, unit := l.CurrencyCode, currency
	if sym, ok := l.Symbols[currency]; ok {
		pattern, unit = l.CurrencySymbol, sym
	}
	return strings.NewReplacer("{amount}", n, "{unit}", unit).Replace(pattern)
}

// size formats a file size in decimal units (1 kB = 1000 bytes), as file
// managers and phones show them.
func (l *locale) size(n int64) (string, error) {
	if n < 1000 {
		return l.label("size.bytes", "n", n)
	}
	v, key := float64(n)/1000, "size.kb"
	for _, next := range []string{"size.mb", "size.gb"} {
		// Step up before rounding would print 1.000 kB.
		if math.Round(v*10) < 10000 {
			break
		}
		v, key = v/1000, next
	}
	return l.label(key, "n", l.number(v, 1, true))
}

// percentOf returns part as a whole percentage of total.
func percentOf(part, total float64) int {
	return int(math.Round(100 * part / total))
}

// round2 rounds to two decimals, so that sums of hours such as 7.1+0.2 do
// not print as 7.300000000000001 where a template prints a raw number.
func round2(x float64) float64 {
	return math.Round(x*100) / 100
}
