package project

import (
	"testing"
	"time"
)

func TestKnownAs(t *testing.T) {
	p := &Project{Name: "2024-017 Bad Sanierung Müller", Number: "2024-017", PublicName: "Ihr neues Bad", ImportNames: []string{"BV Müller"}}
	tests := []struct {
		name string
		want bool
	}{
		{"2024-017", true},
		{" 2024-017\t", true},
		{"2024-017  bad\tSANIERUNG müller", true},
		{"IHR NEUES BAD", true},
		{"bv müller", true},
		{"", false},
		{"   ", false},
		{"2024-01", false},
		{"2024-0170", false},
		{"Bad Sanierung Müller", false},
		{"BV Mueller", false},
		{"2024-019 Dach Schneider", false},
	}
	for _, tt := range tests {
		if got := p.KnownAs(tt.name); got != tt.want {
			t.Errorf("KnownAs(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
	if (&Project{}).KnownAs("") {
		t.Error("a project without names is known as the empty name")
	}
}

func TestDatePlausible(t *testing.T) {
	tests := []struct {
		d    Date
		want bool
	}{
		{NewDate(1990, time.January, 1), true},
		{NewDate(2024, time.May, 7), true},
		{NewDate(2100, time.December, 31), true},
		{NewDate(1989, time.December, 31), false},
		{NewDate(2101, time.January, 1), false},
		{NewDate(204, time.May, 7), false},
		{Date{}, false},
	}
	for _, tt := range tests {
		if got := tt.d.Plausible(); got != tt.want {
			t.Errorf("%s.Plausible() = %v, want %v", tt.d, got, tt.want)
		}
	}
}
