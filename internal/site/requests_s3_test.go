package site_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/vitrine/vitrine/internal/publish"
	"github.com/vitrine/vitrine/internal/render"
	"github.com/vitrine/vitrine/internal/site"
	"github.com/vitrine/vitrine/internal/site/sitetest"
	"github.com/vitrine/vitrine/internal/storage"
	"github.com/vitrine/vitrine/internal/storage/s3"
	"github.com/vitrine/vitrine/internal/storage/s3/s3test"
)

// requestsSite is a site published to versitygw whose requests are
// counted by operation.
type requestsSite struct {
	t      *testing.T
	srv    *s3test.Server
	folder string
	bucket string
	store  *s3.Store
	count  s3test.Counter
}

// countedStore returns a store for a new bucket on srv whose requests
// count counts, and the bucket's name.
func countedStore(tb testing.TB, srv *s3test.Server, concurrency int, count *s3test.Counter) (*s3.Store, string) {
	tb.Helper()
	bucket := srv.Bucket(tb)
	store, err := s3.New(tb.Context(), s3.Config{
		Bucket: bucket, Region: srv.Region, Endpoint: srv.Endpoint, PathStyle: true,
		Concurrency: concurrency, WrapHTTP: count.Wrap,
	})
	if err != nil {
		tb.Fatal(err)
	}
	return store, bucket
}

// publish publishes the site as `vitrine publish` does, or, with projects,
// as `vitrine watch` does after a save in them, and returns what it did
// and the requests it sent.
func (r *requestsSite) publish(projects ...string) (*publish.Summary, map[string]int) {
	r.t.Helper()
	r.count.Take()
	sum, err := openSite(r.t, r.folder).Publish(r.t.Context(), r.store, site.PublishOptions{Now: testNow, Projects: projects})
	if err != nil {
		r.t.Fatal(err)
	}
	return sum, r.count.Take()
}

func (r *requestsSite) list(prefix string) []storage.ObjectInfo {
	r.t.Helper()
	list, err := r.store.List(r.t.Context(), prefix)
	if err != nil {
		r.t.Fatal(err)
	}
	return list
}

// keys returns the number of keys under the prefix, the manifest included.
func (r *requestsSite) keys() int { return len(r.list("p/")) }

func (r *requestsSite) cacheControl(value string) {
	r.t.Helper()
	name := filepath.Join(r.folder, "config.yaml")
	b, err := os.ReadFile(name)
	if err != nil {
		r.t.Fatal(err)
	}
	text, _, _ := strings.Cut(string(b), "cache_control:")
	sitetest.WriteFile(r.t, name, text+"cache_control:\n  pages: \""+value+"\"\n")
}

// adminPut stores body under key behind vitrine's back.
func (r *requestsSite) adminPut(key string, body []byte) {
	r.t.Helper()
	if _, err := r.srv.Admin().PutObject(r.t.Context(), &awss3.PutObjectInput{Bucket: &r.bucket, Key: &key, Body: bytes.NewReader(body)}); err != nil {
		r.t.Fatal(err)
	}
}

func (r *requestsSite) manifest() []byte {
	r.t.Helper()
	out, err := r.srv.Admin().GetObject(r.t.Context(), &awss3.GetObjectInput{Bucket: &r.bucket, Key: aws.String(publish.ManifestKey("p"))})
	if err != nil {
		r.t.Fatal(err)
	}
	defer out.Body.Close()
	b, err := io.ReadAll(out.Body)
	if err != nil {
		r.t.Fatal(err)
	}
	if aws.ToString(out.ContentType) != "application/octet-stream" || aws.ToString(out.CacheControl) != "no-store" {
		r.t.Errorf("manifest served as %q, %q; want application/octet-stream, no-store", aws.ToString(out.ContentType), aws.ToString(out.CacheControl))
	}
	return b
}

// want checks the requests of one publish: ListObjectsV2 at most list,
// every other operation exactly as often as exact says.
func want(t *testing.T, step string, got map[string]int, list int, exact map[string]int) {
	t.Helper()
	if got["ListObjectsV2"] > list {
		t.Errorf("%s: %d ListObjectsV2, want at most %d", step, got["ListObjectsV2"], list)
	}
	ops := maps.Clone(exact)
	maps.Copy(ops, got)
	for op := range ops {
		if op != "ListObjectsV2" && got[op] != exact[op] {
			t.Errorf("%s: %d %s, want %d (all requests: %v)", step, got[op], op, exact[op], got)
		}
	}
}

// TestPublishRequestsS3 counts the requests of the publishes an office
// makes on S3: nothing to do costs one listing per 1000 keys and one read
// of the manifest, and nothing per object.
func TestPublishRequestsS3(t *testing.T) {
	srv := s3test.Start(t)
	srv.SetEnv(t)
	r := &requestsSite{t: t, srv: srv, folder: t.TempDir()}
	r.store, r.bucket = countedStore(t, srv, 8, &r.count)
	const projects = 200
	ids := sitetest.Write(t, r.folder, sitetest.Options{Projects: projects})
	// The first link holds 500 objects, to be deleted at once.
	big := ids[sitetest.Slug(0)][0]
	for i := range 495 {
		sitetest.WriteFile(t, filepath.Join(r.folder, "site", "projects", sitetest.Slug(0), "files", fmt.Sprintf("Rechnung-%03d.pdf", i)), fmt.Sprintf("%%PDF-1.4 Rechnung %d\n", i))
	}

	first, _ := r.publish()
	objects := first.Uploaded - 1 // of the link folders; the gone page is the other one
	keys := r.keys()
	if inBig := len(r.list("p/" + big + "/")); keys != objects+2 || inBig != 500 || objects < 4*projects {
		t.Fatalf("%d keys under p/ after publishing %d objects, %d in link %s; want those, the gone page and the manifest, and 500 in the link", keys, first.Uploaded, inBig, big)
	}
	lists := (keys+999)/1000 + 1

	sum, n := r.publish()
	if sum.Uploaded != 0 || sum.Deleted != 0 || sum.Unchanged != objects+1 {
		t.Fatalf("unchanged publish = %+v, want %d unchanged", sum, objects+1)
	}
	want(t, "unchanged publish", n, lists, map[string]int{"GetObject": 1})

	// A run of vitrine watch after a save that changed nothing: the
	// markers and the project's folder listed, the manifest read, and no
	// request per object; nothing written.
	sum, n = r.publish(sitetest.Slug(3))
	if sum.Uploaded != 0 || sum.Unchanged == 0 {
		t.Fatalf("limited unchanged publish = %+v, want nothing uploaded", sum)
	}
	want(t, "limited unchanged publish", n, 2, map[string]int{"GetObject": 1})

	// The manifest can be fetched by anyone through the CDN: it names no
	// link.
	m := r.manifest()
	for _, links := range ids {
		for _, id := range links {
			if bytes.Contains(m, []byte(id)) {
				t.Fatalf("the manifest contains link id %s", id)
			}
		}
	}
	if len(m) > 40*keys {
		t.Errorf("the manifest of %d objects takes %d bytes", objects, len(m))
	}

	// One new report: its link's page and the manifest.
	one := ids[sitetest.Slug(7)][0]
	sitetest.WriteFile(t, filepath.Join(r.folder, "site", "projects", sitetest.Slug(7), "notes", "2024-05-20-abnahme.md"), "# Abnahme\n\nAlles fertig.\n")
	sum, n = r.publish()
	if sum.Uploaded < 1 || n["PutObject"] > 3 || len(sum.Changed) != 1 || sum.Changed[0] != one {
		t.Fatalf("publish of one report = %+v with %v; want only link %s and at most 3 PutObject", sum, n, one)
	}
	want(t, "one report", n, lists+2, map[string]int{"GetObject": 1, "PutObject": sum.Uploaded + 1})

	// Another tool stores other content under a key: its ETag tells.
	behind := "p/" + one + "/times.csv"
	r.adminPut(behind, []byte("Datum;Stunden\n"))
	sum, n = r.publish()
	if sum.Uploaded != 1 || sum.Unchanged != objects {
		t.Fatalf("publish after a change behind its back = %+v, want %s uploaded again", sum, behind)
	}
	// The object is as the manifest knows it again: no new manifest.
	want(t, "change behind its back", n, lists+2, map[string]int{"GetObject": 1, "PutObject": 1})

	// A changed Cache-Control reaches every object of the link folders
	// (the page for ended links keeps its own), and asks about none.
	r.cacheControl("public, max-age=60")
	sum, n = r.publish()
	if sum.Uploaded != objects || sum.Unchanged != 1 {
		t.Fatalf("publish after a new cache_control = %+v, want all %d objects of the links uploaded", sum, objects)
	}
	want(t, "new cache_control", n, 2*projects+lists, map[string]int{"GetObject": 1, "PutObject": objects + 1})

	// A manifest deleted or damaged by hand costs one HEAD per object
	// whose content is unchanged, once.
	for _, damage := range []string{"deleted", "damaged"} {
		if damage == "deleted" {
			if _, err := srv.Admin().DeleteObject(t.Context(), &awss3.DeleteObjectInput{Bucket: &r.bucket, Key: aws.String(publish.ManifestKey("p"))}); err != nil {
				t.Fatal(err)
			}
		} else {
			m := r.manifest()
			m[len(m)/2] ^= 0x40
			r.adminPut(publish.ManifestKey("p"), m)
		}
		sum, n = r.publish()
		if sum.Uploaded != 0 {
			t.Fatalf("publish with the manifest %s = %+v, want nothing uploaded", damage, sum)
		}
		get := map[string]int{"deleted": 0, "damaged": 1}[damage]
		want(t, "manifest "+damage, n, lists, map[string]int{"GetObject": get, "HeadObject": objects, "PutObject": 1})
		_, n = r.publish()
		want(t, "after the manifest was "+damage, n, lists, map[string]int{"GetObject": 1})
	}

	// Without a manifest, a changed Cache-Control still reaches every
	// object.
	if _, err := srv.Admin().DeleteObject(t.Context(), &awss3.DeleteObjectInput{Bucket: &r.bucket, Key: aws.String(publish.ManifestKey("p"))}); err != nil {
		t.Fatal(err)
	}
	r.cacheControl("public, no-cache")
	sum, n = r.publish()
	if sum.Uploaded != objects {
		t.Fatalf("publish after a new cache_control without manifest = %+v, want all %d objects uploaded", sum, objects)
	}
	want(t, "new cache_control without manifest", n, 2*projects+lists, map[string]int{"HeadObject": objects, "PutObject": objects + 1})

	// Deactivating the link of 500 objects deletes them in one request.
	name := filepath.Join(r.folder, "site", "projects", sitetest.Slug(0), "links.yaml")
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	sitetest.WriteFile(t, name, strings.Replace(string(b), "revoked: []", "    deactivated: 2026-11-28T08:00:00Z\nrevoked: []", 1))
	sum, n = r.publish()
	if sum.Deleted != 500 || sum.Uploaded != 1 {
		t.Fatalf("publish of a deactivation = %+v, want the 500 objects of %s deleted and its marker written", sum, big)
	}
	want(t, "deactivation", n, lists, map[string]int{"GetObject": 1, "PutObject": 2, "DeleteObjects": 1})
}

// BenchmarkSyncUnchangedS3 publishes sitetest.BenchProjects links, rendered
// beforehand so that only publish and the storage are measured, over an
// up-to-date bucket on versitygw, and reports the requests per publish.
func BenchmarkSyncUnchangedS3(b *testing.B) {
	folder := b.TempDir()
	sitetest.Write(b, folder, sitetest.Options{Projects: sitetest.BenchProjects(b)})
	s := openSite(b, folder)
	bld := build(b, s)
	recs := s.Records(testNow)
	rendered := map[string][]render.File{}
	for _, rec := range recs {
		files, err := bld.Render(b.Context(), rec.ID)
		if err != nil {
			b.Fatal(err)
		}
		rendered[rec.ID] = files
	}
	renderLink := func(_ context.Context, id string) ([]render.File, error) { return rendered[id], nil }
	srv := s3test.Start(b)
	srv.SetEnv(b)
	var count s3test.Counter
	store, _ := countedStore(b, srv, s.Config.Publish.Concurrency, &count)
	o := opts(s)
	first, err := publish.Run(b.Context(), store, recs, renderLink, o)
	if err != nil {
		b.Fatal(err)
	}
	count.Take()
	runs := 0
	for b.Loop() {
		sum, err := publish.Run(b.Context(), store, recs, renderLink, o)
		if err != nil || sum.Uploaded != 0 || sum.Deleted != 0 {
			b.Fatalf("unchanged publish = %+v, %v; want nothing to do", sum, err)
		}
		runs++
	}
	n := count.Take()
	b.ReportMetric(float64(n["HeadObject"])/float64(runs), "HeadObject/op")
	b.ReportMetric(float64(n["ListObjectsV2"])/float64(runs), "ListObjectsV2/op")
	b.ReportMetric(float64(first.Uploaded), "objects")
}
