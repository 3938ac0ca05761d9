package main

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/cdn/cdntest"
	"github.com/vitrine/vitrine/internal/config"
)

func TestInvalidate(t *testing.T) {
	cf := cdntest.Start(t)
	cf.SetEnv(t)
	cfg := config.Default()
	cfg.BaseURL = "https://example.de/kunden"
	var out bytes.Buffer
	a := &app{stdout: &out, stderr: &out}

	// Without a distribution nothing is sent.
	if err := a.invalidate(t.Context(), cfg, []string{"x"}, false); err != nil || len(cf.Requests()) != 0 {
		t.Fatalf("without a distribution: %v, %d requests", err, len(cf.Requests()))
	}
	cfg.CDN.CloudFrontDistribution = "E1"
	if err := a.invalidate(t.Context(), cfg, []string{"x"}, true); err != nil || len(cf.Requests()) != 0 {
		t.Fatalf("dry run: %v, %d requests", err, len(cf.Requests()))
	}
	if !strings.Contains(out.String(), "would invalidate in CloudFront distribution E1: /kunden/p/x/*") {
		t.Fatalf("dry run printed %q", out.String())
	}
	// After Ctrl-C the changes made so far still leave the CDN.
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if err := a.invalidate(ctx, cfg, []string{"x", "y"}, false); err != nil {
		t.Fatal(err)
	}
	reqs := cf.Requests()
	if len(reqs) != 1 || !slices.Equal(reqs[0].Paths, []string{"/kunden/p/x/*", "/kunden/p/y/*"}) {
		t.Fatalf("requests = %+v", reqs)
	}
}
