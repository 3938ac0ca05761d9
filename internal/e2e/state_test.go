package e2e

import (
	"context"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/vitrine/vitrine/internal/publish"
	"github.com/vitrine/vitrine/internal/safefile"
)

// objects maps the keys of stored objects under the prefix to the MD5 of
// their content.
type objects map[string]string

// own reports whether key is one of vitrine's own keys under the prefix
// (`<prefix>/_…`), such as a deactivation marker, rather than an object of
// a link folder.
func own(key string) bool { return strings.HasPrefix(key, prefix+"/_") }

// isTemp reports whether name is an unfinished file of an atomic write:
// safefile's current form, and the forms it has had or is moving to.
func isTemp(name string) bool {
	return safefile.IsTemp(name) || strings.HasSuffix(name, ".safefile-tmp") ||
		(strings.HasPrefix(name, ".vt-") && strings.HasSuffix(name, ".tmp"))
}

// folderObjects lists the files under root/<prefix>/ as objects, with keys
// relative to root. Temporary files are left out: leftovers reports them.
func folderObjects(t *testing.T, root string) objects {
	t.Helper()
	out := objects{}
	err := walkFiles(filepath.Join(root, prefix), func(rel string, d fs.DirEntry) error {
		if isTemp(d.Name()) {
			return nil
		}
		b, err := os.ReadFile(filepath.Join(root, prefix, filepath.FromSlash(rel)))
		if err != nil {
			return err
		}
		sum := md5.Sum(b)
		out[prefix+"/"+rel] = hex.EncodeToString(sum[:])
		return nil
	})
	if err != nil {
		t.Fatalf("list %s: %v", root, err)
	}
	return out
}

// bucketObjects lists the objects under <prefix>/ of bucket with client,
// straight from the server. Every object vitrine writes is single-part, so
// its ETag is the MD5 of its content.
func bucketObjects(t *testing.T, client *awss3.Client, bucket string) objects {
	t.Helper()
	out := objects{}
	p := awss3.NewListObjectsV2Paginator(client, &awss3.ListObjectsV2Input{Bucket: &bucket, Prefix: aws.String(prefix + "/")})
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		if err != nil {
			t.Fatalf("list bucket %s: %v", bucket, err)
		}
		for _, o := range page.Contents {
			out[aws.ToString(o.Key)] = strings.Trim(aws.ToString(o.ETag), `"`)
		}
	}
	return out
}

// desiredState is what the storage must hold for the records: the objects
// of `vitrine build --out` into an empty folder, and the marker of every
// link that is deactivated or expired.
type desiredState struct {
	objects objects
	markers map[string]bool
}

// desired returns the desired state of the records as they are now. It
// is remembered by a hash of the records, so that a test that goes back
// and forth between the same records builds each only once.
func (s *site) desired() desiredState {
	s.t.Helper()
	key := s.fingerprint()
	if d, ok := s.built[key]; ok {
		return d
	}
	dir := s.t.TempDir()
	s.must("build", "--out", dir)
	d := desiredState{objects: folderObjects(s.t, dir), markers: map[string]bool{}}
	for _, l := range s.links() {
		if !l.Active {
			d.markers[publish.MarkerKey(prefix, l.ID)] = true
		}
	}
	if s.built == nil {
		s.built = map[string]desiredState{}
	}
	s.built[key] = d
	return d
}

// fingerprint hashes the inputs of a build: config.yaml and every file of
// the records, by path and content.
func (s *site) fingerprint() string {
	s.t.Helper()
	h := sha256.New()
	hashFile := func(rel string) error {
		b, err := os.ReadFile(s.path(rel))
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", rel, len(b))
		h.Write(b)
		return nil
	}
	err := hashFile("config.yaml")
	if err == nil {
		err = walkFiles(s.path("site"), func(rel string, _ fs.DirEntry) error { return hashFile("site/" + rel) })
	}
	if err != nil {
		s.t.Fatal(err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// stateDiff describes how got differs from the desired state of the
// records, or returns "" when it is exactly that: the link folders equal
// the build's, key by key and MD5 by MD5; the markers are exactly those of
// the deactivated and expired links; and any other key of vitrine's own
// but the manifest equals the build's.
func (s *site) stateDiff(got objects) string {
	s.t.Helper()
	d := s.desired()
	want, markers := d.objects, d.markers
	var diff []string
	for _, k := range sortedUnion(got, want) {
		g, inGot := got[k]
		w, inWant := want[k]
		switch {
		case isMarker(k):
			// Compared with the records below, not with the build.
		case k == publish.ManifestKey(prefix):
			// The S3 bookkeeping of headers, which a folder has none of:
			// internal/publish and internal/site test what it vouches for.
		case !inGot:
			diff = append(diff, "missing "+k)
		case !inWant:
			diff = append(diff, "extra   "+k)
		case g != w:
			diff = append(diff, fmt.Sprintf("stale   %s (md5 %s, want %s)", k, g, w))
		}
	}
	for _, k := range slices.Sorted(maps.Keys(markers)) {
		if _, ok := got[k]; !ok {
			diff = append(diff, "missing marker "+k)
		}
	}
	for k := range got {
		if isMarker(k) && !markers[k] {
			diff = append(diff, "extra marker   "+k)
		}
	}
	return strings.Join(diff, "\n")
}

// isMarker reports whether key is a deactivation marker.
func isMarker(key string) bool {
	return own(key) && path.Dir(key) == path.Dir(publish.MarkerKey(prefix, "x"))
}

func sortedUnion(a, b objects) []string {
	keys := slices.Collect(maps.Keys(a))
	for k := range b {
		if _, ok := a[k]; !ok {
			keys = append(keys, k)
		}
	}
	slices.Sort(keys)
	return keys
}

// leftovers lists what interrupted runs may leave behind in the records
// and the output folder: temporary files of atomic writes, and lock files
// inside the project folders, where the office works. The build cache in
// .vitrine is vitrine's own workspace and is left out.
func (s *site) leftovers() []string {
	s.t.Helper()
	var found []string
	for _, root := range []string{"site", "public"} {
		err := walkFiles(s.path(root), func(rel string, d fs.DirEntry) error {
			inProject := root == "site" && strings.HasPrefix(rel, "projects/")
			if isTemp(d.Name()) || (inProject && strings.HasSuffix(d.Name(), ".lock")) {
				found = append(found, root+"/"+rel)
			}
			return nil
		})
		if err != nil {
			s.t.Fatal(err)
		}
	}
	return found
}
