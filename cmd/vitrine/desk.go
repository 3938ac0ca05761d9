package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/vitrine/vitrine/internal/browser"
	"github.com/vitrine/vitrine/internal/desk"
)

// shutdownGrace is how long the desk lets open requests finish after
// Ctrl-C; a publish in progress is one of them.
const shutdownGrace = 30 * time.Second

func (a *app) deskCommand() *cobra.Command {
	return a.deskLike(&cobra.Command{
		Use:   "desk",
		Short: "The office's page in the browser: links, sections, publish (Ctrl-C stops)",
		Long: `Open the office's page in the browser: every project with its links; create
a link, switch its sections on and off, copy its URL or QR code, deactivate
it, and publish, as the commands do. Each link's preview shows what its
customer will see. The page is in the config's locale (German unless en).

It listens on this computer only; --allow-remote and a password in
` + desk.PasswordVar + ` let other computers of the office in. Ctrl-C stops.`,
		Example: `  vitrine desk
  vitrine desk --addr 127.0.0.1:9000 --open=false
  ` + desk.PasswordVar + `=… vitrine desk --addr 0.0.0.0:8080 --allow-remote`,
	})
}

// deskFlags are the choices of desk and serve.
type deskFlags struct {
	addr         string
	remote, open bool
}

// deskLike gives c, vitrine desk or serve, the desk's flags and run.
func (a *app) deskLike(c *cobra.Command) *cobra.Command {
	var f deskFlags
	c.Args = argCount(0, 0)
	c.RunE = func(c *cobra.Command, _ []string) error {
		if !c.Flags().Changed("open") {
			// Opened by a person, the page should come up by itself; a
			// script or a test reads the address from the output.
			f.open = isTerminal(a.stdout)
		}
		return a.runDesk(c.Context(), f)
	}
	c.Flags().StringVar(&f.addr, "addr", "127.0.0.1:8080", "listen `ADDRESS`; on this computer only unless --allow-remote")
	c.Flags().BoolVar(&f.remote, "allow-remote", false, "allow an address other computers reach; needs "+desk.PasswordVar)
	c.Flags().BoolVar(&f.open, "open", false, "open the page in the default browser; default: when run in a terminal")
	return c
}

// localURL is the address of the desk for a browser on this computer: a
// desk listening on every interface (0.0.0.0, ::) is reached through the
// loopback one, as browsers refuse the unspecified address.
func localURL(addr net.Addr) string {
	if tcp, ok := addr.(*net.TCPAddr); ok && tcp.IP.IsUnspecified() {
		return "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(tcp.Port)) + "/"
	}
	return "http://" + addr.String() + "/"
}

// runDesk is vitrine desk and vitrine serve: the office's web page, on
// this computer unless --allow-remote and a password say otherwise.
func (a *app) runDesk(ctx context.Context, f deskFlags) error {
	password := ""
	if f.remote {
		password = os.Getenv(desk.PasswordVar)
	}
	if err := desk.CheckAddr(f.addr, f.remote, password); err != nil {
		return usagef("%s", err)
	}
	cfg, err := a.loadConfig()
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", f.addr)
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
	if f.open {
		if err := browser.Open(localURL(ln.Addr())); err != nil {
			a.logger().Warn("could not open the browser; open the address above by hand", "err", err)
		}
	}
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
