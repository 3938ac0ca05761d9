package s3

import (
	"context"
	"crypto/md5"
	"encoding/base64"
	"errors"
	"fmt"
	"io"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/s3/types"
	"github.com/aws/smithy-go/middleware"
	smithyhttp "github.com/aws/smithy-go/transport/http"

	"github.com/vitrine/vitrine/internal/storage"
)

// deleteBatch is the most keys one DeleteObjects request may name.
const deleteBatch = 1000

// Delete removes keys with DeleteObjects, up to 1000 at a time. S3 reports
// a failure per key inside a successful response; every one is returned.
func (s *Store) Delete(ctx context.Context, keys []string) error {
	for _, k := range keys {
		if err := storage.CheckKey(k); err != nil {
			return err
		}
	}
	for start := 0; start < len(keys); start += deleteBatch {
		batch := keys[start:min(start+deleteBatch, len(keys))]
		ids := make([]types.ObjectIdentifier, len(batch))
		for i := range batch {
			ids[i].Key = &batch[i]
		}
		out, err := s.client.DeleteObjects(ctx, &awss3.DeleteObjectsInput{
			Bucket: &s.bucket,
			// Quiet: the response lists only the keys that failed.
			Delete: &types.Delete{Objects: ids, Quiet: aws.Bool(true)},
		}, withContentMD5)
		if err != nil {
			return wrap("delete", fmt.Sprintf("%d keys from %s", len(batch), batch[0]), err)
		}
		var errs []error
		for _, e := range out.Errors {
			if aws.ToString(e.Code) == "NoSuchKey" {
				continue // already gone is what was asked for
			}
			errs = append(errs, fmt.Errorf("delete %s: %s: %s", aws.ToString(e.Key), aws.ToString(e.Code), aws.ToString(e.Message)))
		}
		if err := errors.Join(errs...); err != nil {
			return err
		}
	}
	return nil
}

// withContentMD5 adds a Content-MD5 header to a request. DeleteObjects
// must carry Content-MD5 or a checksum header; since 2025 the SDK sends
// only a CRC32 checksum, which Amazon and versitygw accept but some
// S3-compatible servers (OCI Object Storage among them) refuse. The request
// has no ContentMD5 field, so the header is computed from the serialised
// body before the request is signed.
func withContentMD5(o *awss3.Options) {
	o.APIOptions = append(o.APIOptions, func(st *middleware.Stack) error {
		return st.Build.Add(contentMD5, middleware.After)
	})
}

var contentMD5 = middleware.BuildMiddlewareFunc("VitrineContentMD5",
	func(ctx context.Context, in middleware.BuildInput, next middleware.BuildHandler) (middleware.BuildOutput, middleware.Metadata, error) {
		req, ok := in.Request.(*smithyhttp.Request)
		if !ok || req.GetStream() == nil {
			return next.HandleBuild(ctx, in)
		}
		h := md5.New()
		if _, err := io.Copy(h, req.GetStream()); err != nil {
			return middleware.BuildOutput{}, middleware.Metadata{}, fmt.Errorf("content-md5: %w", err)
		}
		if err := req.RewindStream(); err != nil {
			return middleware.BuildOutput{}, middleware.Metadata{}, fmt.Errorf("content-md5: %w", err)
		}
		req.Header.Set("Content-MD5", base64.StdEncoding.EncodeToString(h.Sum(nil)))
		return next.HandleBuild(ctx, in)
	})
