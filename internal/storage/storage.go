// Package storage defines where published objects live. Store is the one
// small interface that publish talks to; storage/dir and storage/s3 implement
// it, and storage/storagetest is the conformance suite both must pass.
package storage

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ObjectInfo describes one stored object as the store reports it.
type ObjectInfo struct {
	Key  string
	Size int64
	// MD5 is the lower-case hex MD5 of the content; publish compares it
	// with the desired content to skip unchanged objects.
	MD5 string
	// Headers is the HeaderHash the object was stored with, or "" when the
	// listing does not tell: a store that is a HeaderReader (S3) tells on
	// request; any other keeps no headers (dir), and headers never force an
	// upload.
	Headers string
}

// Meta is what Put stores alongside the content.
type Meta struct {
	ContentType  string
	CacheControl string
	MD5          string // lower-case hex MD5 of the content, computed by the caller
	Size         int64
}

// Store holds objects under slash-separated keys.
//
// Implementations are safe for concurrent use. Keys never start with "/"
// and never contain "." or ".." segments.
type Store interface {
	// List returns every object whose key starts with prefix, sorted by
	// key. A prefix with no objects gives an empty list, not an error.
	List(ctx context.Context, prefix string) ([]ObjectInfo, error)
	// Put stores body under key, replacing any object there. A reader of the
	// key sees the old or the new content, never a partial one.
	Put(ctx context.Context, key string, body io.Reader, meta Meta) error
	// Open returns the content of key; a missing key gives an error that
	// wraps fs.ErrNotExist.
	Open(ctx context.Context, key string) (io.ReadCloser, error)
	// Delete removes keys. A key that does not exist is not an error.
	Delete(ctx context.Context, keys []string) error
}

// HeaderReader is implemented by a store that keeps headers but whose
// listing does not report them: S3 lists without metadata and needs one
// request per object for it, so publish asks only about objects whose
// headers matter and that its manifest does not vouch for.
type HeaderReader interface {
	// Headers returns the HeaderHash that key was stored with; a missing
	// key gives an error that wraps fs.ErrNotExist.
	Headers(ctx context.Context, key string) (string, error)
}

// HeaderHash condenses the headers that a changed configuration may alter
// into one short value, so that a store which keeps headers can report them
// (ObjectInfo.Headers, HeaderReader) and publish can re-upload on a change.
func HeaderHash(m Meta) string {
	h := sha256.Sum256([]byte(m.ContentType + "\n" + m.CacheControl))
	return hex.EncodeToString(h[:8])
}

// ErrBadKey is returned for a key that is empty, absolute, or has empty,
// "." or ".." segments.
var ErrBadKey = errors.New("invalid storage key")

// CheckKey returns an error wrapping ErrBadKey unless key is a clean,
// relative slash path. Stores call it so that no key can escape their root.
func CheckKey(key string) error {
	if key == "" || strings.HasPrefix(key, "/") || strings.Contains(key, "\\") {
		return fmt.Errorf("%w: %q", ErrBadKey, key)
	}
	for _, seg := range strings.Split(key, "/") {
		if seg == "" || seg == "." || seg == ".." {
			return fmt.Errorf("%w: %q", ErrBadKey, key)
		}
	}
	return nil
}
