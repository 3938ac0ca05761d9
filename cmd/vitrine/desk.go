package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/vitrine/vitrine/internal/desk"
)

// shutdownGrace is how long the desk lets open requests finish after
// Ctrl-C; a publish in progress is one of them.
const shutdownGrace = 30 * time.Second

func cmdDesk(ctx context.Context, a *app, args []string) error {
	return a.runDesk(ctx, "desk", args)
}

// runDesk is vitrine desk and vitrine serve: the office's web page, on
// this computer unless --allow-remote and a password say otherwise.
func (a *app) runDesk(ctx context.Context, name string, args []string) error {
	fs := a.flags(name)
	addr := fs.String("addr", "127.0.0.1:8080", "listen `ADDRESS`; on this computer only unless --allow-remote")
	remote := fs.Bool("allow-remote", false, "allow an address other computers reach; needs "+desk.PasswordVar)
	if pos, err := parse(fs, args); err != nil {
		return err
	} else if len(pos) > 0 {
		return usagef("usage: vitrine %s [--addr 127.0.0.1:8080] [--allow-remote]", name)
	}
	password := ""
	if *remote {
		password = os.Getenv(desk.PasswordVar)
	}
	if err := desk.CheckAddr(*addr, *remote, password); err != nil {
		return usagef("%s", err)
	}
	cfg, err := a.loadConfig()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	srv := desk.New(desk.Options{Config: cfg, Now: a.now, Addr: ln.Addr().String(), Password: password})
	hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- hs.Serve(ln) }()
	// The line is a contract, printed even with --quiet: scripts and tests
	// read the port from it.
	fmt.Fprintf(a.stdout, "Desk: http://%s/\n", ln.Addr())
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
