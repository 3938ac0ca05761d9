package main

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/vitrine/vitrine/internal/cdn"
	"github.com/vitrine/vitrine/internal/config"
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
	paths, err := cdn.Paths(cfg.BaseURL+"/"+cfg.Prefix, ids)
	if err != nil {
		return err
	}
	if dryRun {
		a.printf("would invalidate in CloudFront distribution %s: %s\n", dist, strings.Join(paths, " "))
		return nil
	}
	if ctx.Err() != nil {
		// Interrupted: what did change must still leave the CDN, as the
		// next publish sees it unchanged. One request, briefly.
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
		defer cancel()
	}
	cf, err := cdn.NewCloudFront(ctx, dist)
	if err != nil {
		return err
	}
	id, err := cf.Invalidate(ctx, paths)
	if err != nil {
		// The next publish changes nothing and so invalidates nothing.
		return fmt.Errorf("%w; until the CDN revalidates (cache_control.pages) it may serve the old pages: "+
			"aws cloudfront create-invalidation --distribution-id %s --paths '%s'", err, dist, strings.Join(paths, "' '"))
	}
	a.printf("Invalidated %s in CloudFront distribution %s (invalidation %s).\n", strings.Join(paths, " "), dist, id)
	return nil
}
