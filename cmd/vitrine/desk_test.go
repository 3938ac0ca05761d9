package main

import (
	"net"
	"strings"
	"testing"
)

// TestDeskOnTheNetworkNeedsPassword: an address other computers reach is
// refused without --allow-remote, and with it but without a password,
// before anything listens.
func TestDeskOnTheNetworkNeedsPassword(t *testing.T) {
	t.Setenv("VITRINE_DESK_PASSWORD", "")
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"desk", "--addr", "0.0.0.0:0"}, "--allow-remote"},
		{[]string{"desk", "--addr", "192.168.1.10:0"}, "127.0.0.1"},
		{[]string{"serve", "--addr", ":0"}, "--allow-remote"},
		{[]string{"desk", "--addr", "0.0.0.0:0", "--allow-remote"}, "VITRINE_DESK_PASSWORD"},
		{[]string{"serve", "--addr", "0.0.0.0:0", "--allow-remote"}, "VITRINE_DESK_PASSWORD"},
	} {
		if out := run(t, exitInvalid, c.args...); !strings.Contains(out, c.want) {
			t.Errorf("vitrine %s: %q does not mention %s", strings.Join(c.args, " "), out, c.want)
		}
	}
}

func TestLocalURL(t *testing.T) {
	for addr, want := range map[string]string{
		"127.0.0.1:8080": "http://127.0.0.1:8080/",
		"[::1]:9000":     "http://[::1]:9000/",
		"0.0.0.0:8080":   "http://127.0.0.1:8080/",
		"[::]:8081":      "http://127.0.0.1:8081/",
		"192.0.2.7:8080": "http://192.0.2.7:8080/",
	} {
		tcp, err := net.ResolveTCPAddr("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		if got := localURL(tcp); got != want {
			t.Errorf("localURL(%s) = %s, want %s", addr, got, want)
		}
	}
}
