package links

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/vitrine/vitrine/internal/project"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want project.Date // zero = an error
	}{
		{"2027-01-31", project.NewDate(2027, 1, 31)},
		{"31.01.2027", project.NewDate(2027, 1, 31)},
		{"3.1.2027", project.NewDate(2027, 1, 3)},
		{"31.13.2027", project.Date{}},
		{"2027-02-30", project.Date{}},
		{"01/31/2027", project.Date{}},
		{"", project.Date{}},
	}
	for _, tt := range tests {
		got, err := ParseDate(tt.in)
		if tt.want.IsZero() != (err != nil) || !got.Equal(tt.want.Time) {
			t.Errorf("ParseDate(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

// berlin is the site's time zone in these tests; at 23:30 UTC on 30 November
// 2026 it is already 1 December there.
func berlin(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func TestCreateRefusesPassedExpiry(t *testing.T) {
	loc := berlin(t)
	now := time.Date(2026, 11, 30, 23, 30, 0, 0, time.UTC) // 1 December in Berlin
	tests := []struct {
		expires project.Date
		ok      bool
	}{
		{project.Date{}, true},
		{project.NewDate(2026, 12, 1), true}, // today in Berlin, though not yet in UTC
		{project.NewDate(2027, 1, 31), true},
		{project.NewDate(2026, 11, 30), false}, // still today in UTC, yesterday in Berlin
		{project.NewDate(2020, 1, 31), false},
	}
	for _, tt := range tests {
		f := &File{}
		_, err := f.Create(CreateOptions{Locale: "de", Expires: tt.expires}, now, loc)
		if tt.ok != (err == nil) || (err != nil && !errors.Is(err, ErrExpiryPassed)) {
			t.Errorf("Create(expires %s) = %v; want ok=%v or ErrExpiryPassed", tt.expires, err, tt.ok)
		}
		if !tt.ok && len(f.Links) != 0 {
			t.Errorf("Create(expires %s) added a link", tt.expires)
		}
	}
}

// expiringFile has an active link a that expires on 30 November 2026 and
// one, b, without expiry.
func expiringFile(t *testing.T) (f *File, a, b string) {
	t.Helper()
	f = &File{}
	la, err := f.Create(CreateOptions{Locale: "de", Expires: project.NewDate(2026, 11, 30)}, t0, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	a = la.ID
	lb, err := f.Create(CreateOptions{Locale: "de"}, t0, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return f, a, lb.ID
}

func TestSetExpiry(t *testing.T) {
	loc := berlin(t)
	before := time.Date(2026, 11, 30, 12, 0, 0, 0, loc) // a's last day
	after := time.Date(2026, 12, 1, 0, 0, 0, 0, loc)    // a has expired
	extend := func(l *Link) error { l.Expires = project.NewDate(2027, 6, 30); return nil }
	relabel := func(l *Link) error { l.Label = "neu"; return nil }
	backdate := func(l *Link) error { l.Label, l.Expires = "neu", project.NewDate(2026, 11, 29); return nil }

	f, a, b := expiringFile(t)
	if err := f.Set(a, before, loc, extend); err != nil || f.Find(a).Expires.String() != "2027-06-30" {
		t.Errorf("extending on the last day: %v, expires %s", err, f.Find(a).Expires)
	}

	for name, change := range map[string]func(*Link) error{"extend": extend, "relabel": relabel} {
		f, a, _ := expiringFile(t)
		err := f.Set(a, after, loc, change)
		if !errors.Is(err, ErrExpired) {
			t.Errorf("%s an expired link: %v, want ErrExpired", name, err)
		}
		if l := f.Find(a); l.Label != "" || l.Expires.String() != "2026-11-30" {
			t.Errorf("%s an expired link changed it: %+v", name, l)
		}
	}

	f, _, b = expiringFile(t)
	if err := f.Set(b, after, loc, backdate); !errors.Is(err, ErrExpiryPassed) {
		t.Errorf("setting a passed expiry: %v, want ErrExpiryPassed", err)
	}
	if l := f.Find(b); l.Label != "" || !l.Expires.IsZero() {
		t.Errorf("a refused Set changed the link: %+v", l)
	}
	// A change that leaves a passed expiry as it is cannot happen on an
	// active link; today itself is fine.
	today := func(l *Link) error { l.Expires = project.NewDate(2026, 12, 1); return nil }
	if err := f.Set(b, after, loc, today); err != nil {
		t.Errorf("expiry today: %v", err)
	}
}

// TestUpdateFreezesExpired checks the rule in Update itself, which holds
// for any fn, not only for Set.
func TestUpdateFreezesExpired(t *testing.T) {
	loc := berlin(t)
	after := time.Date(2026, 12, 1, 0, 0, 0, 0, loc)
	f, a, _ := expiringFile(t)
	data, err := f.marshal()
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "links.yaml")
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
	lock := filepath.Join(t.TempDir(), "records.lock")
	update := func(fn func(*File) error) error { return Update(context.Background(), lock, path, after, loc, fn) }

	err = update(func(f *File) error { f.Find(a).Expires = project.NewDate(2027, 6, 30); return nil })
	if !errors.Is(err, ErrExpired) {
		t.Errorf("extending an expired link behind Set's back: %v, want ErrExpired", err)
	}
	if got, _ := os.ReadFile(path); string(got) != string(data) {
		t.Errorf("refused Update wrote:\n%s", got)
	}
	// Deactivating an expired link must still work.
	if err := update(func(f *File) error { return f.Deactivate(a, after) }); err != nil {
		t.Fatalf("deactivating an expired link: %v", err)
	}
	g, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if l := g.Find(a); l.Deactivated == nil || len(g.Revoked) != 1 {
		t.Errorf("after deactivation: %+v, revoked %v", l, g.Revoked)
	}
}
