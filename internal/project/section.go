package project

import (
	"fmt"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// Section is one part of the customer page that a link may permit.
type Section string

// The sections of SPEC §4, in page order.
const (
	SectionOverview Section = "overview"
	SectionProgress Section = "progress"
	SectionTimes    Section = "times"
	SectionSchedule Section = "schedule"
	SectionNotes    Section = "notes"
	SectionPhotos   Section = "photos"
	SectionFiles    Section = "files"
	SectionTeam     Section = "team"
	SectionCosts    Section = "costs"
	// SectionCustomerContact adds the customer's own contact details to
	// the overview, which otherwise names only the customer: a page meant
	// for the customer need not show them, and a forwarded link must not.
	SectionCustomerContact Section = "customer_contact"
)

// AllSections lists every section in page order.
var AllSections = []Section{
	SectionOverview, SectionProgress, SectionTimes, SectionSchedule, SectionNotes,
	SectionPhotos, SectionFiles, SectionTeam, SectionCosts, SectionCustomerContact,
}

// ErrUnknownSection is wrapped by ParseSections for an id that is not a section.
var ErrUnknownSection = fmt.Errorf("unknown section")

// SectionNames are the sections' names in each language, as the desk's
// switches show them (SPEC §9 fixes the German ones). The office may type
// them wherever vitrine takes a section. The customer page has its own
// headings, in its translation tables.
var SectionNames = map[string]map[Section]string{
	"de": {
		SectionOverview: "Übersicht", SectionProgress: "Fortschritt", SectionTimes: "Zeiten",
		SectionSchedule: "Termine", SectionNotes: "Berichte", SectionPhotos: "Fotos",
		SectionFiles: "Dokumente", SectionTeam: "Team", SectionCosts: "Kosten",
		SectionCustomerContact: "Kundenkontakt",
	},
	"en": {
		SectionOverview: "Overview", SectionProgress: "Progress", SectionTimes: "Times",
		SectionSchedule: "Schedule", SectionNotes: "Reports", SectionPhotos: "Photos",
		SectionFiles: "Documents", SectionTeam: "Team", SectionCosts: "Costs",
		SectionCustomerContact: "Customer contact",
	},
}

// ParseSection returns the section that name means: its id, or its name
// in a page language, in any case, with umlauts typed or written out
// (uebersicht), composed or decomposed as a Mac writes them.
func ParseSection(name string) (Section, bool) {
	key := sectionKey(name)
	for _, s := range AllSections {
		if key == string(s) {
			return s, true
		}
		for _, names := range SectionNames {
			if key == sectionKey(names[s]) {
				return s, true
			}
		}
	}
	return "", false
}

// umlauts are the ways of writing ä, ö, ü and ß without them.
var umlauts = strings.NewReplacer("ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss")

func sectionKey(s string) string {
	return umlauts.Replace(strings.ToLower(norm.NFC.String(strings.TrimSpace(s))))
}

// ParseSections parses section ids or names (ParseSection), rejecting
// unknown ones with an error that lists the valid ones. The result is
// de-duplicated and in page order.
func ParseSections(ids []string) ([]Section, error) {
	seen := map[Section]bool{}
	for _, id := range ids {
		if strings.TrimSpace(id) == "" {
			continue
		}
		s, ok := ParseSection(id)
		if !ok {
			return nil, fmt.Errorf("%w %q: valid sections are %s; in German %s", ErrUnknownSection, id, SectionList(), GermanSectionList())
		}
		seen[s] = true
	}
	out := []Section{}
	for _, s := range AllSections {
		if seen[s] {
			out = append(out, s)
		}
	}
	return out, nil
}

// GermanSectionList returns the German names in page order joined by
// ", ", for error messages.
func GermanSectionList() string {
	names := make([]string, len(AllSections))
	for i, s := range AllSections {
		names[i] = strings.ToLower(SectionNames["de"][s])
	}
	return strings.Join(names, ", ")
}

// Valid reports whether s is a known section id.
func (s Section) Valid() bool {
	for _, k := range AllSections {
		if s == k {
			return true
		}
	}
	return false
}

// SectionList returns the valid ids joined by ", ", for error messages.
func SectionList() string {
	ids := make([]string, len(AllSections))
	for i, s := range AllSections {
		ids[i] = string(s)
	}
	return strings.Join(ids, ", ")
}
