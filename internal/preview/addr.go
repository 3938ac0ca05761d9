package preview

import (
	"fmt"
	"net"
	"net/netip"
	"strings"
)

// CheckAddr accepts a listen address only on the loopback interface. The
// office index lists every customer's link, and the preview re-renders on
// every request: neither belongs on a network, where anyone could read
// the links and keep the machine busy.
func CheckAddr(addr string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	if !loopback(host) {
		return fmt.Errorf("address %q is not on this computer only: the preview lists every customer's link, so it listens on 127.0.0.1, [::1] or localhost", addr)
	}
	return nil
}

// loopback reports whether host names the loopback interface.
func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.IsLoopback()
}

// localHost reports whether the Host header of a request names this
// computer. A web page elsewhere could otherwise point a name it controls
// at 127.0.0.1 (DNS rebinding) and read the office index from the
// office's own browser.
func localHost(hostport string) bool {
	host := hostport
	if h, _, err := net.SplitHostPort(hostport); err == nil {
		host = h
	}
	return loopback(strings.Trim(host, "[]"))
}
