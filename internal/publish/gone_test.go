package publish

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/vitrine/vitrine/internal/storage"
	"github.com/vitrine/vitrine/internal/storage/dir"
)

// TestGonePage: a publish stores the gone page once, again only when it
// changed, never on a dry run or a run limited to some links, and it is
// never deleted, also when no link is left.
func TestGonePage(t *testing.T) {
	ctx := context.Background()
	folder := t.TempDir()
	rec := &recorder{Store: dir.New(folder)}
	run := func(store storage.Store, records []Record, o Options) *Summary {
		t.Helper()
		sum, err := Run(ctx, store, records, site{}.render, o)
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	stored := func() string {
		b, err := os.ReadFile(filepath.Join(folder, "p", "_gone.html"))
		if err != nil {
			return ""
		}
		return string(b)
	}
	o := opts()
	o.Gone = []byte("<p>Dieser Link ist nicht mehr gültig.</p>")
	active := []Record{{ID: idA, Active: true}}

	if sum := run(storage.DryRun(rec), active, o); sum.Uploaded != 3 || stored() != "" {
		t.Fatalf("dry run: %+v, stored %q", sum, stored())
	}
	if sum := run(rec, active, o); sum.Uploaded != 3 || stored() != string(o.Gone) {
		t.Fatalf("first run: %+v, stored %q", sum, stored())
	}
	rec.ops = nil
	if sum := run(rec, active, o); sum.Uploaded != 0 || sum.Unchanged != 3 || len(rec.ops) != 0 {
		t.Fatalf("unchanged run: %+v, writes %q", sum, rec.ops)
	}
	o.Gone = []byte("<p>Dieser Link ist nicht mehr gültig. Bitte wenden Sie sich an uns.</p>")
	limited := o
	limited.Only = func(string) bool { return true }
	if run(rec, active, limited); stored() == string(o.Gone) {
		t.Fatal("a limited run wrote the gone page")
	}
	rec.ops = nil
	if sum := run(rec, active, o); sum.Uploaded != 1 || !slices.Equal(rec.ops, []string{"put p/_gone.html"}) || stored() != string(o.Gone) {
		t.Fatalf("changed page: %+v, writes %q", sum, rec.ops)
	}
	// The last link deactivated: its folder goes, the gone page stays.
	run(rec, []Record{{ID: idA, Reason: ReasonDeactivated}}, o)
	if stored() != string(o.Gone) {
		t.Fatal("the gone page was deleted")
	}
	o.Gone = nil
	if run(rec, nil, o); stored() == "" {
		t.Fatal("a run without a gone page deleted the stored one")
	}
}
