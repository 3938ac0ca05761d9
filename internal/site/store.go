package site

import (
	"context"

	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/storage"
	"github.com/vitrine/vitrine/internal/storage/dir"
	"github.com/vitrine/vitrine/internal/storage/s3"
)

// OpenStore returns the storage that config.yaml names.
func OpenStore(ctx context.Context, cfg *config.Config) (storage.Store, error) {
	if cfg.Storage.Type == "s3" {
		return OpenS3(ctx, cfg)
	}
	return dir.New(cfg.Path(cfg.Storage.Dir)), nil
}

// OpenS3 returns the bucket of storage.s3, with a connection pool as large
// as publish.concurrency.
func OpenS3(ctx context.Context, cfg *config.Config) (*s3.Store, error) {
	c := cfg.Storage.S3
	return s3.New(ctx, s3.Config{
		Bucket:      c.Bucket,
		Region:      c.Region,
		Endpoint:    c.Endpoint,
		PathStyle:   c.PathStyle,
		ACL:         c.ACL,
		Concurrency: cfg.Publish.Concurrency,
	})
}
