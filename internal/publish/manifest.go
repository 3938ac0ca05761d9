package publish

import (
	"bytes"
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"sync"

	"github.com/vitrine/vitrine/internal/storage"
)

// The manifest records the headers each object in the link folders was
// stored with, for a store whose listing does not report them (S3): without
// it, noticing a changed Cache-Control would cost one request per object on
// every publish. It lives under the prefix, where anyone may fetch it
// through the CDN, so it names no key: an entry is a hash of an object's key
// and content MD5, and it vouches for the headers only of an object listed
// with that very key and MD5. Whatever it does not cover, publish asks the
// store about.
const manifestName = "_manifest"

// ManifestKey returns the key of the manifest under prefix.
func ManifestKey(prefix string) string { return prefix + "/" + manifestName }

// manifestMeta is stored with the manifest, which is vitrine's bookkeeping:
// nothing for a browser or the CDN to keep.
var manifestMeta = storage.Meta{ContentType: "application/octet-stream", CacheControl: "no-store"}

// The encoding, version 1, all integers unsigned varints:
//
//	magic, version byte
//	count of header hashes, then each as length and bytes, sorted
//	count of entries, then each as 16 bytes of entryID and the index of
//	its header hash, sorted by entryID
//	SHA-256 of everything before it
//
// A manifest that does not decode, or has another version, is ignored.
const (
	manifestMagic   = "vitrine-manifest\n"
	manifestVersion = 1
	// maxManifest bounds what is read: 50,000 links of a dozen objects
	// take 10 MB.
	maxManifest = 64 << 20
)

// entryID identifies one stored object by its key and content.
type entryID [16]byte

func entryOf(key, md5 string) entryID {
	h := sha256.Sum256([]byte("vitrine-manifest:" + key + "\n" + md5))
	return entryID(h[:16])
}

// manifest maps entries to the header hash of the object.
type manifest map[entryID]string

// encodeManifest returns the bytes of m; the same m gives the same bytes,
// so that an unchanged manifest is not written again.
func encodeManifest(m manifest) []byte {
	index := map[string]uint64{}
	for _, h := range m {
		index[h] = 0
	}
	headers := make([]string, 0, len(index))
	for h := range index {
		headers = append(headers, h)
	}
	slices.Sort(headers)
	ids := make([]entryID, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b entryID) int { return bytes.Compare(a[:], b[:]) })

	b := append([]byte(manifestMagic), manifestVersion)
	b = binary.AppendUvarint(b, uint64(len(headers)))
	for i, h := range headers {
		index[h] = uint64(i)
		b = binary.AppendUvarint(b, uint64(len(h)))
		b = append(b, h...)
	}
	b = binary.AppendUvarint(b, uint64(len(ids)))
	for _, id := range ids {
		b = append(b, id[:]...)
		b = binary.AppendUvarint(b, index[m[id]])
	}
	sum := sha256.Sum256(b)
	return append(b, sum[:]...)
}

var errBadManifest = errors.New("not a vitrine manifest of a known version")

// decodeManifest parses what encodeManifest wrote, checking every length
// and index, so that no damaged manifest is trusted.
func decodeManifest(b []byte) (manifest, error) {
	if len(b) < len(manifestMagic)+1+sha256.Size {
		return nil, errBadManifest
	}
	body, sum := b[:len(b)-sha256.Size], b[len(b)-sha256.Size:]
	if got := sha256.Sum256(body); !bytes.Equal(got[:], sum) {
		return nil, errBadManifest
	}
	r := bytes.NewReader(body)
	head := make([]byte, len(manifestMagic)+1)
	if _, err := io.ReadFull(r, head); err != nil || string(head[:len(manifestMagic)]) != manifestMagic || head[len(manifestMagic)] != manifestVersion {
		return nil, errBadManifest
	}
	n, err := binary.ReadUvarint(r)
	if err != nil || n > uint64(r.Len()) {
		return nil, errBadManifest
	}
	headers := make([]string, n)
	for i := range headers {
		l, err := binary.ReadUvarint(r)
		if err != nil || l == 0 || l > uint64(r.Len()) {
			return nil, errBadManifest
		}
		h := make([]byte, l)
		if _, err := io.ReadFull(r, h); err != nil {
			return nil, errBadManifest
		}
		headers[i] = string(h)
	}
	n, err = binary.ReadUvarint(r)
	if err != nil || n > uint64(r.Len()/(len(entryID{})+1)) {
		return nil, errBadManifest
	}
	m := make(manifest, n)
	for range n {
		var id entryID
		if _, err := io.ReadFull(r, id[:]); err != nil {
			return nil, errBadManifest
		}
		i, err := binary.ReadUvarint(r)
		if err != nil || i >= uint64(len(headers)) {
			return nil, errBadManifest
		}
		m[id] = headers[i]
	}
	if r.Len() != 0 {
		return nil, errBadManifest
	}
	return m, nil
}

// readManifest reads the manifest that the listing shows (Key "" when there
// is none). A manifest that is gone since or does not decode counts as
// none: it costs requests, never a wrong answer.
func readManifest(ctx context.Context, store storage.Store, listed storage.ObjectInfo) (manifest, error) {
	if listed.Key == "" {
		return manifest{}, nil
	}
	r, err := store.Open(ctx, listed.Key)
	if errors.Is(err, fs.ErrNotExist) {
		return manifest{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read the manifest: %w", err)
	}
	defer r.Close()
	b, err := io.ReadAll(io.LimitReader(r, maxManifest+1))
	if err != nil {
		return nil, fmt.Errorf("read the manifest %s: %w", listed.Key, err)
	}
	if len(b) > maxManifest {
		return manifest{}, nil
	}
	m, err := decodeManifest(b)
	if err != nil {
		return manifest{}, nil
	}
	return m, nil
}

// readHeaders returns stored with the headers filled in of each object
// whose content is the desired one and whose headers the manifest does not
// vouch for: one request each, only for those, since any other object is
// uploaded whatever its headers are. An object deleted since the listing
// is left out, and so uploaded as new.
func (a *applier) readHeaders(ctx context.Context, desired []Object, stored []storage.ObjectInfo) ([]storage.ObjectInfo, error) {
	if a.headers == nil {
		return stored, nil
	}
	want := make(map[string]string, len(desired)) // MD5 by key
	for _, o := range desired {
		want[o.Key] = o.Meta.MD5
	}
	out := make([]storage.ObjectInfo, 0, len(stored))
	for _, o := range stored {
		if o.Headers == "" && o.MD5 != "" && want[o.Key] == o.MD5 {
			h, err := a.headers.Headers(ctx, o.Key)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return nil, err
			}
			o.Headers = h
			a.ledger.record(o)
		}
		out = append(out, o)
	}
	return out, nil
}

// ledger is, during a run, what is known to be stored in the link folders
// and with which headers: the next manifest. A key leaves it before a
// request that may change the object is sent and comes back, with the new
// content and headers, only once the store confirms the write, so that at
// every moment, also after a failure, it claims nothing untrue.
//
// A nil ledger keeps nothing: the store keeps no headers, or reports them
// in its listing.
type ledger struct {
	mu   sync.Mutex
	objs map[string]storage.ObjectInfo // by key
}

// newLedger sets the headers of the listed link objects that m vouches for
// and starts a ledger with every link object whose headers are known.
func newLedger(remote *Remote, m manifest) *ledger {
	l := &ledger{objs: map[string]storage.ObjectInfo{}}
	for _, objs := range remote.links {
		for i := range objs {
			o := &objs[i]
			if h, ok := m[entryOf(o.Key, o.MD5)]; ok && o.Headers == "" && o.MD5 != "" {
				o.Headers = h
			}
			if o.Headers != "" {
				l.objs[o.Key] = *o
			}
		}
	}
	return l
}

// record notes that o is stored with its MD5 and Headers.
func (l *ledger) record(o storage.ObjectInfo) {
	if l == nil || o.MD5 == "" {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.objs[o.Key] = o
}

// forget notes that what is stored under keys is no longer known.
func (l *ledger) forget(keys ...string) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, k := range keys {
		delete(l.objs, k)
	}
}

// save writes the manifest of what l knows, unless the stored one (as
// listed) has that content already.
func (l *ledger) save(ctx context.Context, store storage.Store, prefix string, listed storage.ObjectInfo) error {
	if l == nil {
		return nil
	}
	l.mu.Lock()
	m := make(manifest, len(l.objs))
	for _, o := range l.objs {
		m[entryOf(o.Key, o.MD5)] = o.Headers
	}
	l.mu.Unlock()
	b := encodeManifest(m)
	sum := md5.Sum(b)
	meta := manifestMeta
	meta.MD5, meta.Size = hex.EncodeToString(sum[:]), int64(len(b))
	if meta.MD5 == listed.MD5 {
		return nil
	}
	if err := store.Put(ctx, ManifestKey(prefix), bytes.NewReader(b), meta); err != nil {
		return fmt.Errorf("write the manifest: %w; the pages are published, and the next publish asks the storage for their headers again", err)
	}
	return nil
}
