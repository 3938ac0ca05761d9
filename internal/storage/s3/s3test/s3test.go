// Package s3test runs a real S3 server for tests: versitygw with its posix
// backend in a temporary folder, on a free loopback port, with its static
// website endpoint standing in for the CDN in front of the bucket.
//
// The Makefile installs versitygw into .tools/ and passes its path in
// VITRINE_VERSITYGW. Without it, tests that need the server skip, except
// under CI (CI=true), where they fail: a green CI run must have run them.
package s3test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/vitrine/vitrine/internal/storage/s3"
)

// Env names the environment variable with the path of the versitygw
// binary.
const Env = "VITRINE_VERSITYGW"

// websiteDomain routes the website endpoint: a request for host
// "<bucket>.vitrine.test" is served from <bucket>.
const websiteDomain = "vitrine.test"

// Server is a running versitygw.
type Server struct {
	Endpoint  string // S3 API, e.g. http://127.0.0.1:41234
	Website   string // static website endpoint, host:port
	Region    string
	AccessKey string
	SecretKey string
	admin     *awss3.Client
	buckets   atomic.Int64
}

// Start starts versitygw for the test and stops it when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	bin := binary(t)
	s := &Server{Region: "us-east-1", AccessKey: "vitrine-test", SecretKey: "vitrine-test-secret"}
	var err error
	// A free port can be taken by someone else before versitygw binds it;
	// then it exits at once and another port is tried.
	for range 3 {
		if err = s.start(t, bin); err == nil {
			break
		}
	}
	if err != nil {
		t.Fatalf("start versitygw: %v", err)
	}
	s.admin = awss3.New(awss3.Options{
		BaseEndpoint: aws.String(s.Endpoint),
		Region:       s.Region,
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider(s.AccessKey, s.SecretKey, ""),
	})
	return s
}

// binary finds versitygw: $VITRINE_VERSITYGW, else .tools/versitygw at the
// root of the module.
func binary(t testing.TB) string {
	t.Helper()
	if p := os.Getenv(Env); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("%s: %v", Env, err)
		}
		return p
	}
	if root, err := moduleRoot(); err == nil {
		p := filepath.Join(root, ".tools", "versitygw")
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	msg := "versitygw not found: run make test, which installs it, or set " + Env
	if ci, err := strconv.ParseBool(os.Getenv("CI")); ci || (err != nil && os.Getenv("CI") != "") {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

func moduleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

func freeAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// start runs versitygw once and waits until it answers.
func (s *Server) start(t testing.TB, bin string) error {
	api, err := freeAddr()
	if err != nil {
		return err
	}
	web, err := freeAddr()
	if err != nil {
		return err
	}
	dir := t.TempDir()
	logPath := filepath.Join(dir, "versitygw.log")
	log, err := os.Create(logPath)
	if err != nil {
		return err
	}
	defer log.Close()
	root := filepath.Join(dir, "root")
	if err := os.Mkdir(root, 0o755); err != nil {
		return err
	}
	cmd := exec.Command(bin,
		"--port", api, "--access", s.AccessKey, "--secret", s.SecretKey, "--region", s.Region,
		"--health", "/health", "--quiet",
		"--website", web, "--website-domain", websiteDomain,
		"posix", root)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return err
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	stop := func() {
		_ = cmd.Process.Kill()
		<-exited
	}
	s.Endpoint, s.Website = "http://"+api, web
	if err := waitReady(s.Endpoint+"/health", web, exited); err != nil {
		stop()
		out, _ := os.ReadFile(logPath)
		return fmt.Errorf("%w\n%s", err, out)
	}
	t.Cleanup(func() {
		stop()
		if t.Failed() {
			out, _ := os.ReadFile(logPath)
			t.Logf("versitygw log:\n%s", out)
		}
	})
	return nil
}

// waitReady polls until the health endpoint answers and the website
// endpoint accepts connections, versitygw exits, or it has had ample time
// to start.
func waitReady(health, web string, exited <-chan error) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-exited:
			return fmt.Errorf("versitygw exited: %v", err)
		default:
		}
		if up(health, web) {
			return nil
		}
		time.Sleep(20 * time.Millisecond)
	}
	return errors.New("versitygw did not answer within 30s")
}

func up(health, web string) bool {
	resp, err := http.Get(health)
	if err != nil {
		return false
	}
	resp.Body.Close()
	conn, err := net.Dial("tcp", web)
	if err != nil {
		return false
	}
	conn.Close()
	return resp.StatusCode == http.StatusOK
}

// Vars returns the environment that points the standard AWS credential
// chain at the server, and at nothing else on the machine.
func (s *Server) Vars() []string {
	return []string{
		"AWS_ACCESS_KEY_ID=" + s.AccessKey,
		"AWS_SECRET_ACCESS_KEY=" + s.SecretKey,
		"AWS_SESSION_TOKEN=",
		"AWS_REGION=" + s.Region,
		"AWS_PROFILE=",
		"AWS_CONFIG_FILE=" + os.DevNull,
		"AWS_SHARED_CREDENTIALS_FILE=" + os.DevNull,
		"AWS_ENDPOINT_URL=",
		"AWS_EC2_METADATA_DISABLED=true",
	}
}

// SetEnv sets Vars for the rest of the test.
func (s *Server) SetEnv(t testing.TB) {
	for _, kv := range s.Vars() {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
}

// Admin returns a client with the root credentials, for tests to look at
// the bucket behind vitrine's back.
func (s *Server) Admin() *awss3.Client { return s.admin }

// NewBucket creates an empty bucket served by the website endpoint, whose
// policy lets anyone GET objects but not list them: the setup the README
// asks for.
func (s *Server) NewBucket(ctx context.Context) (string, error) {
	name := fmt.Sprintf("vitrine-%d", s.buckets.Add(1))
	if _, err := s.admin.CreateBucket(ctx, &awss3.CreateBucketInput{Bucket: &name}); err != nil {
		return "", fmt.Errorf("create bucket: %w", err)
	}
	if _, err := s.admin.PutBucketWebsite(ctx, &awss3.PutBucketWebsiteInput{
		Bucket:               &name,
		WebsiteConfiguration: &types.WebsiteConfiguration{IndexDocument: &types.IndexDocument{Suffix: aws.String("index.html")}},
	}); err != nil {
		return "", fmt.Errorf("put bucket website: %w", err)
	}
	return name, s.SetPolicy(ctx, name, false)
}

// Bucket is NewBucket for a test.
func (s *Server) Bucket(t testing.TB) string {
	t.Helper()
	name, err := s.NewBucket(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return name
}

// SetPolicy sets a bucket policy that lets anyone GET objects and, with
// listable, also list the bucket: the mistake check must catch.
func (s *Server) SetPolicy(ctx context.Context, bucket string, listable bool) error {
	list := ""
	if listable {
		list = fmt.Sprintf(`,{"Effect":"Allow","Principal":"*","Action":["s3:ListBucket"],"Resource":["arn:aws:s3:::%s"]}`, bucket)
	}
	policy := fmt.Sprintf(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":["s3:GetObject"],"Resource":["arn:aws:s3:::%s/*"]}%s]}`, bucket, list)
	if _, err := s.admin.PutBucketPolicy(ctx, &awss3.PutBucketPolicyInput{Bucket: &bucket, Policy: &policy}); err != nil {
		return fmt.Errorf("put bucket policy: %w", err)
	}
	return nil
}

// Get fetches path from the website endpoint of bucket without
// credentials, as a customer's browser fetches it through the CDN.
func (s *Server) Get(ctx context.Context, bucket, path string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, "http://"+s.Website+path, nil)
	if err != nil {
		return nil, err
	}
	req.Host = bucket + "." + websiteDomain
	return http.DefaultClient.Do(req)
}

// Counter counts the requests an S3 client sends, by operation: wrap the
// client with s3.Config.WrapHTTP = counter.Wrap.
type Counter struct {
	next s3.Doer
	mu   sync.Mutex
	n    map[string]int
}

// Wrap returns a client that counts each request, then sends it with next.
func (c *Counter) Wrap(next s3.Doer) s3.Doer {
	c.next = next
	return c
}

// Do counts req and sends it.
func (c *Counter) Do(req *http.Request) (*http.Response, error) {
	c.mu.Lock()
	if c.n == nil {
		c.n = map[string]int{}
	}
	c.n[operation(req)]++
	c.mu.Unlock()
	return c.next.Do(req)
}

// operation names the S3 operation of req, as far as vitrine uses them.
func operation(req *http.Request) string {
	q := req.URL.Query()
	switch {
	case req.Method == http.MethodGet && q.Has("list-type"):
		return "ListObjectsV2"
	case req.Method == http.MethodPost && q.Has("delete"):
		return "DeleteObjects"
	case req.Method == http.MethodGet:
		return "GetObject"
	case req.Method == http.MethodHead:
		return "HeadObject"
	case req.Method == http.MethodPut:
		return "PutObject"
	}
	return req.Method
}

// Take returns the counts since the last Take and starts again from zero.
func (c *Counter) Take() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	n := c.n
	c.n = nil
	return n
}
