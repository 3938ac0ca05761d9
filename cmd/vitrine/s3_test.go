package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/aws/aws-sdk-go-v2/aws"
	awss3 "github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/rogpeppe/go-internal/testscript"

	"github.com/vitrine/vitrine/internal/cdn/cdntest"
	"github.com/vitrine/vitrine/internal/storage/s3/s3test"
)

// TestS3Scripts runs the scripts in testdata/s3 against a real S3 server,
// versitygw, and a fake CloudFront API. Each script gets its own bucket,
// named in $BUCKET, its S3 endpoint in $ENDPOINT and its own CloudFront
// distribution id in $DISTRIBUTION; the AWS credential chain finds the
// server's keys in the environment.
func TestS3Scripts(t *testing.T) {
	srv := s3test.Start(t)
	cf := cdntest.Start(t)
	var n atomic.Int64
	testscript.Run(t, testscript.Params{
		Dir:                 "testdata/s3",
		RequireExplicitExec: true,
		Setup: func(env *testscript.Env) error {
			bucket, err := srv.NewBucket(context.Background())
			if err != nil {
				return err
			}
			// The server's credentials last, so that they win over the
			// fake CloudFront's, which accepts any.
			env.Vars = append(env.Vars, cf.Vars()...)
			env.Vars = append(env.Vars, srv.Vars()...)
			env.Vars = append(env.Vars, "BUCKET="+bucket, "ENDPOINT="+srv.Endpoint, fmt.Sprintf("DISTRIBUTION=E%d", n.Add(1)))
			env.Values[seenKey{}] = new(int)
			return nil
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"jsonvar":     jsonVar,
			"exits":       exits,
			"envsubst":    envSubst,
			"web":         func(ts *testscript.TestScript, neg bool, args []string) { web(ts, neg, args, srv) },
			"s3keys":      func(ts *testscript.TestScript, neg bool, args []string) { s3Keys(ts, neg, args, srv) },
			"s3put":       func(ts *testscript.TestScript, neg bool, args []string) { s3Put(ts, neg, args, srv) },
			"s3policy":    func(ts *testscript.TestScript, neg bool, args []string) { s3Policy(ts, neg, args, srv) },
			"invalidated": func(ts *testscript.TestScript, neg bool, args []string) { invalidated(ts, neg, args, cf) },
		},
	})
}

// envSubst writes TEMPLATE to FILE with ${NAME} replaced by the value of
// the script's environment variable: envsubst TEMPLATE FILE.
func envSubst(ts *testscript.TestScript, neg bool, args []string) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: envsubst TEMPLATE FILE")
	}
	out := os.Expand(ts.ReadFile(args[0]), ts.Getenv)
	ts.Check(os.WriteFile(ts.MkAbs(args[1]), []byte(out), 0o644))
}

// web fetches PATH through the website endpoint of $BUCKET without
// credentials, as a customer does, and prints the status, the headers that
// matter and the body: web PATH.
func web(ts *testscript.TestScript, neg bool, args []string, srv *s3test.Server) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: web PATH")
	}
	resp, err := srv.Get(context.Background(), ts.Getenv("BUCKET"), args[0])
	ts.Check(err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	ts.Check(err)
	fmt.Fprintf(ts.Stdout(), "status: %d\ncontent-type: %s\ncache-control: %s\n\n%s",
		resp.StatusCode, resp.Header.Get("Content-Type"), resp.Header.Get("Cache-Control"), body)
}

// s3Keys prints every key of $BUCKET under PREFIX, one a line: s3keys
// PREFIX.
func s3Keys(ts *testscript.TestScript, neg bool, args []string, srv *s3test.Server) {
	if neg || len(args) != 1 {
		ts.Fatalf("usage: s3keys PREFIX")
	}
	bucket := ts.Getenv("BUCKET")
	p := awss3.NewListObjectsV2Paginator(srv.Admin(), &awss3.ListObjectsV2Input{Bucket: &bucket, Prefix: &args[0]})
	var keys []string
	for p.HasMorePages() {
		page, err := p.NextPage(context.Background())
		ts.Check(err)
		for _, o := range page.Contents {
			keys = append(keys, aws.ToString(o.Key)+"\n")
		}
	}
	fmt.Fprint(ts.Stdout(), strings.Join(keys, ""))
}

// s3Put stores TEXT under KEY in $BUCKET behind vitrine's back: s3put KEY
// TEXT.
func s3Put(ts *testscript.TestScript, neg bool, args []string, srv *s3test.Server) {
	if neg || len(args) != 2 {
		ts.Fatalf("usage: s3put KEY TEXT")
	}
	bucket := ts.Getenv("BUCKET")
	_, err := srv.Admin().PutObject(context.Background(), &awss3.PutObjectInput{Bucket: &bucket, Key: &args[0], Body: strings.NewReader(args[1])})
	ts.Check(err)
}

// s3Policy sets the bucket policy of $BUCKET: s3policy private|listable.
func s3Policy(ts *testscript.TestScript, neg bool, args []string, srv *s3test.Server) {
	if neg || len(args) != 1 || (args[0] != "private" && args[0] != "listable") {
		ts.Fatalf("usage: s3policy private|listable")
	}
	ts.Check(srv.SetPolicy(context.Background(), ts.Getenv("BUCKET"), args[0] == "listable"))
}

// invalidated prints the paths of each CloudFront invalidation of
// $DISTRIBUTION since the last call, one request a line: invalidated.
func invalidated(ts *testscript.TestScript, neg bool, args []string, cf *cdntest.Server) {
	if neg || len(args) != 0 {
		ts.Fatalf("usage: invalidated")
	}
	dist := ts.Getenv("DISTRIBUTION")
	seen := ts.Value(seenKey{}).(*int)
	var lines []string
	mine := 0
	for _, r := range cf.Requests() {
		if r.Distribution != dist {
			continue
		}
		if mine++; mine > *seen {
			lines = append(lines, strings.Join(r.Paths, " ")+"\n")
		}
	}
	*seen = mine
	fmt.Fprint(ts.Stdout(), strings.Join(lines, ""))
}

// seenKey holds, per script, how many invalidations invalidated printed.
type seenKey struct{}
