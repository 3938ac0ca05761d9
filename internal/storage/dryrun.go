package storage

import (
	"context"
	"io"
)

// DryRun returns a Store that reads from s and discards every write, so
// that a dry run goes through exactly the code of a real one. It is a
// HeaderReader when s is one, since reading headers is part of planning.
func DryRun(s Store) Store {
	if hr, ok := s.(HeaderReader); ok {
		return dryRunHeaders{dryRun{s}, hr}
	}
	return dryRun{s}
}

type dryRun struct{ Store }

type dryRunHeaders struct {
	dryRun
	HeaderReader
}

func (dryRun) Put(ctx context.Context, key string, _ io.Reader, _ Meta) error { return CheckKey(key) }

func (dryRun) Delete(ctx context.Context, keys []string) error {
	for _, k := range keys {
		if err := CheckKey(k); err != nil {
			return err
		}
	}
	return nil
}
