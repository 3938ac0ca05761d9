package render

import (
	"context"
	"fmt"
	"testing"
	"testing/fstest"
	"time"

	"github.com/vitrine/vitrine/internal/access"
	"github.com/vitrine/vitrine/internal/project"
)

// benchProject is a project of the size the scale benchmarks use: 100 time
// entries over four months, five reports and four milestones, no photos.
func benchProject() *project.Project {
	p := fixtureProject()
	p.Photos, p.Files = nil, nil
	p.Times = p.Times[:0]
	for k := range 100 {
		p.Times = append(p.Times, project.TimeEntry{
			Date:     project.NewDate(2024, time.Month(3+k/28), 1+k%28),
			Hours:    7.5,
			Employee: []string{"Anna Schmidt", "Jonas Weber"}[k%2],
			Activity: []string{"Malerarbeiten", "Spachteln", "Abdecken"}[k%3],
			Note:     fmt.Sprintf("Raum %d", k%4+1),
		})
	}
	p.Notes = p.Notes[:0]
	for k := range 5 {
		p.Notes = append(p.Notes, project.Note{
			Date:  project.NewDate(2024, time.Month(3+k), 10+k),
			Title: fmt.Sprintf("Bericht %d", k),
			File:  fmt.Sprintf("notes/2024-0%d-1%d-bericht.md", 3+k, k),
			Body:  "Alle Wände sind frei, der Untergrund ist **tragfähig**. Wir haben:\n\n- Tapeten entfernt\n- Risse gespachtelt\n\nNächste Woche folgt der *Anstrich*.\n",
		})
	}
	p.Schedule = p.Schedule[:4]
	return p
}

// BenchmarkPage renders the link folder of one benchProject link with the
// sections of the scale benchmarks: the work a build does per link.
//
//	go test -run '^$' -bench Page -benchmem -cpuprofile cpu.out ./internal/render
func BenchmarkPage(b *testing.B) {
	r := newRenderer(b, Options{})
	l := link("de", project.SectionOverview, project.SectionProgress, project.SectionTimes, project.SectionSchedule, project.SectionNotes)
	ctx := context.Background()
	for b.Loop() {
		// A day in the middle of the entries: some are new, the schedule
		// is both done and ahead.
		files, err := r.Render(ctx, access.Filter(benchProject(), l, access.Options{Today: project.NewDate(2024, time.June, 15), NewDays: 7}), fstest.MapFS{})
		if err != nil {
			b.Fatal(err)
		}
		if len(files) == 0 {
			b.Fatal("no files")
		}
	}
}
