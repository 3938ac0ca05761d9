// Package cdn makes the CDN in front of the storage forget what a publish
// changed, so that a deactivated link disappears at once rather than when
// the cached copy is next revalidated. CloudFront is the one CDN supported;
// without a distribution nothing here runs.
package cdn

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsconfig "github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront"
	"github.com/aws/aws-sdk-go-v2/service/cloudfront/types"
)

// maxWildcards is how many link folders get a wildcard path of their own.
// CloudFront allows 15 wildcard paths in progress per distribution at a
// time; this leaves room for the invalidation of a publish that ran just
// before. Beyond it, one wildcard for the whole prefix counts as one path.
const maxWildcards = 10

// Paths returns the invalidation paths for the link folders ids below
// linkRoot, the URL of the prefix (base_url + "/" + prefix): one wildcard
// per folder, or one for the whole prefix when there are too many.
func Paths(linkRoot string, ids []string) ([]string, error) {
	u, err := url.Parse(linkRoot)
	if err != nil {
		return nil, fmt.Errorf("invalidation paths: %w", err)
	}
	root := "/" + strings.Trim(u.Path, "/") + "/"
	if len(ids) > maxWildcards {
		return []string{root + "*"}, nil
	}
	paths := make([]string, len(ids))
	for i, id := range ids {
		paths[i] = root + id + "/*"
	}
	return paths, nil
}

// CloudFront invalidates paths of one distribution.
type CloudFront struct {
	client       *cloudfront.Client
	distribution string
	// wait pauses before another try while earlier invalidations are in
	// progress; tests replace it so that they never sleep.
	wait func(ctx context.Context, try int) error
}

// maxTries bounds the tries while CloudFront has too many invalidations in
// progress; with the backoff below they span over four minutes, more than
// an invalidation usually takes.
const maxTries = 8

// NewCloudFront returns a client for distribution with credentials from the
// standard AWS chain (AWS_ENDPOINT_URL_CLOUDFRONT applies too).
func NewCloudFront(ctx context.Context, distribution string) (*CloudFront, error) {
	// CloudFront is a global service whose requests are signed for
	// us-east-1, whatever region the bucket is in.
	cfg, err := awsconfig.LoadDefaultConfig(ctx, awsconfig.WithRegion("us-east-1"))
	if err != nil {
		return nil, fmt.Errorf("load AWS configuration: %w", err)
	}
	return &CloudFront{client: cloudfront.NewFromConfig(cfg), distribution: distribution, wait: backoff}, nil
}

// backoff waits 5s, 10s, 20s, 40s, then 60s per try.
func backoff(ctx context.Context, try int) error {
	d := min(5*time.Second<<try, time.Minute)
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Invalidate asks CloudFront to drop its copies of paths in one request
// and returns the id of the invalidation. While too many invalidations are
// in progress it waits and tries again.
func (c *CloudFront) Invalidate(ctx context.Context, paths []string) (string, error) {
	if len(paths) == 0 {
		return "", nil
	}
	// The same reference on every try: CloudFront treats a repeated
	// request as the one it already has.
	ref := fmt.Sprintf("vitrine-%d", time.Now().UnixNano())
	in := &cloudfront.CreateInvalidationInput{
		DistributionId: &c.distribution,
		InvalidationBatch: &types.InvalidationBatch{
			CallerReference: &ref,
			Paths:           &types.Paths{Quantity: aws.Int32(int32(len(paths))), Items: paths},
		},
	}
	for try := 0; ; try++ {
		out, err := c.client.CreateInvalidation(ctx, in)
		var busy *types.TooManyInvalidationsInProgress
		switch {
		case err == nil && out.Invalidation != nil:
			return aws.ToString(out.Invalidation.Id), nil
		case err == nil:
			return "", nil
		case !errors.As(err, &busy) || try+1 == maxTries:
			return "", fmt.Errorf("invalidate %s in CloudFront distribution %s: %w", strings.Join(paths, " "), c.distribution, err)
		}
		if err := c.wait(ctx, try); err != nil {
			return "", err
		}
	}
}
