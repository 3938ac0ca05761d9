package s3

import (
	"context"
	"errors"
	"net/http"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
)

// ErrListable is returned by CheckPrivate for a bucket that anyone can
// list: every link id, the one secret of a read link, would be readable.
var ErrListable = errors.New("anyone can list the bucket")

// Reachable lists one key under prefix with the configured credentials:
// the bucket exists, the credentials work, and they may list what publish
// lists. (HeadBucket would need s3:ListBucket on the whole bucket, which a
// policy scoped to the prefix does not grant.)
func (s *Store) Reachable(ctx context.Context, prefix string) error {
	_, err := s.client.ListObjectsV2(ctx, &awss3.ListObjectsV2Input{Bucket: &s.bucket, Prefix: &prefix, MaxKeys: aws.Int32(1)})
	if err != nil {
		return wrap("list", prefix, err)
	}
	return nil
}

// CheckPrivate sends an unsigned ListObjectsV2 for prefix, as anyone on
// the internet could. It returns nil when the server refuses it (403),
// ErrListable when it answers, and another error when the answer proves
// neither.
func (s *Store) CheckPrivate(ctx context.Context, prefix string) error {
	anon := awss3.NewFromConfig(s.aws, s.opts, func(o *awss3.Options) {
		o.Credentials = aws.AnonymousCredentials{}
	})
	_, err := anon.ListObjectsV2(ctx, &awss3.ListObjectsV2Input{Bucket: &s.bucket, Prefix: &prefix, MaxKeys: aws.Int32(1)})
	switch {
	case err == nil:
		return ErrListable
	case status(err) == http.StatusForbidden:
		return nil
	default:
		return wrap("anonymous list", prefix, err)
	}
}
