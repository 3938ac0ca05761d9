package s3

import (
	"errors"
	"fmt"
	"io/fs"
	"net/http"

	"github.com/aws/smithy-go"
	smithyhttp "github.com/aws/smithy-go/transport/http"
)

// status returns the HTTP status of a failed request, or 0.
func status(err error) int {
	var re *smithyhttp.ResponseError
	if errors.As(err, &re) {
		return re.HTTPStatusCode()
	}
	return 0
}

// code returns the S3 error code of err, e.g. "AccessDenied", or "".
func code(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

// notFound reports whether err says that an object does not exist. HEAD
// responses have no body, so only their status tells.
func notFound(err error) bool {
	switch code(err) {
	case "NoSuchKey", "NotFound":
		return true
	case "NoSuchBucket":
		return false
	}
	return status(err) == http.StatusNotFound
}

// hints tell what to do about the errors a user can fix.
var hints = map[string]string{
	"NoSuchBucket":                 "check storage.s3.bucket, region and endpoint in the config",
	"AccessDenied":                 `the credentials lack a permission; see "Publishing to S3" in the README for the policy they need`,
	"InvalidAccessKeyId":           "check the AWS credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE)",
	"SignatureDoesNotMatch":        "check the AWS credentials (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE)",
	"PermanentRedirect":            "the bucket is in another region; set storage.s3.region",
	"AuthorizationHeaderMalformed": "the bucket is in another region; set storage.s3.region",
}

// wrap names the operation and key of a failed request, turns a missing
// object into fs.ErrNotExist, and adds a hint where the user can act.
func wrap(op, key string, err error) error {
	if notFound(err) {
		return fmt.Errorf("%s %s: %w", op, key, notExist{err})
	}
	if h := hints[code(err)]; h != "" {
		return fmt.Errorf("%s %s: %w; %s", op, key, err, h)
	}
	return fmt.Errorf("%s %s: %w", op, key, err)
}

// notExist is an SDK error that also matches fs.ErrNotExist, the
// storage.Store contract for a missing key.
type notExist struct{ error }

func (e notExist) Is(target error) bool { return target == fs.ErrNotExist }

func (e notExist) Unwrap() error { return e.error }
