package site_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/project"
	"github.com/vitrine/vitrine/internal/site/sitetest"
)

// leakExport is a Kimai export for project 0 whose price, rate, amount,
// e-mail, staff number, tag and billable columns carry markers.
const leakExport = "Datum,Von,Bis,Dauer,Preis,Preis pro Stunde,Interner Preis,Name,Benutzer,E-Mail,Personalnummer,Projekt,Tätigkeit,Beschreibung,Abrechenbar,Schlagworte,Projektnummer\n" +
	"2024-06-03,07:00,09:30,2:30,LKimpPrice,LKimpRate,LKimpAmount,Jonas Weber,LKimpUser,LKimpMail@example.de,LKimpStaffNo,2024-000 Renovierung Kunde 0,LKimpActivity,LKimpNote,LKimpBillable,LKimpTag,2024-000\n"

// TestImportColumnsArePublishedNowhere publishes a project fed by an
// export for several section sets and greps every published byte for the
// export's private columns.
func TestImportColumnsArePublishedNowhere(t *testing.T) {
	private := []string{"LKimpPrice", "LKimpRate", "LKimpAmount", "LKimpUser", "LKimpMail", "LKimpStaffNo", "LKimpBillable", "LKimpTag"}
	sets := [][]project.Section{
		project.AllSections,
		{project.SectionTimes},
		{project.SectionTimes, project.SectionTeam},
		{project.SectionOverview, project.SectionProgress, project.SectionCosts},
	}
	for _, sections := range sets {
		folder, ids := importSite(t, leakExport)
		slug := sitetest.Slug(0)
		err := links.Update(context.Background(), filepath.Join(folder, ".vitrine", "records.lock"), filepath.Join(folder, "site", "projects", slug, "links.yaml"), testNow, time.UTC, func(f *links.File) error {
			return f.Set(ids[slug][0], testNow, time.UTC, func(l *links.Link) error {
				l.Sections = sections
				return nil
			})
		})
		if err != nil {
			t.Fatal(err)
		}
		out := t.TempDir()
		run(t, folder, out, nil)
		all := joined(readTree(t, out))
		for _, m := range private {
			if strings.Contains(all, m) {
				t.Fatalf("sections %v: %s of the export published", sections, m)
			}
		}
		// The proof that the export fed the page at all.
		times := strings.Contains(all, "LKimpActivity")
		if want := slices.Contains(sections, project.SectionTimes); times != want {
			t.Fatalf("sections %v: the export's activity published = %v, want %v", sections, times, want)
		}
	}
}
