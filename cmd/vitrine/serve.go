package main

import (
	"context"
	"errors"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/vitrine/vitrine/internal/preview"
	"github.com/vitrine/vitrine/internal/problem"
)

// shutdownGrace is how long serve lets open requests finish after Ctrl-C.
const shutdownGrace = 5 * time.Second

func cmdServe(ctx context.Context, a *app, args []string) error {
	fs := a.flags("serve")
	addr := fs.String("addr", "127.0.0.1:8080", "listen `ADDRESS`, on this computer only")
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("usage: vitrine serve [--addr 127.0.0.1:8080]")
	}
	if err := preview.CheckAddr(*addr); err != nil {
		return usagef("%s", err)
	}
	cfg, err := a.loadConfig()
	if err != nil {
		return err
	}
	srv := preview.New(cfg, a.now)
	// Build everything once, as build would, so that problems show at once;
	// the office can still look at the links that did render.
	n, err := srv.Build(ctx)
	if problem.Is(err) {
		for _, p := range strings.Split(err.Error(), "\n") {
			a.logger().Warn("a page cannot be shown until this is fixed", "problem", p)
		}
	} else if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	links := "links"
	if n == 1 {
		links = "link"
	}
	a.printf("Preview of %d active %s at http://%s/ (only on this computer; Ctrl-C stops it)\n", n, links, ln.Addr())

	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	if err := hs.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-done; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
