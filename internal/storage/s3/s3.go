// Package s3 is the storage backend for Amazon S3 and S3-compatible servers
// (MinIO, Ceph, Hetzner, IONOS, R2, versitygw). It keeps every object
// single-part, so that the ETag a listing reports is the MD5 that publish
// compares, and it stores a hash of the headers with each object, so that a
// changed Content-Type or Cache-Control is noticed as well.
package s3

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	awshttp "github.com/aws/aws-sdk-go-v2/aws/transport/http"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"

	"github.com/vitrine/vitrine/internal/storage"
)

// Config selects the bucket and how to reach it. Credentials are not part
// of it: they come from the standard AWS chain (environment, AWS_PROFILE,
// shared files, instance roles), and AWS_ENDPOINT_URL applies when Endpoint
// is empty.
type Config struct {
	Bucket    string
	Region    string
	Endpoint  string // "" = Amazon S3 (or AWS_ENDPOINT_URL)
	PathStyle bool
	ACL       string // canned ACL for every object; "" = none
	// Concurrency is the number of requests in flight at once; it sizes
	// the connection pool so that no request waits for a connection.
	Concurrency int
	// WrapHTTP, when set, wraps the HTTP client, e.g. to count requests.
	WrapHTTP func(Doer) Doer
}

// Doer sends HTTP requests; *http.Client is one.
type Doer interface {
	Do(*http.Request) (*http.Response, error)
}

// Store keeps objects in one bucket.
type Store struct {
	client *awss3.Client
	aws    aws.Config // for the anonymous client of CheckPrivate
	opts   func(*awss3.Options)
	bucket string
	acl    types.ObjectCannedACL
}

var (
	_ storage.Store        = (*Store)(nil)
	_ storage.HeaderReader = (*Store)(nil)
)

// maxAttempts bounds the tries of one request. Throttling (503 SlowDown)
// and 5xx errors are retried with exponential, jittered backoff; publish
// runs many requests at once, so it must ride out a burst of them.
const maxAttempts = 8

// New returns a Store for cfg. It resolves the credentials at once, so that
// missing ones are reported before any work is done.
func New(ctx context.Context, cfg Config) (*Store, error) {
	n := max(cfg.Concurrency, 1)
	client := awshttp.NewBuildableClient().WithTransportOptions(func(t *http.Transport) {
		// The default keeps 10 idle connections per host: with more
		// workers, every request beyond them would open a new one.
		t.MaxIdleConnsPerHost = n
		t.MaxIdleConns = max(t.MaxIdleConns, n)
	})
	awsCfg, err := awsconfig.LoadDefaultConfig(ctx,
		awsconfig.WithRegion(cfg.Region),
		awsconfig.WithHTTPClient(client),
		awsconfig.WithRetryer(func() aws.Retryer {
			return retry.NewStandard(func(o *retry.StandardOptions) {
				o.MaxAttempts = maxAttempts
				o.MaxBackoff = 20 * time.Second
				// The client-side retry quota would turn a burst of
				// throttling across the worker pool into a failed publish;
				// the pool already bounds the load.
				o.RateLimiter = ratelimit.None
			})
		}),
	)
	if err != nil {
		return nil, fmt.Errorf("load AWS configuration: %w", err)
	}
	// Wrapped only now: loading configures the client (AWS_CA_BUNDLE),
	// which a wrapper would hide.
	if cfg.WrapHTTP != nil {
		awsCfg.HTTPClient = cfg.WrapHTTP(awsCfg.HTTPClient)
	}
	if _, err := awsCfg.Credentials.Retrieve(ctx); err != nil {
		return nil, fmt.Errorf("no AWS credentials: %w; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE", err)
	}
	opts := func(o *awss3.Options) {
		if cfg.Endpoint != "" {
			o.BaseEndpoint = aws.String(cfg.Endpoint)
		}
		o.UsePathStyle = cfg.PathStyle
		// Since 2025 the SDK adds CRC32 checksums (as headers or
		// aws-chunked trailers) to every upload and validates them in
		// responses. Not every S3-compatible server understands them, and
		// some refuse the request, so checksums are sent only where the
		// API requires them; integrity comes from Content-MD5 instead,
		// which S3 and its imitations have checked for ever (see Put and
		// Delete).
		o.RequestChecksumCalculation = aws.RequestChecksumCalculationWhenRequired
		o.ResponseChecksumValidation = aws.ResponseChecksumValidationWhenRequired
	}
	return &Store{
		client: awss3.NewFromConfig(awsCfg, opts),
		aws:    awsCfg,
		opts:   opts,
		bucket: cfg.Bucket,
		acl:    types.ObjectCannedACL(cfg.ACL),
	}, nil
}
