package publish

import (
	"slices"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/render"
	"github.com/vitrine/vitrine/internal/storage"
)

const (
	idA = "0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e21"
	idB = "5d2f7a9c-81e4-4b3a-b6f0-2c9e8d7a1b34"
	idC = "9e1a3c5b-7d2f-4e6a-8b0c-1f3e5a7c9d24"
)

func obj(key, md5 string) storage.ObjectInfo { return storage.ObjectInfo{Key: key, MD5: md5} }

func keys(c []Change) []string {
	out := []string{}
	for _, x := range c {
		out = append(out, x.Key)
	}
	return out
}

func TestPlanLinks(t *testing.T) {
	active := func(id string) Record { return Record{ID: id, Active: true} }
	gone := func(id, reason string) Record { return Record{ID: id, Reason: reason} }
	tests := []struct {
		name    string
		records []Record
		remote  []storage.ObjectInfo
		render  []string
		skipped []string
		markers []string
		revoke  []string
		del     []string
		foreign []string
		tooMany bool
		// keepMissing: the records are known to be incomplete
		keepMissing bool
	}{
		{
			name:    "fresh storage renders every active link, in the order of the records",
			records: []Record{active(idB), active(idA)},
			render:  []string{idB, idA},
		},
		{
			name:    "deactivated link: marker, then its objects deleted",
			records: []Record{active(idA), gone(idB, ReasonDeactivated)},
			remote:  []storage.ObjectInfo{obj("p/"+idA+"/index.html", "1"), obj("p/"+idB+"/index.html", "2"), obj("p/"+idB+"/style.css", "3")},
			render:  []string{idA},
			markers: []string{MarkerKey("p", idB)},
			revoke:  []string{"p/" + idB + "/index.html", "p/" + idB + "/style.css"},
		},
		{
			name:    "marker already stored is not written again",
			records: []Record{gone(idB, ReasonExpired)},
			remote:  []storage.ObjectInfo{obj(MarkerKey("p", idB), "")},
		},
		{
			name:    "older records: active link with a stored marker is skipped",
			records: []Record{active(idA), active(idB)},
			remote:  []storage.ObjectInfo{obj(MarkerKey("p", idB), ""), obj("p/"+idB+"/index.html", "2")},
			render:  []string{idA},
			skipped: []string{idB},
			revoke:  []string{"p/" + idB + "/index.html"},
		},
		{
			name:    "link missing from records is deleted after uploads",
			records: []Record{active(idA), active(idB)},
			remote:  []storage.ObjectInfo{obj("p/"+idC+"/index.html", "3"), obj("p/"+idA+"/index.html", "1"), obj("p/"+idB+"/index.html", "1")},
			render:  []string{idA, idB},
			del:     []string{"p/" + idC + "/index.html"},
		},
		{
			name:    "most stored links missing trips the guard",
			records: []Record{active(idA)},
			remote:  []storage.ObjectInfo{obj("p/"+idB+"/index.html", "2"), obj("p/"+idC+"/index.html", "3")},
			render:  []string{idA},
			del:     []string{"p/" + idB + "/index.html", "p/" + idC + "/index.html"},
			tooMany: true,
		},
		{
			name:    "foreign keys deleted, own underscore keys (the manifest too) and other prefixes untouched",
			records: []Record{active(idA)},
			remote:  []storage.ObjectInfo{obj("p/"+idA+"/index.html", "1"), obj("p/index.html", "9"), obj("p/_future/x", "8"), obj(ManifestKey("p"), "6"), obj("px/"+idA+"/index.html", "7")},
			render:  []string{idA},
			del:     []string{"p/index.html"},
			foreign: []string{"index.html"},
		},
		{
			name:    "a user's files under the prefix count for the guard",
			records: []Record{active(idA)},
			remote:  []storage.ObjectInfo{obj("p/steuer.pdf", "9"), obj("p/fotos/a.jpg", "8"), obj("p/fotos/b.jpg", "7")},
			render:  []string{idA},
			del:     []string{"p/fotos/a.jpg", "p/fotos/b.jpg", "p/steuer.pdf"},
			foreign: []string{"fotos/", "steuer.pdf"},
			tooMany: true,
		},
		{
			name:    "a folder that is not a link id is foreign, not a link",
			records: []Record{active(idA), active(idB)},
			remote:  []storage.ObjectInfo{obj("p/"+idA+"/index.html", "1"), obj("p/"+idB+"/index.html", "1"), obj("p/"+strings.ToUpper(idC)+"/index.html", "3")},
			render:  []string{idA, idB},
			del:     []string{"p/" + strings.ToUpper(idC) + "/index.html"},
			foreign: []string{strings.ToUpper(idC) + "/"},
		},
		{
			name:    "leftovers of a crash go and do not count for the guard",
			records: []Record{active(idA)},
			remote:  []storage.ObjectInfo{obj("p/_revoked/.vt-12.tmp", ""), obj("p/.vt-3.tmp", "")},
			render:  []string{idA},
			del:     []string{"p/.vt-3.tmp", "p/_revoked/.vt-12.tmp"},
		},
		{
			name:    "a kept link is neither rendered, deleted nor missing",
			records: []Record{{ID: idA, Active: true, Keep: true}},
			remote:  []storage.ObjectInfo{obj("p/"+idA+"/index.html", "1")},
		},
		{
			name:        "incomplete records keep unknown link folders",
			records:     []Record{active(idA)},
			remote:      []storage.ObjectInfo{obj("p/"+idB+"/index.html", "2"), obj("p/"+idC+"/index.html", "3")},
			keepMissing: true,
			render:      []string{idA},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := PlanLinks(tt.records, NewRemote("p", tt.remote), tt.keepMissing)
			check := func(what string, got, want []string) {
				t.Helper()
				if want == nil {
					want = []string{}
				}
				if got == nil {
					got = []string{}
				}
				if !slices.Equal(got, want) {
					t.Errorf("%s = %q, want %q", what, got, want)
				}
			}
			check("Render", p.Render, tt.render)
			check("Skipped", p.Skipped, tt.skipped)
			check("Markers", keys(p.Markers), tt.markers)
			check("Revoke", keys(p.Revoke), tt.revoke)
			check("Delete", keys(p.Delete), tt.del)
			check("Foreign", p.Foreign, tt.foreign)
			if p.TooManyMissing() != tt.tooMany {
				t.Errorf("TooManyMissing = %v, want %v", p.TooManyMissing(), tt.tooMany)
			}
		})
	}
}

func TestMarkerKeyRevealsNoID(t *testing.T) {
	k := MarkerKey("p", idA)
	if k == MarkerKey("p", idB) {
		t.Fatal("two ids share a marker")
	}
	if slices.Contains([]byte(k), '-') || len(k) != len("p/_revoked/")+64 {
		t.Fatalf("marker key %q is not a bare hash", k)
	}
}

func TestDiff(t *testing.T) {
	files := []render.File{
		{Path: "index.html", ContentType: "text/html", Body: []byte("page")},
		{Path: "style.css", ContentType: "text/css", Body: []byte("css")},
		{Path: "photos/a.jpg", ContentType: "image/jpeg", Body: []byte("jpg")},
	}
	desired, err := Objects("p", idA, "public, no-cache", files)
	if err != nil {
		t.Fatal(err)
	}
	sum := map[string]string{}
	for _, o := range desired {
		sum[o.Key] = o.Meta.MD5
	}
	k := func(s string) string { return "p/" + idA + "/" + s }
	hdr := storage.HeaderHash(storage.Meta{ContentType: "text/css", CacheControl: "public, no-cache"})
	tests := []struct {
		name      string
		stored    []storage.ObjectInfo
		upload    []string
		reasons   []string
		stale     []string
		unchanged int
	}{
		{
			name:    "empty storage uploads files before the page",
			upload:  []string{k("photos/a.jpg"), k("style.css"), k("index.html")},
			reasons: []string{ReasonNew, ReasonNew, ReasonNew},
		},
		{
			name: "unchanged uploads nothing",
			stored: []storage.ObjectInfo{
				{Key: k("index.html"), MD5: sum[k("index.html")]},
				{Key: k("style.css"), MD5: sum[k("style.css")], Headers: hdr},
				{Key: k("photos/a.jpg"), MD5: sum[k("photos/a.jpg")]},
			},
			unchanged: 3,
		},
		{
			name: "changed content, changed headers, stale file",
			stored: []storage.ObjectInfo{
				{Key: k("index.html"), MD5: "old"},
				{Key: k("style.css"), MD5: sum[k("style.css")], Headers: "other"},
				{Key: k("photos/a.jpg"), MD5: sum[k("photos/a.jpg")]},
				{Key: k("photos/removed.jpg"), MD5: "x"},
			},
			upload:    []string{k("style.css"), k("index.html")},
			reasons:   []string{ReasonHeaders, ReasonChanged},
			stale:     []string{k("photos/removed.jpg")},
			unchanged: 1,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := Diff(desired, tt.stored)
			var up, why []string
			for _, u := range d.Upload {
				up = append(up, u.Key)
				why = append(why, u.Reason)
			}
			if !slices.Equal(up, tt.upload) || !slices.Equal(why, tt.reasons) {
				t.Errorf("Upload = %q %q, want %q %q", up, why, tt.upload, tt.reasons)
			}
			if got := keys(d.Stale); !slices.Equal(got, append([]string{}, tt.stale...)) {
				t.Errorf("Stale = %q, want %q", got, tt.stale)
			}
			if d.Unchanged != tt.unchanged {
				t.Errorf("Unchanged = %d, want %d", d.Unchanged, tt.unchanged)
			}
		})
	}
}
