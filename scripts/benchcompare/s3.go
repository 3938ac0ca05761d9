package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
)

// The S3 server's region and root credentials, which every tool uses.
const (
	region    = "us-east-1"
	accessKey = "vitrine-bench"
	secretKey = "vitrine-bench-secret"
)

// server is a running versitygw (posix backend) with the counting proxy in
// front of it.
type server struct {
	cmd    *exec.Cmd
	exited chan error
	proxy  *counter
	listen net.Listener
	URL    string // the proxy's endpoint, e.g. http://127.0.0.1:41234
	admin  *awss3.Client
	root   string // the posix backend's folder: one folder per bucket
}

// startServer starts versitygw bin with its data in dir, as
// internal/storage/s3/s3test does for the tests, and the proxy.
func startServer(bin, dir string) (*server, error) {
	var s *server
	var err error
	// A free port can be taken by someone else before versitygw binds it;
	// then it exits at once and another port is tried.
	for range 3 {
		if s, err = startGateway(bin, dir); err == nil {
			break
		}
	}
	if err != nil {
		return nil, fmt.Errorf("start versitygw %s: %w", bin, err)
	}
	target, _ := url.Parse(aws.ToString(s.admin.Options().BaseEndpoint))
	if err := s.startProxy(target); err != nil {
		s.stop()
		return nil, err
	}
	return s, nil
}

func startGateway(bin, dir string) (*server, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := l.Addr().String()
	l.Close()
	root := filepath.Join(dir, "root")
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	log, err := os.Create(filepath.Join(dir, "versitygw.log"))
	if err != nil {
		return nil, err
	}
	defer log.Close()
	cmd := exec.Command(bin, "--port", addr, "--access", accessKey, "--secret", secretKey, "--region", region,
		"--health", "/health", "--quiet", "posix", root)
	cmd.Stdout, cmd.Stderr = log, log
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &server{cmd: cmd, exited: make(chan error, 1), root: root}
	go func() { s.exited <- cmd.Wait() }()
	if err := s.waitReady("http://" + addr + "/health"); err != nil {
		s.stop()
		return nil, fmt.Errorf("%w; its log is %s", err, log.Name())
	}
	s.admin = awss3.New(awss3.Options{
		BaseEndpoint: aws.String("http://" + addr),
		Region:       region,
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider(accessKey, secretKey, ""),
	})
	return s, nil
}

func (s *server) waitReady(health string) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case err := <-s.exited:
			s.exited <- err
			return fmt.Errorf("versitygw exited: %v", err)
		default:
		}
		if resp, err := http.Get(health); err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(20 * time.Millisecond)
	}
	return errors.New("versitygw did not answer within 30s")
}

func (s *server) startProxy(target *url.URL) error {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	s.listen, s.proxy, s.URL = l, newCounter(target), "http://"+l.Addr().String()
	go http.Serve(l, s.proxy) //nolint:errcheck // ends when stop closes the listener
	return nil
}

// stop ends the proxy and versitygw.
func (s *server) stop() {
	if s.listen != nil {
		s.listen.Close()
	}
	_ = s.cmd.Process.Kill()
	<-s.exited
}

// newBucket creates a bucket, bypassing the proxy.
func (s *server) newBucket(ctx context.Context, name string) error {
	if _, err := s.admin.CreateBucket(ctx, &awss3.CreateBucketInput{Bucket: &name}); err != nil {
		return fmt.Errorf("create bucket %s: %w", name, err)
	}
	return nil
}

// dropBucket frees the disk space of a bucket that no step uses again:
// at 50,000 links each copy of the tree takes gigabytes. Removing its
// folder behind versitygw's back is quicker than deleting every object.
func (s *server) dropBucket(name string) error {
	return os.RemoveAll(filepath.Join(s.root, name))
}

// env points the standard AWS credential chain at the server, and at
// nothing else on the machine, once the caller has removed every other
// AWS_ variable (the AWS CLI takes an empty AWS_PROFILE for a profile
// named "").
func env() []string {
	return []string{
		"AWS_ACCESS_KEY_ID=" + accessKey,
		"AWS_SECRET_ACCESS_KEY=" + secretKey,
		"AWS_REGION=" + region,
		"AWS_DEFAULT_REGION=" + region,
		"AWS_SHARED_CREDENTIALS_FILE=" + os.DevNull,
		"AWS_EC2_METADATA_DISABLED=true",
	}
}
