// Package publish makes the storage equal to the desired set of objects:
// a pure plan of what differs, then an ordered, concurrent apply through
// storage.Store. It knows nothing of S3 or folders.
package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strings"

	"github.com/vitrine/vitrine/internal/storage"
)

// Reasons name why a change is planned; dry runs print them.
const (
	ReasonNew         = "new"
	ReasonChanged     = "changed"
	ReasonHeaders     = "headers changed"
	ReasonGone        = "no longer present"
	ReasonMissing     = "link missing from the records"
	ReasonStray       = "not a link folder"
	ReasonMarker      = "record deactivation"
	ReasonDeactivated = "deactivated"
	ReasonExpired     = "expired"
	ReasonRevoked     = "deactivated in storage"
)

// markerDir holds one empty object per deactivated link, named by a hash of
// its id: the marker proves deactivation to every later publish without
// revealing the id to anyone who can list the bucket.
const markerDir = "_revoked/"

// MarkerKey returns the key of the deactivation marker of link id.
func MarkerKey(prefix, id string) string {
	h := sha256.Sum256([]byte("vitrine-revoked:" + id))
	return prefix + "/" + markerDir + hex.EncodeToString(h[:])
}

// Record is what the records say about one link id.
type Record struct {
	ID     string
	Active bool
	// Reason is ReasonDeactivated or ReasonExpired for an inactive link.
	Reason string
}

// Change is one planned write or delete.
type Change struct {
	Key    string
	Reason string
	Size   int64 // bytes to upload; 0 for deletes
}

// Remote indexes a storage listing of "<prefix>/".
type Remote struct {
	prefix  string
	links   map[string][]storage.ObjectInfo // by link folder
	markers map[string]bool                 // marker keys present
	stray   []storage.ObjectInfo            // objects not in any folder
}

// NewRemote indexes the listing of "<prefix>/". Keys beginning with "_" are
// vitrine's own; only the markers among them are used, and none is deleted.
func NewRemote(prefix string, list []storage.ObjectInfo) *Remote {
	r := &Remote{prefix: prefix, links: map[string][]storage.ObjectInfo{}, markers: map[string]bool{}}
	for _, o := range list {
		rel, ok := strings.CutPrefix(o.Key, prefix+"/")
		if !ok {
			continue
		}
		folder, _, inFolder := strings.Cut(rel, "/")
		switch {
		case strings.HasPrefix(rel, markerDir):
			r.markers[o.Key] = true
		case strings.HasPrefix(rel, "_"):
		case !inFolder:
			r.stray = append(r.stray, o)
		default:
			r.links[folder] = append(r.links[folder], o)
		}
	}
	return r
}

// Revoked reports whether storage holds a deactivation marker for id.
func (r *Remote) Revoked(id string) bool { return r.markers[MarkerKey(r.prefix, id)] }

// Objects returns the stored objects of link folder id, sorted by key.
func (r *Remote) Objects(id string) []storage.ObjectInfo { return r.links[id] }

// Plan is what a publish does outside the links it renders: revocations
// first, then (after the uploads) the removal of what is no longer wanted.
type Plan struct {
	// Markers are deactivation markers to write, before anything else.
	Markers []Change
	// Revoke deletes the objects of deactivated and expired links; it runs
	// right after the markers, before any upload.
	Revoke []Change
	// Render lists the ids of the active links to render and sync.
	Render []string
	// Skipped lists active links that storage marks as deactivated: the
	// records are older than the deactivation, so nothing is uploaded.
	Skipped []string
	// Delete removes objects of links missing from the records and stray
	// objects; it runs after all uploads.
	Delete []Change
	// Missing lists stored link folders that the records do not know at all.
	Missing []string
	// Stored counts the link folders in storage.
	Stored int
}

// PlanLinks decides, from the records and the storage listing, which links
// to render, which to revoke and what to delete.
func PlanLinks(records []Record, remote *Remote) *Plan {
	p := &Plan{Stored: len(remote.links)}
	known := map[string]bool{}
	revoke := func(id, reason string) {
		if !remote.Revoked(id) {
			p.Markers = append(p.Markers, Change{Key: MarkerKey(remote.prefix, id), Reason: ReasonMarker})
		}
		for _, o := range remote.links[id] {
			p.Revoke = append(p.Revoke, Change{Key: o.Key, Reason: reason})
		}
	}
	for _, rec := range records {
		known[rec.ID] = true
		switch {
		case !rec.Active:
			revoke(rec.ID, rec.Reason)
		case remote.Revoked(rec.ID):
			p.Skipped = append(p.Skipped, rec.ID)
			revoke(rec.ID, ReasonRevoked)
		default:
			p.Render = append(p.Render, rec.ID)
		}
	}
	for id, objs := range remote.links {
		if known[id] {
			continue
		}
		p.Missing = append(p.Missing, id)
		for _, o := range objs {
			p.Delete = append(p.Delete, Change{Key: o.Key, Reason: ReasonMissing})
		}
	}
	for _, o := range remote.stray {
		p.Delete = append(p.Delete, Change{Key: o.Key, Reason: ReasonStray})
	}
	for _, s := range [][]Change{p.Markers, p.Revoke, p.Delete} {
		sortChanges(s)
	}
	sort.Strings(p.Render)
	sort.Strings(p.Skipped)
	sort.Strings(p.Missing)
	return p
}

// TooManyMissing reports whether the links missing from the records are
// more than half of the stored links: the sign of a wrong content folder,
// which must not wipe every customer's page.
func (p *Plan) TooManyMissing() bool { return len(p.Missing)*2 > p.Stored }

func sortChanges(c []Change) {
	sort.Slice(c, func(i, j int) bool { return c[i].Key < c[j].Key })
}
