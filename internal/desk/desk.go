// Package desk is the office's web application: every project with its
// read links, switches for the sections each link shows, and the actions
// of the link commands (create, change, deactivate, QR code, message) and
// of publish. It changes the records only through package links and
// publishes only through package site, so the desk and the CLI follow the
// same rules. The customer pages are previewed at /<prefix>/<id>/ exactly
// as they will be published.
//
// The desk works without JavaScript: every change is a plain form, POSTed
// with a per-session token and answered with a redirect. desk.js only adds
// copying to the clipboard, instant saving of switches and a live progress
// bar.
package desk

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/preview"
)

// Options configure a desk.
type Options struct {
	Config *config.Config
	// Now is the clock that decides which links are active and stamps
	// changes.
	Now func() time.Time
	// Addr is the address the desk listens on, as the listener reports it;
	// requests must name it in their Host header.
	Addr string
	// Password, when set, is asked for with HTTP basic auth on every
	// request: a desk offered to the network (--allow-remote) needs it.
	Password string
}

// Server is the desk, an http.Handler.
type Server struct {
	opt     Options
	mux     *http.ServeMux
	key     []byte // signs the CSRF tokens; new on every start
	origin  *http.CrossOriginProtection
	preview *preview.Server
	pub     publishing
	gone    sync.Map // link id → goneNotice of its deactivation
}

// Paths of the desk's own files; they lie outside every link folder.
const (
	styleURL  = "/_desk/desk.css"
	scriptURL = "/_desk/desk.js"
	iconURL   = "/_desk/icon.svg"
)

var (
	//go:embed desk.html
	deskHTML string
	//go:embed desk.css
	deskStyle []byte
	//go:embed desk.js
	deskScript []byte
	//go:embed icon.svg
	deskIcon []byte

	pages = template.Must(template.New("desk").Funcs(template.FuncMap{
		"switches": func(l map[string]string, prefix string, sections []sectionSwitch) any {
			return struct {
				L        map[string]string
				Prefix   string
				Sections []sectionSwitch
			}{l, prefix, sections}
		},
		// withL passes a sub-template its value and the page's texts.
		"withL": func(l map[string]string, v any) any {
			return struct {
				L map[string]string
				V any
			}{l, v}
		},
		"lines": func(s string) []string { return strings.Split(s, "\n") },
		"size":  size,
	}).Parse(deskHTML))
)

// New returns the desk of the site that o.Config configures.
func New(o Options) *Server {
	s := &Server{opt: o, mux: http.NewServeMux(), key: randomBytes(32), origin: http.NewCrossOriginProtection()}
	s.preview = preview.New(o.Config, o.Now)
	s.preview.Fail = s.fail
	m := s.mux
	m.HandleFunc("GET /{$}", s.serveIndex)
	m.HandleFunc("POST /links", s.create)
	m.HandleFunc("POST /links/{id}", s.saveSections)
	m.HandleFunc("GET /links/{id}/deactivate", s.linkView("confirm", "confirmTitle"))
	m.HandleFunc("POST /links/{id}/deactivate", s.deactivate)
	m.HandleFunc("GET /links/{id}/qr", s.linkView("qr", "qr"))
	m.HandleFunc("GET /links/{id}/qr.png", s.serveQRFile)
	m.HandleFunc("GET /links/{id}/qr.svg", s.serveQRFile)
	m.HandleFunc("GET /links/{id}/message", s.serveMessage)
	m.HandleFunc("POST /publish", s.publish)
	m.HandleFunc("GET /publish/status", s.servePublishStatus)
	m.HandleFunc("GET "+styleURL, asset("text/css; charset=utf-8", deskStyle))
	m.HandleFunc("GET "+scriptURL, asset("text/javascript; charset=utf-8", deskScript))
	m.HandleFunc("GET "+iconURL, asset("image/svg+xml", deskIcon))
	m.Handle("GET /"+o.Config.Prefix+"/", s.preview)
	return s
}

// ServeHTTP checks who asks before anything else: the Host (DNS
// rebinding), the password of a desk on the network, and, for every
// change, that it comes from the desk's own form in the same browser.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	secure(w.Header())
	switch {
	case !s.hostAllowed(r.Host):
		http.Error(w, "vitrine desk answers only requests to the address it listens on ("+s.opt.Addr+")", http.StatusMisdirectedRequest)
		return
	case !s.authorized(r):
		w.Header().Set("WWW-Authenticate", `Basic realm="vitrine desk", charset="UTF-8"`)
		http.Error(w, "the desk needs its password ("+PasswordVar+")", http.StatusUnauthorized)
		return
	case r.Method == http.MethodPost:
		if err := s.checkChange(r); err != nil {
			s.fail(w, http.StatusForbidden, "", err)
			return
		}
	}
	s.mux.ServeHTTP(w, r)
}

// asset serves one of the desk's embedded files.
func asset(contentType string, body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(body))
	}
}

// page is what every desk page needs.
type page struct {
	Lang, Title, Company, CSRF string
	L                          map[string]string
	Style, Script, Icon        string
}

func (p *page) base() *page { return p }

// newPage starts the data of a page in language l.
func (s *Server) newPage(l, title string) page {
	return page{Lang: l, Title: title, Company: s.opt.Config.Company.Name, L: texts[l], Style: styleURL, Script: scriptURL, Icon: iconURL}
}

// lang is the language of the desk's pages: the config's locale.
func (s *Server) lang() string { return lang(s.opt.Config.Locale) }

// render answers with the page template name, giving its forms the
// session's token.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data interface{ base() *page }) {
	data.base().CSRF = s.token(s.session(w, r))
	write(w, status, name, data)
}

// write answers with the page template name.
func write(w http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, name, data); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", deskCSP)
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

// errorData is a page that says why something failed, one line per
// problem.
type errorData struct {
	page
	Lines []string
}

// fail answers with a page that shows err. It writes no cookie: it may
// answer a request that was refused.
func (s *Server) fail(w http.ResponseWriter, status int, title string, err error) {
	l := s.lang()
	d := &errorData{page: s.newPage(l, title), Lines: strings.Split(err.Error(), "\n")}
	if d.Title == "" {
		d.Title = texts[l]["errorTitle"]
	}
	write(w, status, "error", d)
}

// size writes a byte count the way the page's language reads it: "1,5 MB"
// in German, "1.5 MB" in English (units of 1000, as file managers show).
func size(l map[string]string, n int64) string {
	if n < 1000 {
		return fmt.Sprintf("%d B", n)
	}
	v, unit := float64(n)/1000, 0
	for ; v >= 1000 && unit < 3; unit++ {
		v /= 1000
	}
	return strings.Replace(fmt.Sprintf("%.1f %cB", v, "kMGT"[unit]), ".", l["decimal"], 1)
}

// publishing is the state of the desk's publish runs: one at a time.
type publishing struct {
	run  sync.Mutex // held while a publish runs
	mu   sync.Mutex // guards last
	last *publishRun
}
