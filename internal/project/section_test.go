package project

import (
	"errors"
	"strings"
	"testing"
)

// TestParseSectionNames: the office types a section in German or English,
// as the desk names it, in any case, with or without umlauts, and from a
// Mac's keyboard (decomposed ü); the result is always the id.
func TestParseSectionNames(t *testing.T) {
	for name, want := range map[string]Section{
		"overview": SectionOverview, "übersicht": SectionOverview, "Übersicht": SectionOverview,
		"uebersicht": SectionOverview, "UEBERSICHT": SectionOverview, "u\u0308bersicht": SectionOverview,
		" fotos ": SectionPhotos, "Photos": SectionPhotos, "zeiten": SectionTimes, "termine": SectionSchedule,
		"berichte": SectionNotes, "reports": SectionNotes, "dokumente": SectionFiles, "documents": SectionFiles,
		"fortschritt": SectionProgress, "team": SectionTeam, "kosten": SectionCosts,
		"customer_contact": SectionCustomerContact, "Kundenkontakt": SectionCustomerContact, "customer contact": SectionCustomerContact,
	} {
		if got, ok := ParseSection(name); !ok || got != want {
			t.Errorf("ParseSection(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	for _, name := range []string{"", "gallery", "bilder", "internal", "overview,photos"} {
		if got, ok := ParseSection(name); ok {
			t.Errorf("ParseSection(%q) = %q, want none", name, got)
		}
	}
}

func TestParseSectionsMixed(t *testing.T) {
	got, err := ParseSections([]string{"fotos", "overview", "Zeiten", "photos"})
	if err != nil || len(got) != 3 || got[0] != SectionOverview || got[1] != SectionTimes || got[2] != SectionPhotos {
		t.Fatalf("ParseSections = %v, %v; want overview, times, photos", got, err)
	}
	_, err = ParseSections([]string{"fotos", "bilder"})
	if !errors.Is(err, ErrUnknownSection) || !strings.Contains(err.Error(), `"bilder"`) ||
		!strings.Contains(err.Error(), SectionList()) || !strings.Contains(err.Error(), "übersicht, fortschritt, zeiten, termine, berichte, fotos, dokumente, team, kosten, kundenkontakt") {
		t.Fatalf("ParseSections(bilder) = %v, want the English and German names listed", err)
	}
}
