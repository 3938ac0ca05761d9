package desk

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"path/filepath"
	"slices"
	"sync"

	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/publish"
	"github.com/vitrine/vitrine/internal/site"
)

// publishRun is one publish of the desk.
type publishRun struct {
	mu sync.Mutex
	v  runView
}

// runView is a publish run's progress while it runs and its outcome when
// done. Its counters are what /publish/status reports to desk.js.
type runView struct {
	Running     bool  `json:"running"`
	Objects     int   `json:"objects"`
	ObjectsDone int   `json:"objectsDone"`
	Bytes       int64 `json:"bytes"`
	BytesDone   int64 `json:"bytesDone"`

	Summary  *publish.Summary `json:"-"`
	Err      string           `json:"-"` // why the run failed, if it did
	Problems []problemRow     `json:"-"` // faults in the records; those projects kept their pages
	CDN      string           `json:"-"` // what the CDN invalidation did
}

// event counts a publish.Event, as the CLI's progress bar does: totals
// grow while links are rendered.
func (p *publishRun) event(e publish.Event) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case e.Op == publish.OpSkip:
	case e.Planned:
		p.v.Objects++
		p.v.Bytes += e.Size
	default:
		p.v.ObjectsDone++
		p.v.BytesDone += e.Size
	}
}

// view returns a copy of the run's state.
func (p *publishRun) view() runView {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.v
}

// lastRun returns the state of the desk's last publish, or nil.
func (s *Server) lastRun() *runView {
	s.pub.mu.Lock()
	run := s.pub.last
	s.pub.mu.Unlock()
	if run == nil {
		return nil
	}
	v := run.view()
	return &v
}

// publish is "Veröffentlichen": it runs the same publish as the CLI and
// answers, when done, with a redirect to its summary. desk.js shows the
// progress meanwhile; without JavaScript the browser simply waits.
func (s *Server) publish(w http.ResponseWriter, r *http.Request) {
	if !s.pub.run.TryLock() {
		// Another tab publishes: the page shows that run.
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return
	}
	defer s.pub.run.Unlock()
	run := &publishRun{v: runView{Running: true}}
	s.pub.mu.Lock()
	s.pub.last = run
	s.pub.mu.Unlock()
	// The storage must reach a consistent state even when the browser
	// gives up waiting.
	sum, problems, cdn, err := s.runPublish(context.WithoutCancel(r.Context()), run.event)
	run.mu.Lock()
	run.v.Running, run.v.Summary, run.v.Problems, run.v.CDN = false, sum, problems, cdn
	if err != nil {
		run.v.Err = err.Error()
	}
	run.mu.Unlock()
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

// runPublish publishes the records as they are now, telling event of
// every change, and remembers, for every project published without fault,
// its folder as published. It returns the summary, the faults in the
// records (whose projects kept their pages), what the CDN did, and why
// the run failed, if it did.
func (s *Server) runPublish(ctx context.Context, event func(publish.Event)) (*publish.Summary, []problemRow, string, error) {
	cfg := s.opt.Config
	st, err := site.Open(cfg)
	if err != nil && !problem.Is(err) {
		return nil, nil, "", err
	}
	// The digests are taken before publishing: an edit during the run
	// stays unpublished.
	digests := map[string]string{}
	for _, p := range st.Projects {
		digests[p.Slug] = folderDigest(p.Dir)
	}
	store, err := site.OpenStore(ctx, cfg)
	if err != nil {
		return nil, nil, "", err
	}
	now := s.opt.Now()
	sum, err := st.Publish(ctx, store, site.PublishOptions{Now: now, Event: event})
	// Also after a failure: what did change must leave the CDN.
	cdn, cdnErr := site.Invalidate(ctx, cfg, sum.Changed)
	problems := s.problemRows(problemsOf(err))
	if err := errors.Join(nonProblems(err), cdnErr); err != nil {
		return sum, problems, cdn, err
	}
	for _, id := range sum.Failed {
		if p, _, ok := st.Find(id); ok {
			delete(digests, p.Slug)
		}
	}
	for slug := range digests {
		dir := s.rel(filepath.Join(cfg.Path(cfg.Content), "projects", slug))
		if slices.ContainsFunc(problems, func(p problemRow) bool { return p.in(dir) }) {
			delete(digests, slug)
		}
	}
	return sum, problems, cdn, saveState(ctx, s.statePath(), state{Published: now, Digests: digests})
}

// problemsOf returns the faults in the records among err's errors.
func problemsOf(err error) error {
	var out problem.List
	walk(err, func(e error) {
		if problem.Is(e) {
			out.Add(e)
		}
	})
	return out.Err()
}

// nonProblems returns err's errors that are not faults in the records.
func nonProblems(err error) error {
	var out []error
	walk(err, func(e error) {
		if !problem.Is(e) {
			out = append(out, e)
		}
	})
	return errors.Join(out...)
}

// walk calls fn with every error joined in err.
func walk(err error, fn func(error)) {
	if err == nil {
		return
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			walk(e, fn)
		}
		return
	}
	fn(err)
}

// statePath is the desk's state file of the config.
func (s *Server) statePath() string { return statePath(s.opt.Config.Path(".vitrine")) }

// servePublishStatus reports the progress of the running publish as JSON,
// for desk.js's progress bar.
func (s *Server) servePublishStatus(w http.ResponseWriter, r *http.Request) {
	var v runView
	if run := s.lastRun(); run != nil {
		v = *run
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(v)
}
