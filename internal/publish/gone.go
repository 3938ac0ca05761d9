package publish

import (
	"bytes"
	"context"
	"crypto/md5"
	"encoding/hex"

	"github.com/vitrine/vitrine/internal/storage"
)

// goneName is the page for a link that has ended (SPEC §9): the CDN or web
// server in front of the storage shows it for every missing object, so
// that a customer with a deactivated or expired link reads a kind word and
// whom to call, not an XML error. It is vitrine's own key, never deleted.
const goneName = "_gone.html"

// GoneKey returns the key of the gone page under prefix.
func GoneKey(prefix string) string { return prefix + "/" + goneName }

// goneCacheControl is the gone page's Cache-Control, whatever the pages'
// is: it holds nothing private, and a fixed header needs no comparing.
const goneCacheControl = "public, no-cache"

// syncGone uploads opts.Gone when the stored page differs, and counts it
// unchanged otherwise. A run limited by Only leaves it to the next full
// one: it did not list it.
func (j *Job) syncGone(ctx context.Context) error {
	page := j.a.opts.Gone
	if page == nil || j.a.opts.Only != nil {
		return nil
	}
	sum := md5.Sum(page)
	m := storage.Meta{ContentType: "text/html; charset=utf-8", CacheControl: goneCacheControl,
		MD5: hex.EncodeToString(sum[:]), Size: int64(len(page))}
	stored := j.remote.gone
	if m.MD5 == stored.MD5 {
		j.a.mu.Lock()
		j.a.sum.Unchanged++
		j.a.mu.Unlock()
		return nil
	}
	c := Change{Key: GoneKey(j.a.opts.Prefix), Reason: ReasonNew, Size: m.Size}
	if stored.Key != "" {
		c.Reason = ReasonChanged
	}
	j.a.plan(OpUpload, []Change{c})
	return j.a.put(ctx, c, m, bytes.NewReader(page))
}
