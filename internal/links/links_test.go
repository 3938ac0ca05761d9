package links

import (
	"errors"
	"strings"
	"testing"
	"time"
	_ "time/tzdata"

	"github.com/vitrine/vitrine/internal/project"
)

var t0 = time.Date(2026, 11, 29, 10, 0, 0, 0, time.UTC)

func TestNewID(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		id, err := NewID()
		if err != nil {
			t.Fatal(err)
		}
		if msg := checkID(id); msg != "" {
			t.Fatalf("NewID() = %s: %s", id, msg)
		}
		if seen[id] {
			t.Fatalf("NewID() repeated %s", id)
		}
		seen[id] = true
	}
}

func TestCheckID(t *testing.T) {
	tests := []struct {
		id, want string // want: part of the message, "" = valid
	}{
		{"0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e21", ""},
		{"", "missing"},
		{"0B6C1F5E-4A53-4F0E-9A3C-3C1D5F1F7E21", "lower case"},
		{"0b6c1f5e4a534f0e9a3c3c1d5f1f7e21", "not a UUID"},
		{"{0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e21}", "not a UUID"},
		{"../../0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f", "not a UUID"},
		{"0b6c1f5e-4a53-1f0e-9a3c-3c1d5f1f7e21", "version 1"},
		{"0b6c1f5e-4a53-5f0e-9a3c-3c1d5f1f7e21", "version 5"},
		{"0b6c1f5e-4a53-4f0e-ca3c-3c1d5f1f7e21", "variant"},
		{"0b6c1f5e-4a53-4f0e-7a3c-3c1d5f1f7e21", "variant"},
		{"00000000-0000-4000-8000-000000000000", "too regular"},
		{"12121212-1212-4121-8121-121212121212", "too regular"},
		{"01234580-1234-4581-8234-580123458012", "too regular"}, // 7 distinct digits
		{"01234560-1234-4561-8234-560123456012", ""},            // 8 distinct digits
	}
	for _, tt := range tests {
		got := checkID(tt.id)
		if tt.want == "" && got != "" || !strings.Contains(got, tt.want) {
			t.Errorf("checkID(%q) = %q, want %q", tt.id, got, tt.want)
		}
	}
}

func TestCreate(t *testing.T) {
	f := &File{}
	now := time.Date(2026, 11, 29, 11, 0, 0, 123456789, time.FixedZone("CET", 3600))
	l, err := f.Create(CreateOptions{
		Label:    "Familie Müller",
		Locale:   "en",
		Sections: []project.Section{project.SectionPhotos, project.SectionOverview, project.SectionPhotos},
		Expires:  project.NewDate(2027, 3, 31),
	}, now, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if checkID(l.ID) != "" || !l.Created.Equal(t0) || l.Created.Location() != time.UTC {
		t.Errorf("Create: id %q, created %v", l.ID, l.Created)
	}
	if got := joined(l.Sections); got != "overview,photos" {
		t.Errorf("sections = %s, want overview,photos (page order, once)", got)
	}
	if err := f.Validate("links.yaml"); err != nil {
		t.Error(err)
	}
	if _, err := f.Create(CreateOptions{Locale: "fr"}, now, time.UTC); err == nil {
		t.Error("Create with locale fr: no error")
	}
	_, err = f.Create(CreateOptions{Locale: "de", Sections: []project.Section{"prices"}}, now, time.UTC)
	if !errors.Is(err, project.ErrUnknownSection) {
		t.Errorf("Create with section prices: %v, want ErrUnknownSection", err)
	}
	if len(f.Links) != 1 {
		t.Errorf("failed Create calls added links: %d", len(f.Links))
	}
}

func TestDeactivate(t *testing.T) {
	f := &File{}
	l, _ := f.Create(CreateOptions{Locale: "de"}, t0, time.UTC)
	id := l.ID
	if err := f.Deactivate("0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e21", t0); !errors.Is(err, ErrNotFound) {
		t.Errorf("Deactivate(unknown) = %v, want ErrNotFound", err)
	}
	// A clock behind the creating one must still allow deactivation.
	if err := f.Deactivate(id, t0.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	if l := f.Find(id); !l.Deactivated.Equal(t0) {
		t.Errorf("deactivated = %v, want the creation time %v", l.Deactivated, t0)
	}
	if len(f.Revoked) != 1 || f.Revoked[0] != id {
		t.Errorf("revoked = %v, want [%s]", f.Revoked, id)
	}
	if err := f.Deactivate(id, t0.Add(time.Hour)); !errors.Is(err, ErrAlreadyDeactivated) {
		t.Errorf("second Deactivate = %v, want ErrAlreadyDeactivated", err)
	}
	if l := f.Find(id); !l.Deactivated.Equal(t0) || len(f.Revoked) != 1 {
		t.Error("second Deactivate changed the file")
	}
	if err := f.Validate("links.yaml"); err != nil {
		t.Error(err)
	}
}

func TestSet(t *testing.T) {
	f := &File{}
	a, _ := f.Create(CreateOptions{Locale: "de"}, t0, time.UTC)
	b, _ := f.Create(CreateOptions{Locale: "de"}, t0, time.UTC)
	active, gone := a.ID, b.ID
	if err := f.Deactivate(gone, t0); err != nil {
		t.Fatal(err)
	}
	relabel := func(l *Link) error { l.Label = "neu"; return nil }
	if err := f.Set(active, t0, time.UTC, relabel); err != nil || f.Find(active).Label != "neu" {
		t.Errorf("Set(active) = %v, label %q", err, f.Find(active).Label)
	}
	if err := f.Set(gone, t0, time.UTC, relabel); !errors.Is(err, ErrDeactivated) || f.Find(gone).Label != "" {
		t.Errorf("Set(deactivated) = %v, label %q; want ErrDeactivated, unchanged", err, f.Find(gone).Label)
	}
	if err := f.Set("0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e21", t0, time.UTC, relabel); !errors.Is(err, ErrNotFound) {
		t.Errorf("Set(unknown) = %v, want ErrNotFound", err)
	}
}

func TestStateAt(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	deactivated := time.Date(2027, 1, 1, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		name string
		link Link
		now  time.Time
		want State
	}{
		{"no expiry", Link{}, time.Date(2099, 1, 1, 0, 0, 0, 0, berlin), Active},
		{"expiry day, last minute", Link{Expires: project.NewDate(2027, 3, 31)}, time.Date(2027, 3, 31, 23, 59, 59, 0, berlin), Active},
		{"next midnight", Link{Expires: project.NewDate(2027, 3, 31)}, time.Date(2027, 4, 1, 0, 0, 0, 0, berlin), Expired},
		// 23:30 UTC on the expiry day is already the next day in Berlin.
		{"next day in loc, same day in UTC", Link{Expires: project.NewDate(2027, 3, 31)}, time.Date(2027, 3, 31, 23, 30, 0, 0, time.UTC), Expired},
		{"deactivated wins", Link{Expires: project.NewDate(2099, 1, 1), Deactivated: &deactivated}, t0, Deactivated},
	}
	for _, tt := range tests {
		if got := tt.link.StateAt(tt.now, berlin); got != tt.want {
			t.Errorf("%s: StateAt(%v) = %s, want %s", tt.name, tt.now, got, tt.want)
		}
	}
}

func TestEditSections(t *testing.T) {
	cur := []project.Section{project.SectionOverview, project.SectionTimes, project.SectionPhotos}
	tests := []struct {
		name            string
		set, show, hide []string
		want            string // joined result, or "error"
	}{
		{"no flags keep", nil, nil, nil, "overview,times,photos"},
		{"set replaces", []string{"costs", "notes"}, nil, nil, "notes,costs"},
		{"set empty clears", []string{}, nil, nil, ""},
		{"show adds in page order", nil, []string{"team", "progress"}, nil, "overview,progress,times,photos,team"},
		{"show present is no-op", nil, []string{"times"}, nil, "overview,times,photos"},
		{"hide removes", nil, nil, []string{"times"}, "overview,photos"},
		{"hide absent is no-op", nil, nil, []string{"costs"}, "overview,times,photos"},
		{"set then show then hide", []string{"overview"}, []string{"files", "notes"}, []string{"notes"}, "overview,files"},
		{"hide beats show", nil, []string{"team"}, []string{"team"}, "overview,times,photos"},
		{"spaces trimmed", nil, []string{" team "}, nil, "overview,times,photos,team"},
		{"unknown in set", []string{"prices"}, nil, nil, "error"},
		{"unknown in show", nil, []string{"gallery"}, nil, "error"},
		{"unknown in hide", nil, nil, []string{"internal"}, "error"},
	}
	for _, tt := range tests {
		got, err := EditSections(cur, tt.set, tt.show, tt.hide)
		if tt.want == "error" {
			if !errors.Is(err, project.ErrUnknownSection) || !strings.Contains(err.Error(), project.SectionList()) {
				t.Errorf("%s: error %v, want one listing the valid sections", tt.name, err)
			}
			continue
		}
		if err != nil || joined(got) != tt.want {
			t.Errorf("%s: got %s, %v; want %s", tt.name, joined(got), err, tt.want)
		}
	}
	if joined(cur) != "overview,times,photos" {
		t.Errorf("EditSections changed its input: %s", joined(cur))
	}
}

func joined(s []project.Section) string {
	ids := make([]string, len(s))
	for i, x := range s {
		ids[i] = string(x)
	}
	return strings.Join(ids, ",")
}
