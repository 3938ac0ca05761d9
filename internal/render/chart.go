package render

import (
	"math"
	"strconv"
)

// The hours-per-week chart is an inline SVG drawn at build time. Its x
// positions are percentages of the chart's width and its y positions
// pixels, so that the bars stretch with the screen while the text keeps its
// size: a scaled viewBox would shrink the labels to nothing on a phone.
const (
	chartPlot   = 160 // height of the bars' area, px
	chartTop    = 20  // room for the value above the highest bar
	chartBottom = 24  // room for the week numbers
	minSlots    = 6   // fewer weeks are centred instead of drawn fat
	maxValues   = 12  // more bars get no value on top: they would collide
	maxLabels   = 12  // at most this many week numbers fit a phone's width
)

// chartData is the geometry and text of the week chart. Lengths are
// strings because SVG wants plain decimal numbers with a point, whatever
// the locale.
type chartData struct {
	Height     int    // of the whole SVG
	Base       string // y of the zero line
	LabelY     string // y of the week numbers
	Top        string // largest hours the scale shows, formatted for the page
	Desc       string // the chart in one sentence, for screen readers
	ShowValues bool
	Bars       []barData
	Grid       []gridData
}

// barData is one week's bar.
type barData struct {
	X, Width, Center string // percent of the chart's width
	Y, Height        string // px
	Value            string // the hours, formatted for the page
	Label            string // the week number, "" where labels are thinned out
	Title            string // the week and its hours, for the tooltip
}

// gridData is one horizontal line of the scale.
type gridData struct {
	Y     string
	Label string
}

// weekChart lays out the bars of weeks.
func weekChart(loc *locale, weeks []weekData) (*chartData, error) {
	var peak weekData
	for _, w := range weeks {
		if w.Hours > peak.Hours {
			peak = w
		}
	}
	top, step := scale(peak.Hours)
	c := &chartData{
		Height:     chartTop + chartPlot + chartBottom,
		Base:       px(chartTop + chartPlot),
		LabelY:     px(chartTop + chartPlot + 17),
		ShowValues: len(weeks) <= maxValues,
	}
	y := func(h float64) float64 { return chartTop + chartPlot*(1-h/top) }
	for v := 0.0; v <= top+step/2; v += step {
		c.Grid = append(c.Grid, gridData{Y: px(y(v)), Label: loc.number(v, 2, true)})
	}
	c.Top = loc.number(top, 2, true)

	slots := max(len(weeks), minSlots)
	slot := 100 / float64(slots)
	offset := float64(slots-len(weeks)) / 2
	every := (len(weeks) + maxLabels - 1) / maxLabels
	tx := &texts{loc: loc}
	for i, w := range weeks {
		left := (offset + float64(i)) * slot
		b := barData{
			X: pct(left + slot*0.22), Width: pct(slot * 0.56), Center: pct(left + slot/2),
			Y: px(y(w.Hours)), Height: px(chartPlot * w.Hours / top),
			Value: loc.number(w.Hours, 2, true),
			Title: tx.t("times.week_title", "week", weekName(tx, w), "date", loc.dateShort(w.Monday), "hours", tx.hours(w.Hours)),
		}
		if i%every == 0 {
			b.Label = strconv.Itoa(w.Week)
		}
		c.Bars = append(c.Bars, b)
	}
	if len(weeks) > 0 {
		c.Desc = tx.t("times.chart_desc", "n", len(weeks),
			"from", weekName(tx, weeks[0]), "to", weekName(tx, weeks[len(weeks)-1]),
			"peak", tx.hours(peak.Hours), "peak_week", weekName(tx, peak))
	}
	return c, tx.err
}

// weekName names a week for text, e.g. "KW 19/2024".
func weekName(tx *texts, w weekData) string {
	return tx.t("times.week", "week", w.Week, "year", w.Year)
}

// scale returns the top of the y axis and the distance of its lines for
// data up to peak: 1, 2 or 5 times a power of ten, at most four lines, so
// that the labels are round numbers.
func scale(peak float64) (top, step float64) {
	if peak <= 0 {
		return 1, 1
	}
	for e := math.Floor(math.Log10(peak / 4)); ; e++ {
		for _, m := range []float64{1, 2, 5} {
			step = m * math.Pow(10, e)
			if peak/step <= 4 {
				return step * math.Ceil(peak/step), step
			}
		}
	}
}

// ratio returns part as a percentage of whole, for the length of a bar.
func ratio(part, whole float64) string {
	if whole <= 0 {
		return "0"
	}
	return pct(100 * min(max(part/whole, 0), 1))
}

// pct formats a percentage for an SVG length, to two decimals.
func pct(x float64) string { return strconv.FormatFloat(math.Round(x*100)/100, 'f', -1, 64) }

// px formats pixels for an SVG length, to one decimal.
func px(x float64) string { return strconv.FormatFloat(math.Round(x*10)/10, 'f', -1, 64) }
