package benchsite

import (
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// entriesPerWeek: two entries on each working day.
const entriesPerWeek = 10

var (
	employees  = []string{"Anna Schmidt", "Jonas Weber", "Lukas Becker", "Mira Yilmaz"}
	activities = []string{"Abdecken", "Tapeten entfernen", "Spachteln", "Grundieren", "Streichen", "Lackieren"}
	// shifts are start and end of the day's two entries, as "15:04".
	shifts = [][2]string{{"07:00", "11:30"}, {"12:00", "15:45"}, {"07:30", "12:00"}, {"12:30", "16:00"}}
)

// writeRecords writes the project's vitrine records into dir.
func (p *project) writeRecords(dir string) error {
	return p.writeFiles(dir, map[string]string{
		"project.yaml": p.projectYAML(),
		"links.yaml": fmt.Sprintf(`project: %s
links:
  - id: %s
    label: Kunde %d
    created: 2026-11-02T09:15:00Z
    locale: de
    sections: [overview, progress, times, schedule, notes]
revoked: []
`, p.slug, p.id, p.i),
	})
}

// writeFiles writes files into dir, together with the times.csv and the
// reports that both forms of the project share byte for byte.
func (p *project) writeFiles(dir string, files map[string]string) error {
	files["times.csv"] = p.times()
	for k := range Reports {
		name, text := p.report(k)
		files[name] = text
	}
	for name, text := range files {
		if err := writeFile(filepath.Join(dir, filepath.FromSlash(name)), text); err != nil {
			return err
		}
	}
	return nil
}

func (p *project) title() string { return fmt.Sprintf("Renovierung Wohnung %d", p.i) }

func (p *project) customer() (name, contact string) {
	return fmt.Sprintf("Familie Kunde %d", p.i), fmt.Sprintf("Tel. 0251 %06d", p.i)
}

func (p *project) address() string { return fmt.Sprintf("Musterstraße %d, 48159 Münster", p.i%200+1) }

// description is Markdown, as project.yaml's description and as the body
// of the Hugo page.
func (p *project) description() string {
	return fmt.Sprintf(`Renovierung der Wohnung im %d. OG:

- Tapeten entfernen, Wände und Decken **spachteln** und schleifen
- Grundierung und zwei Anstriche mit *Silikatfarbe*
- Türen und Heizkörper lackieren

Der Bodenbelag bleibt, er wird vollständig abgedeckt.
`, p.i%5+1)
}

func (p *project) projectYAML() string {
	name, contact := p.customer()
	var b strings.Builder
	fmt.Fprintf(&b, "name: %q\nnumber: %q\nstatus: active\n", p.title(), p.number)
	fmt.Fprintf(&b, "customer: { name: %s, contact: %q }\naddress: %q\n", name, contact, p.address())
	b.WriteString("description: |\n")
	for line := range strings.Lines(p.description()) {
		if line != "\n" {
			b.WriteString("  ")
		}
		b.WriteString(line)
	}
	fmt.Fprintf(&b, "start: %s\nend: %s\nplanned_hours: %d\n", day(p.start), day(p.end), p.planned)
	fmt.Fprintf(&b, "team: [%s]\nschedule:\n", strings.Join(employees, ", "))
	for _, m := range p.milestones() {
		fmt.Fprintf(&b, "  - { date: %s, title: %s, done: %t }\n", day(m.date), m.title, m.done)
	}
	b.WriteString("internal:\n  hourly_rate: 58\n")
	return b.String()
}

type milestone struct {
	date  time.Time
	title string
	done  bool
}

// milestones are spread over the project; the first two are done.
func (p *project) milestones() []milestone {
	titles := [Milestones]string{"Baustelle eingerichtet", "Spachtelarbeiten fertig", "Anstrich fertig", "Abnahme"}
	out := make([]milestone, Milestones)
	span := p.end.Sub(p.start) / Milestones
	for k, t := range titles {
		out[k] = milestone{date: p.start.Add(span * time.Duration(k+1)).Truncate(24 * time.Hour), title: t, done: k < 2}
	}
	return out
}

// times is a German Kimai CSV export of the project's entries: two per
// working day, a few employees and activities.
func (p *project) times() string {
	var b strings.Builder
	b.WriteString("Datum,Von,Bis,Dauer,Name,Projekt,Tätigkeit,Beschreibung\n")
	for k := range Entries {
		week, d := k/entriesPerWeek, k%entriesPerWeek/2
		date := p.start.AddDate(0, 0, 7*week+d)
		s := shifts[(k+p.i)%len(shifts)]
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%s,%s,Eintrag %d von %d\n", day(date), s[0], s[1], duration(s[0], s[1]),
			employees[(k+p.i)%len(employees)], p.number, activities[(k/3+p.i)%len(activities)], k+1, Entries)
	}
	return b.String()
}

// duration is Kimai's Dauer between two clock times, as h:mm.
func duration(from, to string) string {
	a, _ := time.Parse("15:04", from)
	b, _ := time.Parse("15:04", to)
	m := int(b.Sub(a).Minutes())
	return fmt.Sprintf("%d:%02d", m/60, m%60)
}

// report returns the file name and text of report k: front matter with a
// title, the date in the file name, headings, lists and emphasis.
func (p *project) report(k int) (name, text string) {
	date := p.start.AddDate(0, 0, 14*k+4)
	name = fmt.Sprintf("notes/%s-bericht-%d.md", day(date), k+1)
	text = fmt.Sprintf(`---
title: Bericht %d von %d
---
## Stand der Arbeiten

Diese Woche haben wir in **Raum %d** gearbeitet. Der Untergrund ist *tragfähig*,
kleinere Risse wurden geschlossen.

- Wände gespachtelt und geschliffen
- Decke grundiert
- Heizkörper abgeklebt

### Nächste Schritte

1. Erster Anstrich
2. Zweiter Anstrich nach %d Stunden Trocknung
3. Endreinigung

Bitte lassen Sie die Fenster *gekippt*, damit die Farbe trocknet.
`, k+1, Reports, k%4+1, 12+k)
	return name, text
}

func day(t time.Time) string { return t.Format(time.DateOnly) }
