package render

import (
	"strings"

	"github.com/vitrine/vitrine/internal/project"
)

// newsData is the line at the top of the page that says what is new. It
// counts only what the View holds, so it tells nothing of a hidden
// section.
type newsData struct {
	Text string // e.g. "2 neue Berichte, 5 Fotos, 14,5 Stunden seit 27.11."
}

// news sums up the items of d marked new (access.View.IsNew), those
// dated since the given day: nil when there are none.
func news(tx *texts, since project.Date, d *pageData) *newsData {
	var notes, photos int
	for _, n := range d.Notes {
		if n.New {
			notes++
		}
	}
	for _, p := range d.Photos {
		if p.New {
			photos++
		}
	}
	var hours float64
	if d.Times != nil {
		for _, g := range d.Times.Groups {
			for _, e := range g.Entries {
				if e.New {
					hours += e.Hours
				}
			}
		}
	}
	var parts []string
	if notes > 0 {
		parts = append(parts, tx.t("news.notes", "n", notes))
	}
	if photos > 0 {
		parts = append(parts, tx.t("news.photos", "n", photos))
	}
	if hours > 0 {
		parts = append(parts, tx.t("news.hours", "n", tx.loc.number(hours, 2, true)))
	}
	if len(parts) == 0 {
		return nil
	}
	items := strings.Join(parts, tx.t("news.sep"))
	return &newsData{Text: tx.t("news.line", "items", items, "date", tx.loc.dateShort(since))}
}
