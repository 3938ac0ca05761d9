package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/content"
	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/project"
	"github.com/vitrine/vitrine/internal/site"
)

// wording is the message for one language.
type wording struct {
	greeting, intro, introTitled, shows, and, readOnly, until, share, closing string
	sections                                                                  map[project.Section]string
	date                                                                      func(project.Date) string
}

// wordings holds the message in each page language. It is the office's
// text to the customer, so it says what the customer will see, in words,
// not the section ids of the command line.
var wordings = map[string]wording{
	"de": {
		greeting:    "Guten Tag,",
		intro:       "unter diesem Link sehen Sie jederzeit den aktuellen Stand Ihres Projekts:",
		introTitled: "unter diesem Link sehen Sie jederzeit den aktuellen Stand Ihres Projekts „%s“:",
		shows:       "Sie finden dort: %s.",
		and:         "und",
		readOnly:    "Die Seite ist nur zum Ansehen: Sie brauchen weder Anmeldung noch App, und niemand kann dort etwas ändern.",
		until:       "Der Link ist bis einschließlich %s gültig.",
		share:       "Bitte geben Sie den Link nur an Personen weiter, die den Stand Ihres Projekts sehen sollen.",
		closing:     "Mit freundlichen Grüßen",
		sections: map[project.Section]string{
			project.SectionOverview: "Projektübersicht", project.SectionProgress: "Fortschritt",
			project.SectionTimes: "Arbeitszeiten", project.SectionSchedule: "Termine",
			project.SectionNotes: "Berichte", project.SectionPhotos: "Fotos",
			project.SectionFiles: "Dokumente zum Herunterladen", project.SectionTeam: "Ihr Team",
			project.SectionCosts: "Kosten",
		},
		date: func(d project.Date) string { return d.Format("02.01.2006") },
	},
	"en": {
		greeting:    "Hello,",
		intro:       "at this link you can follow the current state of your project at any time:",
		introTitled: "at this link you can follow the current state of your project “%s” at any time:",
		shows:       "You will find: %s.",
		and:         "and",
		readOnly:    "The page is read-only: no login or app is needed, and nobody can change anything there.",
		until:       "The link works up to and including %s.",
		share:       "Please share the link only with people who should see the state of your project.",
		closing:     "Kind regards",
		sections: map[project.Section]string{
			project.SectionOverview: "project overview", project.SectionProgress: "progress",
			project.SectionTimes: "working hours", project.SectionSchedule: "schedule",
			project.SectionNotes: "reports", project.SectionPhotos: "photos",
			project.SectionFiles: "documents to download", project.SectionTeam: "your team",
			project.SectionCosts: "costs",
		},
		date: func(d project.Date) string { return d.Format("2 January 2006") },
	},
}

// writeMessage writes the ready-to-send message for link l of project p,
// in the link's language, between two rulers that make clear what to copy.
// It goes to the terminal, so the values from the records are termSafe.
func writeMessage(ctx context.Context, w io.Writer, cfg *config.Config, p *site.Project, l *links.Link) {
	wd, ok := wordings[l.Locale]
	if !ok {
		wd = wordings[cfg.Locale]
	}
	fmt.Fprintf(w, "\n--- message for %s (%s); send it once the page is online ---\n", termSafe(cmp.Or(l.Label, p.Slug)), l.Locale)
	fmt.Fprintln(w, wd.greeting)
	fmt.Fprintln(w)
	// The title is what the page shows; a project whose records do not
	// read yet gets the message without it.
	if proj, err := content.Load(ctx, p.Dir); err == nil {
		fmt.Fprintf(w, wd.introTitled+"\n", termSafe(proj.Title()))
	} else {
		fmt.Fprintln(w, wd.intro)
	}
	fmt.Fprintln(w, termSafe(cfg.LinkURL(l.ID)))
	fmt.Fprintln(w)
	shown := make([]string, len(l.Sections))
	for i, s := range l.Sections {
		shown[i] = wd.sections[s]
	}
	if len(shown) > 0 {
		fmt.Fprintf(w, wd.shows+"\n", enumerate(shown, wd.and))
	}
	fmt.Fprintln(w, wd.readOnly)
	if !l.Expires.IsZero() {
		fmt.Fprintf(w, wd.until+"\n", wd.date(l.Expires))
	}
	fmt.Fprintln(w, wd.share)
	fmt.Fprintln(w)
	fmt.Fprintln(w, wd.closing)
	fmt.Fprintln(w, termSafe(cfg.Company.Name))
	fmt.Fprintln(w, "---")
}

// enumerate joins items as a sentence does: "a, b and c".
func enumerate(items []string, and string) string {
	if len(items) < 2 {
		return strings.Join(items, "")
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + and + " " + items[len(items)-1]
}
