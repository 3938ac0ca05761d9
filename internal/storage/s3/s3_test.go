package s3_test

import (
	"bytes"
	"crypto/md5"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/vitrine/vitrine/internal/storage"
	"github.com/vitrine/vitrine/internal/storage/s3"
	"github.com/vitrine/vitrine/internal/storage/s3/s3test"
	"github.com/vitrine/vitrine/internal/storage/storagetest"
)

// newStore returns a Store for a fresh bucket on srv.
func newStore(t *testing.T, srv *s3test.Server, cfg s3.Config) (*s3.Store, string) {
	t.Helper()
	cfg.Bucket = srv.Bucket(t)
	cfg.Region, cfg.Endpoint, cfg.PathStyle, cfg.Concurrency = srv.Region, srv.Endpoint, true, 8
	st, err := s3.New(t.Context(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return st, cfg.Bucket
}

func TestConformance(t *testing.T) {
	srv := s3test.Start(t)
	srv.SetEnv(t)
	storagetest.Run(t, func(t *testing.T) storage.Store {
		st, _ := newStore(t, srv, s3.Config{})
		return st
	})
}

// recorder keeps a copy of every request an S3 client sends.
type recorder struct {
	next s3.Doer
	mu   sync.Mutex
	reqs []recorded
}

type recorded struct {
	method, query string
	header        http.Header
	body          []byte
}

func (r *recorder) Do(req *http.Request) (*http.Response, error) {
	var body []byte
	if req.Body != nil {
		var err error
		if body, err = io.ReadAll(req.Body); err != nil {
			return nil, err
		}
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	r.mu.Lock()
	r.reqs = append(r.reqs, recorded{req.Method, req.URL.RawQuery, req.Header.Clone(), body})
	r.mu.Unlock()
	return r.next.Do(req)
}

func (r *recorder) wrap(next s3.Doer) s3.Doer { r.next = next; return r }

func md5b64(b []byte) string {
	h := md5.Sum(b)
	return base64.StdEncoding.EncodeToString(h[:])
}

func TestRequestsCarryContentMD5AndACL(t *testing.T) {
	srv := s3test.Start(t)
	srv.SetEnv(t)
	rec := &recorder{}
	st, _ := newStore(t, srv, s3.Config{WrapHTTP: rec.wrap, ACL: "public-read"})
	ctx := t.Context()
	body := "<p>hello</p>"
	sum := md5.Sum([]byte(body))
	meta := storage.Meta{ContentType: "text/html", MD5: hex.EncodeToString(sum[:]), Size: int64(len(body))}
	if err := st.Put(ctx, "p/a/index.html", strings.NewReader(body), meta); err != nil {
		t.Fatal(err)
	}
	if err := st.Delete(ctx, []string{"p/a/index.html", "p/a/gone.html"}); err != nil {
		t.Fatal(err)
	}
	var put, del bool
	for _, r := range rec.reqs {
		switch {
		case r.method == http.MethodPut:
			put = true
			if got := r.header.Get("Content-MD5"); got != md5b64([]byte(body)) {
				t.Errorf("PutObject Content-MD5 = %q, want %q", got, md5b64([]byte(body)))
			}
			if got := r.header.Get("X-Amz-Acl"); got != "public-read" {
				t.Errorf("PutObject x-amz-acl = %q, want public-read", got)
			}
		case r.method == http.MethodPost && strings.Contains(r.query, "delete"):
			del = true
			if got := r.header.Get("Content-MD5"); got == "" || got != md5b64(r.body) {
				t.Errorf("DeleteObjects Content-MD5 = %q, want %q", got, md5b64(r.body))
			}
		}
	}
	if !put || !del {
		t.Fatalf("recorded no PutObject (%v) or DeleteObjects (%v) among %d requests", put, del, len(rec.reqs))
	}
}

// TestHeaders checks what the headers of an object are served as and
// reported as, and that a listing costs one request per 1000 keys and
// none per object.
func TestHeaders(t *testing.T) {
	srv := s3test.Start(t)
	srv.SetEnv(t)
	var count s3test.Counter
	st, bucket := newStore(t, srv, s3.Config{WrapHTTP: count.Wrap})
	ctx := t.Context()
	meta := storage.Meta{ContentType: "text/html; charset=utf-8", CacheControl: "public, no-cache"}
	if err := st.Put(ctx, "p/a/index.html", strings.NewReader("x"), meta); err != nil {
		t.Fatal(err)
	}
	head, err := srv.Admin().HeadObject(ctx, &awss3.HeadObjectInput{Bucket: &bucket, Key: aws.String("p/a/index.html")})
	if err != nil {
		t.Fatal(err)
	}
	if aws.ToString(head.ContentType) != meta.ContentType || aws.ToString(head.CacheControl) != meta.CacheControl {
		t.Errorf("served Content-Type %q, Cache-Control %q; want %q, %q",
			aws.ToString(head.ContentType), aws.ToString(head.CacheControl), meta.ContentType, meta.CacheControl)
	}
	// An object stored by another tool has no header hash; what it is
	// served with counts.
	if _, err := srv.Admin().PutObject(ctx, &awss3.PutObjectInput{
		Bucket: &bucket, Key: aws.String("p/a/style.css"), Body: strings.NewReader("b{}"), ContentType: aws.String("text/css"),
	}); err != nil {
		t.Fatal(err)
	}
	count.Take()
	list, err := st.List(ctx, "p/")
	if err != nil {
		t.Fatal(err)
	}
	if n := count.Take(); len(list) != 2 || n["ListObjectsV2"] != 1 || len(n) != 1 {
		t.Fatalf("List = %+v with requests %v, want 2 objects from one ListObjectsV2 and nothing else", list, n)
	}
	want := map[string]string{
		"p/a/index.html": storage.HeaderHash(meta),
		"p/a/style.css":  storage.HeaderHash(storage.Meta{ContentType: "text/css"}),
	}
	for key, h := range want {
		if got, err := st.Headers(ctx, key); got != h || err != nil {
			t.Errorf("Headers(%s) = %q, %v; want %q", key, got, err, h)
		}
	}
}

func TestPutRefusesDamagedBodyAndAcceptsAnyReader(t *testing.T) {
	srv := s3test.Start(t)
	srv.SetEnv(t)
	st, _ := newStore(t, srv, s3.Config{})
	ctx := t.Context()
	wrong := storage.Meta{MD5: strings.Repeat("0", 32)}
	if err := st.Put(ctx, "p/a/x", strings.NewReader("content"), wrong); err == nil {
		t.Fatal("Put with a wrong MD5 succeeded; the server must refuse a damaged body")
	}
	// A reader that cannot seek is held in memory so that a retry can
	// send it again.
	body := io.MultiReader(strings.NewReader("part one, "), strings.NewReader("part two"))
	if err := st.Put(ctx, "p/a/y", body, storage.Meta{}); err != nil {
		t.Fatal(err)
	}
	r, err := st.Open(ctx, "p/a/y")
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if b, _ := io.ReadAll(r); string(b) != "part one, part two" {
		t.Fatalf("Open = %q", b)
	}
	if _, err := st.Open(ctx, "p/a/x"); err == nil {
		t.Fatal("the refused object was stored")
	}
}

func TestCheckPrivate(t *testing.T) {
	srv := s3test.Start(t)
	srv.SetEnv(t)
	st, bucket := newStore(t, srv, s3.Config{})
	ctx := t.Context()
	if err := st.Reachable(ctx, "p/"); err != nil {
		t.Fatalf("Reachable = %v", err)
	}
	if err := st.CheckPrivate(ctx, "p/"); err != nil {
		t.Fatalf("CheckPrivate on a GET-only bucket = %v, want nil", err)
	}
	if err := srv.SetPolicy(ctx, bucket, true); err != nil {
		t.Fatal(err)
	}
	if err := st.CheckPrivate(ctx, "p/"); !errors.Is(err, s3.ErrListable) {
		t.Fatalf("CheckPrivate on a listable bucket = %v, want ErrListable", err)
	}
}

func TestMissingBucketHint(t *testing.T) {
	srv := s3test.Start(t)
	srv.SetEnv(t)
	st, err := s3.New(t.Context(), s3.Config{Bucket: "no-such-bucket", Region: srv.Region, Endpoint: srv.Endpoint, PathStyle: true})
	if err != nil {
		t.Fatal(err)
	}
	err = st.Reachable(t.Context(), "p/")
	if err == nil || !strings.Contains(err.Error(), "check storage.s3.bucket") {
		t.Fatalf("Reachable(missing bucket) = %v, want a hint to check storage.s3.bucket", err)
	}
}
