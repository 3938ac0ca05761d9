package desk

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"

	"github.com/vitrine/vitrine/internal/content"
	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/message"
	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
	"github.com/vitrine/vitrine/internal/qrcode"
	"github.com/vitrine/vitrine/internal/site"
)

// serveIndex shows every project, or those matching the search ?q=.
func (s *Server) serveIndex(w http.ResponseWriter, r *http.Request) {
	l := s.lang()
	d, _, err := s.index(r.Context(), l, r.FormValue("q"))
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "", err)
		return
	}
	s.notice(d, r.URL.Query())
	s.render(w, r, http.StatusOK, "index", d)
}

// goneNotice is what deactivating a link did: the objects deleted and
// what the CDN was told.
type goneNotice struct {
	objects int
	cdn     string
}

// notice says on the page what the action before the redirect did, and
// marks the link it did it to.
func (s *Server) notice(d *indexData, q url.Values) {
	l, id := d.Lang, q.Get("id")
	switch q.Get("done") {
	case "created", "saved":
		d.Notice = texts[l][q.Get("done")+".done"]
	case "gone":
		// What the deactivation did is kept here, not carried in the URL,
		// which any web page could link to with words of its own.
		v, ok := s.gone.Load(id)
		if !ok {
			return
		}
		g := v.(goneNotice)
		d.Notice = texts[l]["gone.done"] + " " + strconv.Itoa(g.objects) + " " + texts[l]["gone.files"]
		if g.cdn != "" {
			d.NoticeLines = []string{g.cdn}
		}
	default:
		return
	}
	for i := range d.Projects {
		for j := range d.Projects[i].Links {
			k := &d.Projects[i].Links[j]
			k.Fresh = k.ID == id
		}
	}
}

// done redirects to the main page after an action (POST-redirect-GET),
// scrolled to the link it changed. desk.js, which saves a switch in the
// background, asks for JSON and needs no page. (Chromium reports a
// background 204 as aborted, so it gets a small body.)
func done(w http.ResponseWriter, r *http.Request, q url.Values) {
	if r.Header.Get("Accept") == "application/json" {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"done":"` + q.Get("done") + `"}`))
		return
	}
	http.Redirect(w, r, "/?"+q.Encode()+"#link-"+q.Get("id"), http.StatusSeeOther)
}

// create is "Lese-Link erstellen": a new link of a project with the form's
// label, language, expiry and sections.
func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	cfg, l := s.opt.Config, s.lang()
	slug := r.PostFormValue("project")
	form := createForm{Label: strings.TrimSpace(r.PostFormValue("label")), Locale: r.PostFormValue("locale"),
		Expires: strings.TrimSpace(r.PostFormValue("expires"))}
	sections, err := project.ParseSections(r.PostForm["section"])
	if err != nil {
		s.fail(w, http.StatusBadRequest, "", err)
		return
	}
	form.Sections = s.switches(l, sections)
	opts := links.CreateOptions{Label: form.Label, Locale: form.Locale, Sections: sections}
	if form.Expires != "" {
		opts.Expires, err = links.ParseDate(form.Expires)
	}
	var created *links.Link
	if err == nil {
		err = s.changeProject(r.Context(), slug, func(lf *links.File) (err error) {
			created, err = lf.Create(opts, s.opt.Now(), cfg.Location())
			return err
		})
	}
	if errors.Is(err, links.ErrExpiryPassed) {
		err = fmt.Errorf("%s: %w; give today or a later day", form.Expires, err)
	}
	if err != nil {
		form.Error = err.Error()
		s.refuseForm(w, r, slug, form)
		return
	}
	done(w, r, url.Values{"done": {"created"}, "id": {created.ID}})
}

// refuseForm shows the main page again with the create form of project
// slug as it was filled in, and why it was refused.
func (s *Server) refuseForm(w http.ResponseWriter, r *http.Request, slug string, form createForm) {
	d, _, err := s.index(r.Context(), s.lang(), "")
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "", err)
		return
	}
	for i := range d.Projects {
		if d.Projects[i].Slug == slug {
			d.Projects[i].Form = form
		}
	}
	s.render(w, r, http.StatusUnprocessableEntity, "index", d)
}

// changeProject changes the links.yaml of project slug as the link
// commands do: one locked, atomic transaction at the desk's clock.
func (s *Server) changeProject(ctx context.Context, slug string, fn func(*links.File) error) error {
	st, err := site.Open(s.opt.Config)
	if err != nil && !problem.Is(err) {
		return err
	}
	p := st.Project(slug)
	if p == nil {
		return fmt.Errorf("project %q cannot be changed: it does not exist or its links.yaml has a problem (see the list)", slug)
	}
	return st.UpdateLinks(ctx, p, s.opt.Now(), fn)
}

// findLink returns the project that holds the link of the request's {id}.
func (s *Server) findLink(r *http.Request) (*site.Site, *site.Project, *links.Link, error) {
	st, err := site.Open(s.opt.Config)
	if err != nil && !problem.Is(err) {
		return nil, nil, nil, err
	}
	id := r.PathValue("id")
	p, l, ok := st.Find(id)
	if !ok {
		return nil, nil, nil, fmt.Errorf("no project has a link %s; it may have been removed from links.yaml", id)
	}
	return st, p, l, nil
}

// saveSections is a card's "Speichern" (and, with JavaScript, every
// switch): the link shows exactly the sections switched on.
func (s *Server) saveSections(w http.ResponseWriter, r *http.Request) {
	_, p, l, err := s.findLink(r)
	if err != nil {
		s.fail(w, http.StatusNotFound, "", err)
		return
	}
	sections, err := project.ParseSections(r.PostForm["section"])
	if err == nil {
		err = s.changeProject(r.Context(), p.Slug, func(lf *links.File) error {
			return lf.Set(l.ID, s.opt.Now(), s.opt.Config.Location(), func(k *links.Link) error {
				k.Sections = sections
				return nil
			})
		})
	}
	if err != nil {
		s.fail(w, http.StatusConflict, "", err)
		return
	}
	done(w, r, url.Values{"done": {"saved"}, "id": {l.ID}})
}

// linkData is a page about one link: the confirmation, the QR code, the
// message.
type linkData struct {
	page
	Link    linkRow
	Project string
	Message string
}

// linkPage returns the data of a page about the link of the request, and
// the link with its project.
func (s *Server) linkPage(r *http.Request, title string) (*linkData, *site.Project, *links.Link, error) {
	st, p, k, err := s.findLink(r)
	if err != nil {
		return nil, nil, nil, err
	}
	l, now := s.lang(), s.opt.Now()
	d := &linkData{page: s.newPage(l, texts[l][title]), Project: p.Slug}
	for _, row := range s.linkRows(l, &links.File{Links: []links.Link{*k}}, now, s.opt.Config.Location(), publishedAt(st, now)) {
		d.Link = row
	}
	return d, p, k, nil
}

// linkView serves the page template name about the request's link, with
// the text title as its title: the confirmation before a deactivation,
// which says that it is for good, and the QR code with its downloads.
func (s *Server) linkView(name, title string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		d, _, _, err := s.linkPage(r, title)
		if err != nil {
			s.fail(w, http.StatusNotFound, "", err)
			return
		}
		s.render(w, r, http.StatusOK, name, d)
	}
}

// deactivate deactivates a link for good and deletes its page from the
// storage at once, as `vitrine link deactivate --publish` does: the office
// presses the button because the customer must not see the page any more.
func (s *Server) deactivate(w http.ResponseWriter, r *http.Request) {
	if r.PostFormValue("confirm") != "yes" {
		http.Redirect(w, r, "/links/"+url.PathEscape(r.PathValue("id"))+"/deactivate", http.StatusSeeOther)
		return
	}
	st, p, l, err := s.findLink(r)
	if err != nil {
		s.fail(w, http.StatusNotFound, "", err)
		return
	}
	// The page must go even when the browser gives up waiting.
	ctx := context.WithoutCancel(r.Context())
	err = s.changeProject(ctx, p.Slug, func(lf *links.File) error { return lf.Deactivate(l.ID, s.opt.Now()) })
	if err != nil && !errors.Is(err, links.ErrAlreadyDeactivated) {
		s.fail(w, http.StatusConflict, "", err)
		return
	}
	n, cdn, err := s.revoke(ctx, st, l.ID)
	if err != nil {
		s.fail(w, http.StatusBadGateway, "", fmt.Errorf("the link is deactivated, but its page could not be deleted yet: %w; press %s to try again", err, texts[s.lang()]["publish"]))
		return
	}
	s.gone.Store(l.ID, goneNotice{n, cdn})
	done(w, r, url.Values{"done": {"gone"}, "id": {l.ID}})
}

// revoke deletes the objects of link id from the configured storage and
// has the CDN forget them.
func (s *Server) revoke(ctx context.Context, st *site.Site, id string) (int, string, error) {
	store, err := site.OpenStore(ctx, s.opt.Config)
	if err != nil {
		return 0, "", err
	}
	n, err := st.RevokeNow(ctx, store, id)
	if err != nil {
		return n, "", err
	}
	cdn, err := site.Invalidate(ctx, s.opt.Config, []string{id})
	return n, cdn, err
}

// serveQRFile serves the QR code of a link as qr.png or qr.svg; ?download
// names it for saving.
func (s *Server) serveQRFile(w http.ResponseWriter, r *http.Request) {
	_, _, l, err := s.findLink(r)
	if err != nil {
		s.fail(w, http.StatusNotFound, "", err)
		return
	}
	draw, types, ext := qrcode.PNG, "image/png", path.Ext(r.URL.Path)
	if ext == ".svg" {
		draw, types = qrcode.SVG, "image/svg+xml"
	}
	body, err := draw(s.opt.Config.LinkURL(l.ID))
	if err != nil {
		s.fail(w, http.StatusInternalServerError, "", err)
		return
	}
	w.Header().Set("Content-Type", types)
	if r.URL.Query().Has("download") {
		w.Header().Set("Content-Disposition", `attachment; filename="qr-`+l.ID[:8]+ext+`"`)
	}
	_, _ = w.Write(body)
}

// serveMessage shows the ready-to-send message of a link, as `vitrine link
// list SLUG` prints it, to copy.
func (s *Server) serveMessage(w http.ResponseWriter, r *http.Request) {
	d, p, k, err := s.linkPage(r, "message")
	if err != nil {
		s.fail(w, http.StatusNotFound, "", err)
		return
	}
	title := ""
	// A project whose records do not read gets the message without it.
	if proj, err := content.Load(r.Context(), p.Dir); err == nil {
		title = proj.Title()
	}
	if d.Message, err = message.Text(s.opt.Config, title, k); err != nil {
		s.fail(w, http.StatusInternalServerError, "", err)
		return
	}
	s.render(w, r, http.StatusOK, "message", d)
}
