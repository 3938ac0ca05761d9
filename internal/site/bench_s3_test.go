package site_test

import (
	"context"
	"maps"
	"slices"
	"testing"

	"github.com/vitrine/vitrine/internal/publish"
	"github.com/vitrine/vitrine/internal/storage/s3"
	"github.com/vitrine/vitrine/internal/storage/s3/s3test"
)

// BenchmarkPublishDemoUnchangedS3 publishes the demo over an up-to-date
// bucket on versitygw, the common case of a publish on every push, and
// reports the requests one such publish sends.
func BenchmarkPublishDemoUnchangedS3(b *testing.B) {
	s, render, recs := demo(b)
	srv := s3test.Start(b)
	srv.SetEnv(b)
	var count s3test.Counter
	store, err := s3.New(context.Background(), s3.Config{
		Bucket: srv.Bucket(b), Region: srv.Region, Endpoint: srv.Endpoint, PathStyle: true,
		Concurrency: s.Config.Publish.Concurrency, WrapHTTP: count.Wrap,
	})
	if err != nil {
		b.Fatal(err)
	}
	first, err := publish.Run(context.Background(), store, recs, render, opts(s))
	if err != nil {
		b.Fatal(err)
	}
	count.Take()
	runs := 0
	for b.Loop() {
		sum, err := publish.Run(context.Background(), store, recs, render, opts(s))
		if err != nil {
			b.Fatal(err)
		}
		if sum.Uploaded != 0 || sum.Deleted != 0 {
			b.Fatalf("unchanged publish uploaded %d and deleted %d objects", sum.Uploaded, sum.Deleted)
		}
		runs++
	}
	n := count.Take()
	total := 0
	for _, op := range slices.Sorted(maps.Keys(n)) {
		b.ReportMetric(float64(n[op])/float64(runs), op+"/op")
		total += n[op]
	}
	b.ReportMetric(float64(total)/float64(runs), "requests/op")
	b.ReportMetric(float64(first.Uploaded), "objects")
}
