package desk

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// Errors of CheckAddr, so that the command can tell a usage mistake.
var (
	// ErrRemote means the address is reachable from other computers and
	// --allow-remote was not given.
	ErrRemote = errors.New("not on this computer only")
	// ErrNoPassword means --allow-remote was given without a password.
	ErrNoPassword = errors.New("no password")
)

// PasswordVar is the environment variable that holds the desk's password.
const PasswordVar = "VITRINE_DESK_PASSWORD"

// CheckAddr accepts a listen address on the loopback interface, and any
// other only when allowRemote is set and a password guards the desk: the
// desk lists every customer's link and changes the records, so on a
// network it must not be open to whoever finds the port.
func CheckAddr(addr string, allowRemote bool, password string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("address %q: %w", addr, err)
	}
	switch {
	case loopback(host):
		return nil
	case !allowRemote:
		return fmt.Errorf("address %q is %w: the desk lists every customer's link and changes the records, so it listens on 127.0.0.1, [::1] or localhost; "+
			"to offer it on the network, add --allow-remote and set %s", addr, ErrRemote, PasswordVar)
	case password == "":
		return fmt.Errorf("--allow-remote with %w: set %s to the password the office will type (user name: any), and put a TLS proxy in front", ErrNoPassword, PasswordVar)
	}
	return nil
}

// loopback reports whether host names the loopback interface.
func loopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip, err := netip.ParseAddr(strings.Trim(host, "[]"))
	return err == nil && ip.IsLoopback()
}

// hostAllowed reports whether the Host header of a request names the
// address the desk listens on. A web page elsewhere could otherwise point
// a name it controls at 127.0.0.1 (DNS rebinding) and use the desk from
// the office's own browser. On the loopback interface the port must match
// too; a desk offered to the network sits behind the office's proxy, whose
// name it cannot know, and is guarded by its password instead.
func (s *Server) hostAllowed(hostport string) bool {
	if s.opt.Password != "" {
		return true
	}
	host, port, err := net.SplitHostPort(hostport)
	if err != nil {
		return false
	}
	_, want, err := net.SplitHostPort(s.opt.Addr)
	return err == nil && port == want && loopback(host)
}

// authorized checks the password of a desk offered to the network.
func (s *Server) authorized(r *http.Request) bool {
	if s.opt.Password == "" {
		return true
	}
	_, pw, ok := r.BasicAuth()
	return ok && subtle.ConstantTimeCompare([]byte(pw), []byte(s.opt.Password)) == 1
}

// sessionCookie names the cookie that identifies a browser's session; the
// CSRF token of its forms is derived from it.
const sessionCookie = "vitrine_desk"

// session returns the session id of r, starting a session (with a cookie
// on w) when there is none.
func (s *Server) session(w http.ResponseWriter, r *http.Request) string {
	if c, err := r.Cookie(sessionCookie); err == nil && len(c.Value) == 64 {
		return c.Value
	}
	id := hex.EncodeToString(randomBytes(32))
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: id, Path: "/", HttpOnly: true, SameSite: http.SameSiteStrictMode})
	return id
}

// token is the CSRF token of session id: only a page the desk served to
// that session carries it.
func (s *Server) token(session string) string {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(session))
	return hex.EncodeToString(m.Sum(nil))
}

// checkChange refuses a state change that did not come from a form of the
// desk in the same browser: a page elsewhere can make the browser send a
// POST, but it can neither read the token nor fake Origin and
// Sec-Fetch-Site.
func (s *Server) checkChange(r *http.Request) error {
	if err := s.origin.Check(r); err != nil {
		return fmt.Errorf("the request came from another web site (%w)", err)
	}
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return errors.New("the browser sent no session cookie; reload the desk and try again")
	}
	got := r.PostFormValue("csrf")
	if got == "" || !hmac.Equal([]byte(got), []byte(s.token(c.Value))) {
		return errors.New("the form is from an older session of the desk; reload the page and try again")
	}
	return nil
}

// secure sets the headers of every desk response: no caching of customer
// data, no framing (clickjacking), nothing loaded from elsewhere and no
// inline script or style.
func secure(h http.Header) {
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("X-Frame-Options", "DENY")
	h.Set("Cross-Origin-Resource-Policy", "same-origin")
}

// deskCSP is the policy of the desk's own pages; the customer previews
// keep the policy of the published pages.
const deskCSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// randomBytes returns n random bytes; crypto/rand does not fail.
func randomBytes(n int) []byte {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return b
}
