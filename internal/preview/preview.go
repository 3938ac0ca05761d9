// Package preview serves a site's customer pages on the office's own
// computer, exactly as they would be published, at /<prefix>/<id>/.
// Nothing here is ever written to storage: the pages live in memory. The
// office desk (package desk) mounts it and guards it.
package preview

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"golang.org/x/sync/errgroup"

	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/render"
	"github.com/vitrine/vitrine/internal/site"
)

// Server is the preview: an http.Handler for the link folders at
// /<prefix>/<id>/, as the CDN would serve them.
type Server struct {
	cfg *config.Config
	now func() time.Time
	// Fail answers a request that cannot be served, with a page that
	// explains err; New sets a plain-text answer.
	Fail func(w http.ResponseWriter, status int, title string, err error)

	mu    sync.Mutex
	built map[string]folder // by link id
}

// folder is one rendered link folder, by path inside it.
type folder map[string]render.File

// New returns a preview of the site that cfg configures. now decides which
// links are active, as it does for publish.
func New(cfg *config.Config, now func() time.Time) *Server {
	return &Server{cfg: cfg, now: now, built: map[string]folder{}, Fail: func(w http.ResponseWriter, status int, title string, err error) {
		http.Error(w, title+": "+err.Error(), status)
	}}
}

// Build renders every active link, as vitrine build does, into memory, so
// that a caller can tell at once whether every page renders; the pages
// are rendered on request anyway. It returns how many links it rendered,
// and the problems of the records as one problem.List next to the good
// pages.
func (s *Server) Build(ctx context.Context) (int, error) {
	st, err := site.Open(s.cfg)
	var probs problem.List
	if err != nil && !probs.Add(err) {
		return 0, err
	}
	b, err := st.Build(s.now())
	if err != nil {
		return 0, err
	}
	var mu sync.Mutex
	n := 0
	g, ctx := errgroup.WithContext(ctx)
	g.SetLimit(max(1, s.cfg.Publish.Concurrency))
	for _, rec := range st.Records(s.now()) {
		if !rec.Active {
			continue
		}
		g.Go(func() error {
			files, err := b.Render(ctx, rec.ID)
			mu.Lock()
			defer mu.Unlock()
			if err != nil {
				if probs.Add(err) {
					return nil
				}
				return err
			}
			s.store(rec.ID, files)
			n++
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return n, err
	}
	return n, probs.Err()
}

// store replaces the cached folder of link id.
func (s *Server) store(id string, files []render.File) folder {
	f := make(folder, len(files))
	for _, file := range files {
		f[file.Path] = file
	}
	s.mu.Lock()
	s.built[id] = f
	s.mu.Unlock()
	return f
}

// ServeHTTP serves the files of the link folders. The caller checks who
// asks (package desk).
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	// The preview must show the records as they are now, never a cached
	// page from before an edit.
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	base := "/" + s.cfg.Prefix + "/"
	switch {
	case r.Method != http.MethodGet && r.Method != http.MethodHead:
		h.Set("Allow", "GET, HEAD")
		http.Error(w, "the preview is read-only", http.StatusMethodNotAllowed)
	case strings.HasPrefix(r.URL.Path, base):
		s.serveLink(w, r, strings.TrimPrefix(r.URL.Path, base))
	default:
		s.Fail(w, http.StatusNotFound, "Not found", errors.New("the link pages are below "+base))
	}
}

// serveLink serves rest, "<id>/<path in the link folder>". The page is
// rendered afresh on every request, so that a reload shows the records
// after an edit; the files it refers to come from that render.
func (s *Server) serveLink(w http.ResponseWriter, r *http.Request, rest string) {
	id, name, ok := strings.Cut(rest, "/")
	if !ok {
		http.Redirect(w, r, "/"+s.cfg.Prefix+"/"+id+"/", http.StatusMovedPermanently)
		return
	}
	if name == "" {
		name = "index.html"
	}
	s.mu.Lock()
	f, cached := s.built[id]
	s.mu.Unlock()
	if !cached || name == "index.html" {
		var status int
		var err error
		if f, status, err = s.render(r.Context(), id); err != nil {
			s.Fail(w, status, "This link cannot be shown", err)
			return
		}
	}
	file, ok := f[name]
	if !ok {
		s.Fail(w, http.StatusNotFound, "Not found", errors.New(path.Join(id, name)+" is not part of the link's folder"))
		return
	}
	w.Header().Set("Content-Type", file.ContentType)
	if file.Body != nil {
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(file.Body))
		return
	}
	rc, err := file.Open()
	if err != nil {
		s.Fail(w, http.StatusInternalServerError, "Cannot read the file", err)
		return
	}
	defer rc.Close()
	if rs, ok := rc.(io.ReadSeeker); ok {
		http.ServeContent(w, r, name, time.Time{}, rs)
		return
	}
	_, _ = io.Copy(w, rc)
}

// render renders link id from the records as they are now, and returns
// the HTTP status to report with an error.
func (s *Server) render(ctx context.Context, id string) (folder, int, error) {
	st, err := site.Open(s.cfg)
	if err != nil && !problem.Is(err) {
		return nil, http.StatusInternalServerError, err
	}
	_, l, ok := st.Find(id)
	if !ok {
		if err != nil {
			return nil, http.StatusInternalServerError, err
		}
		return nil, http.StatusNotFound, errors.New("no project has a link with this id")
	}
	if state := l.StateAt(s.now(), s.cfg.Location()); state != links.Active {
		return nil, http.StatusGone, errors.New("the link is " + string(state) + ": publish deletes its pages, and its customer gets an error instead")
	}
	b, err := st.Build(s.now())
	if err != nil {
		return nil, http.StatusInternalServerError, err
	}
	files, err := b.Render(ctx, id)
	if err != nil {
		return nil, http.StatusInternalServerError, err
	}
	return s.store(id, files), http.StatusOK, nil
}
