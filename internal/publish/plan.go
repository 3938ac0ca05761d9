// Package publish makes the storage equal to the desired set of objects:
// a pure plan of what differs, then an ordered, concurrent apply through
// storage.Store. It knows nothing of S3 or folders.
package publish

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
	"sort"
	"strings"

	"github.com/vitrine/vitrine/internal/safefile"
	"github.com/vitrine/vitrine/internal/storage"
)

// Reasons name why a change is planned; dry runs print them.
const (
	ReasonNew         = "new"
	ReasonChanged     = "changed"
	ReasonHeaders     = "headers changed"
	ReasonGone        = "no longer present"
	ReasonMissing     = "link missing from the records"
	ReasonForeign     = "not written by vitrine"
	ReasonLeftover    = "left by an interrupted run"
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
	// Keep marks an active link whose records cannot be used now (say its
	// id is claimed by two projects): its stored objects stay exactly as
	// they are, neither rendered anew nor deleted.
	Keep bool
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
	// foreign holds, by entry name ("steuer.pdf", "fotos/"), the objects
	// that vitrine did not write: neither in a link folder nor its own.
	foreign map[string][]storage.ObjectInfo
	// leftovers are unfinished files of a crashed vitrine outside the link
	// folders (say in _revoked/): always deleted, never counted as foreign.
	leftovers []storage.ObjectInfo
	// manifest is the listed manifest; Key is "" when there is none.
	manifest storage.ObjectInfo
	// gone is the listed gone page; Key is "" when there is none.
	gone storage.ObjectInfo
}

// linkFolder is the form of every folder name vitrine writes under the
// prefix: a link id, a random UUID v4 in lower case.
var linkFolder = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

// NewRemote indexes the listing of "<prefix>/". Keys beginning with "_" are
// vitrine's own; only the markers, the manifest and the gone page among
// them are used, and none is deleted.
// Everything else that is not in a link folder is foreign: a user's file in
// a folder that prefix was pointed at by mistake.
func NewRemote(prefix string, list []storage.ObjectInfo) *Remote {
	r := &Remote{prefix: prefix, links: map[string][]storage.ObjectInfo{}, markers: map[string]bool{}, foreign: map[string][]storage.ObjectInfo{}}
	for _, o := range list {
		rel, ok := strings.CutPrefix(o.Key, prefix+"/")
		if !ok {
			continue
		}
		folder, _, inFolder := strings.Cut(rel, "/")
		switch {
		case safefile.IsTemp(rel) && !(inFolder && linkFolder.MatchString(folder)):
			r.leftovers = append(r.leftovers, o)
		case strings.HasPrefix(rel, markerDir):
			r.markers[o.Key] = true
		case rel == manifestName:
			r.manifest = o
		case rel == goneName:
			r.gone = o
		case strings.HasPrefix(rel, "_"):
		case inFolder && linkFolder.MatchString(folder):
			r.links[folder] = append(r.links[folder], o)
		case inFolder:
			r.foreign[folder+"/"] = append(r.foreign[folder+"/"], o)
		default:
			r.foreign[rel] = append(r.foreign[rel], o)
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
	// Markers are deactivation markers to write, before anything else,
	// for the links of Marked.
	Markers []Change
	Marked  []string
	// Revoke deletes the objects of deactivated and expired links; it runs
	// right after the markers, before any upload.
	Revoke []Change
	// Render lists the ids of the active links to render and sync.
	Render []string
	// Skipped lists active links that storage marks as deactivated: the
	// records are older than the deactivation, so nothing is uploaded.
	Skipped []string
	// Delete removes objects of links missing from the records and foreign
	// objects; it runs after all uploads.
	Delete []Change
	// Missing lists stored link folders that the records do not know at all.
	Missing []string
	// Foreign names the entries under the prefix that vitrine did not
	// write, sorted.
	Foreign []string
	// Stored counts the link folders in storage.
	Stored int
}

// PlanLinks decides, from the records and the storage listing, which links
// to render, which to revoke and what to delete. Render keeps the order of
// records, so that a caller can keep the links of one project together.
// With keepMissing, the records are known to be incomplete (a links.yaml
// could not be read), and link folders they do not know stay untouched.
func PlanLinks(records []Record, remote *Remote, keepMissing bool) *Plan {
	p := &Plan{Stored: len(remote.links)}
	known := map[string]bool{}
	revoke := func(id, reason string) {
		if !remote.Revoked(id) {
			p.Markers = append(p.Markers, Change{Key: MarkerKey(remote.prefix, id), Reason: ReasonMarker})
			p.Marked = append(p.Marked, id)
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
		case rec.Keep:
		case remote.Revoked(rec.ID):
			p.Skipped = append(p.Skipped, rec.ID)
			revoke(rec.ID, ReasonRevoked)
		default:
			p.Render = append(p.Render, rec.ID)
		}
	}
	for id, objs := range remote.links {
		if known[id] || keepMissing {
			continue
		}
		p.Missing = append(p.Missing, id)
		for _, o := range objs {
			p.Delete = append(p.Delete, Change{Key: o.Key, Reason: ReasonMissing})
		}
	}
	for _, o := range remote.leftovers {
		p.Delete = append(p.Delete, Change{Key: o.Key, Reason: ReasonLeftover})
	}
	for name, objs := range remote.foreign {
		p.Foreign = append(p.Foreign, name)
		for _, o := range objs {
			p.Delete = append(p.Delete, Change{Key: o.Key, Reason: ReasonForeign})
		}
	}
	for _, s := range [][]Change{p.Markers, p.Revoke, p.Delete} {
		sortChanges(s)
	}
	sort.Strings(p.Skipped)
	sort.Strings(p.Missing)
	sort.Strings(p.Foreign)
	return p
}

// TooManyMissing reports whether what would be deleted without being
// deactivated (link folders missing from the records, and entries vitrine
// did not write) is more than half of what is stored: the sign of a wrong
// content folder or prefix, which must not wipe every customer's page or
// the user's own files.
func (p *Plan) TooManyMissing() bool {
	gone := len(p.Missing) + len(p.Foreign)
	return gone*2 > p.Stored+len(p.Foreign)
}

func sortChanges(c []Change) {
	sort.Slice(c, func(i, j int) bool { return c[i].Key < c[j].Key })
}
