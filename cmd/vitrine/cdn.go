package main

import (
	"context"
	"strings"

	"github.com/vitrine/vitrine/internal/cdn"
	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/site"
)

// invalidate makes the CDN forget the folders of the links ids; without
// cdn.cloudfront_distribution it does nothing. With dryRun it only says
// what it would invalidate. Callers invalidate even after a failure, for
// what changed before it.
func (a *app) invalidate(ctx context.Context, cfg *config.Config, ids []string, dryRun bool) error {
	dist := cfg.CDN.CloudFrontDistribution
	if dist == "" || len(ids) == 0 {
		return nil
	}
	if dryRun {
		paths, err := cdn.Paths(cfg.BaseURL+"/"+cfg.Prefix, ids)
		if err != nil {
			return err
		}
		a.printf("would invalidate in CloudFront distribution %s: %s\n", dist, strings.Join(paths, " "))
		return nil
	}
	done, err := site.Invalidate(ctx, cfg, ids)
	if err != nil {
		return err
	}
	a.printf("%s\n", done)
	return nil
}
