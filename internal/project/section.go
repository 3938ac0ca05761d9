package project

import (
	"fmt"
	"strings"
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
)

// AllSections lists every section in page order.
var AllSections = []Section{
	SectionOverview, SectionProgress, SectionTimes, SectionSchedule, SectionNotes,
	SectionPhotos, SectionFiles, SectionTeam, SectionCosts,
}

// ErrUnknownSection is wrapped by ParseSections for an id that is not a section.
var ErrUnknownSection = fmt.Errorf("unknown section")

// ParseSections parses section ids, rejecting unknown ones with an error that
// lists the valid ids. The result is de-duplicated and in page order.
func ParseSections(ids []string) ([]Section, error) {
	seen := map[Section]bool{}
	for _, id := range ids {
		s := Section(strings.TrimSpace(id))
		if s == "" {
			continue
		}
		if !s.Valid() {
			return nil, fmt.Errorf("%w %q: valid sections are %s", ErrUnknownSection, id, SectionList())
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
