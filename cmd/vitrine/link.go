package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
	"github.com/vitrine/vitrine/internal/site"
)

func cmdLink(ctx context.Context, a *app, args []string) error {
	sub := map[string]func(context.Context, *app, []string) error{
		"create": cmdLinkCreate, "list": cmdLinkList, "set": cmdLinkSet, "deactivate": cmdLinkDeactivate, "qr": cmdLinkQR,
	}
	if len(args) == 0 || sub[args[0]] == nil {
		return usagef("usage: vitrine link create|list|set|deactivate|qr …")
	}
	return sub[args[0]](ctx, a, args[1:])
}

// linkJSON is a link as `--json` prints it (SPEC §6).
type linkJSON struct {
	ID       string            `json:"id"`
	URL      string            `json:"url"`
	Project  string            `json:"project"`
	Sections []project.Section `json:"sections"`
	Active   *bool             `json:"active,omitempty"`
	Label    string            `json:"label,omitempty"`
	State    links.State       `json:"state,omitempty"`
	Locale   string            `json:"locale,omitempty"`
	Created  string            `json:"created,omitempty"`
	Expires  string            `json:"expires,omitempty"`
}

// linkFlags are the flags shared by link create and link set.
type linkFlags struct {
	label, locale, expires, sections, show, hide string
	set                                          map[string]bool
}

func (f *linkFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&f.label, "label", "", "who the link is for, e.g. the customer's name")
	fs.StringVar(&f.locale, "locale", "", "page language: de or en")
	fs.StringVar(&f.expires, "expires", "", "last day the link works, `YYYY-MM-DD` or DD.MM.YYYY")
	fs.StringVar(&f.sections, "sections", "", "exact list of sections, comma-separated")
	fs.StringVar(&f.show, "show", "", "sections to add, comma-separated")
	fs.StringVar(&f.hide, "hide", "", "sections to remove, comma-separated")
}

// parsed records which flags were given, so that "set" changes only those.
func (f *linkFlags) parsed(fs *flag.FlagSet) {
	f.set = map[string]bool{}
	fs.Visit(func(fl *flag.Flag) { f.set[fl.Name] = true })
}

func (f *linkFlags) sectionsFrom(current []project.Section) ([]project.Section, error) {
	var set []string
	if f.set["sections"] {
		set = splitList(f.sections)
		if len(set) == 0 {
			return nil, usagef("--sections needs at least one section; valid sections are %s", project.SectionList())
		}
	}
	s, err := links.EditSections(current, set, splitList(f.show), splitList(f.hide))
	if err != nil {
		return nil, &usageError{err.Error()}
	}
	return s, nil
}

func (f *linkFlags) apply(l *links.Link) error {
	if f.set["label"] {
		l.Label = f.label
	}
	if f.set["locale"] {
		if f.locale != "de" && f.locale != "en" {
			return usagef("--locale %q: use de or en", f.locale)
		}
		l.Locale = f.locale
	}
	if f.set["expires"] {
		l.Expires = project.Date{}
		if f.expires != "" {
			d, err := links.ParseDate(f.expires)
			if err != nil {
				return usagef("--expires %s", err)
			}
			l.Expires = d
		}
	}
	return nil
}

// longDay writes a day so that a misread date shows at a glance:
// with the weekday and the month in words.
func longDay(d project.Date) string { return d.Format("Monday, 2 January 2006") }

// passedError explains an --expires day before today, as it was
// understood: 03.11.2026 and 2026-11-03 must not be taken for one another.
func (f *linkFlags) passedError(d project.Date, now time.Time, loc *time.Location) error {
	return usagef("--expires %s: that is %s, which is in the past; give today (%s) or a later day",
		f.expires, longDay(d), longDay(links.Today(now, loc)))
}

// endedError explains why link l of project p, deactivated or expired at
// now, cannot have what was asked: its end is final and only a new link
// gives the customer a page again. l is as the command read it; if it was
// still active then, another process ended it meanwhile, and err, the
// refusal of package links, says so.
func endedError(p *site.Project, l *links.Link, now time.Time, loc *time.Location, what string, err error) error {
	var why string
	switch l.StateAt(now, loc) {
	case links.Deactivated:
		why = "was deactivated on " + l.Deactivated.In(loc).Format(time.DateOnly) + " for good"
	case links.Expired:
		why = "has expired: its last day was " + longDay(l.Expires) + ", and expiry is final"
	default:
		return &usageError{err.Error()}
	}
	return usagef("link %s %s, so it %s; its page is offline. To give the customer a page again, create a new link: vitrine link create %s",
		l.ID, why, what, p.Slug)
}

// parseLinkFlags parses the flags of link create or set, which take one
// positional argument.
func (a *app) parseLinkFlags(name, usage string, args []string) (*linkFlags, string, error) {
	fs := a.flags(name)
	f := &linkFlags{}
	f.register(fs)
	pos, err := parse(fs, args)
	if err != nil {
		return nil, "", err
	}
	f.parsed(fs)
	if len(pos) != 1 {
		return nil, "", usagef("usage: vitrine %s", usage)
	}
	return f, pos[0], nil
}

func cmdLinkCreate(ctx context.Context, a *app, args []string) error {
	f, slug, err := a.parseLinkFlags("link create", "link create SLUG [--label L] [--sections a,b] [--show a,b] [--hide c,d] [--locale de|en] [--expires YYYY-MM-DD]", args)
	if err != nil {
		return err
	}
	cfg, s, err := a.openSite()
	if err != nil {
		return err
	}
	p := s.Project(slug)
	if p == nil {
		return projectError(cfg, s, slug)
	}
	defaults, err := project.ParseSections(cfg.Defaults.Sections)
	if err != nil {
		return err
	}
	sections, err := f.sectionsFrom(defaults)
	if err != nil {
		return err
	}
	l := &links.Link{Locale: cfg.Locale, Sections: sections}
	if err := f.apply(l); err != nil {
		return err
	}
	var created *links.Link
	now, loc := a.now(), cfg.Location()
	err = s.UpdateLinks(ctx, p, now, func(lf *links.File) error {
		created, err = lf.Create(links.CreateOptions{Label: l.Label, Locale: l.Locale, Sections: l.Sections, Expires: l.Expires}, now, loc)
		return err
	})
	if errors.Is(err, links.ErrExpiryPassed) {
		return f.passedError(l.Expires, now, loc)
	}
	if err != nil {
		return err
	}
	if a.json {
		return a.emit(toJSON(cfg, p.Slug, created, now, false))
	}
	a.printf("Created link %s for %s\n  label: %s\n  sections: %s\n  expires: %s\n  URL: %s\nRun vitrine publish to put it online.\n",
		created.ID, p.Slug, termSafe(cmp.Or(created.Label, "-")), joinSections(created.Sections),
		cmp.Or(created.Expires.String(), "never"), termSafe(cfg.LinkURL(created.ID)))
	if a.quiet {
		return nil
	}
	return writeMessage(ctx, a.stdout, cfg, p, created)
}

func toJSON(cfg *config.Config, slug string, l *links.Link, now time.Time, full bool) linkJSON {
	state := l.StateAt(now, cfg.Location())
	j := linkJSON{ID: l.ID, URL: cfg.LinkURL(l.ID), Project: slug, Sections: l.Sections}
	if full {
		active := state == links.Active
		j.Active, j.Label, j.State, j.Locale = &active, l.Label, state, l.Locale
		j.Created = l.Created.UTC().Format(time.RFC3339)
		j.Expires = l.Expires.String()
	}
	if j.Sections == nil {
		j.Sections = []project.Section{}
	}
	return j
}

func cmdLinkList(ctx context.Context, a *app, args []string) error {
	fs := a.flags("link list")
	all := fs.Bool("all", false, "also list deactivated and expired links")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("usage: vitrine link list [SLUG] [--all]")
	}
	cfg, s, err := a.openSite()
	if err != nil {
		return err
	}
	if len(pos) == 1 && s.Project(pos[0]) == nil {
		return projectError(cfg, s, pos[0])
	}
	now := a.now()
	out := []linkJSON{}
	ended := 0 // deactivated or expired links left out
	for _, p := range s.Projects {
		if len(pos) == 1 && p.Slug != pos[0] {
			continue
		}
		for i := range p.Links.Links {
			j := toJSON(cfg, p.Slug, &p.Links.Links[i], now, true)
			if *j.Active || *all {
				out = append(out, j)
			} else {
				ended++
			}
		}
	}
	if a.json {
		return a.emit(out)
	}
	if a.quiet {
		return nil
	}
	if err := a.linkTable(s, out); err != nil {
		return err
	}
	if ended > 0 && len(out) > 0 {
		a.printf("%d deactivated or expired links not listed; vitrine link list --all shows them.\n", ended)
	}
	if len(pos) == 0 {
		if len(out) > 0 {
			a.printf("\nvitrine link list SLUG also prints a message to send with each link of the project.\n")
		}
		return nil
	}
	for _, j := range out {
		if *j.Active {
			p, l, _ := s.Find(j.ID)
			if err := writeMessage(ctx, a.stdout, cfg, p, l); err != nil {
				return err
			}
		}
	}
	return nil
}

func cmdLinkSet(ctx context.Context, a *app, args []string) error {
	f, id, err := a.parseLinkFlags("link set", "link set ID [--sections …] [--show …] [--hide …] [--label …] [--locale …] [--expires …]", args)
	if err != nil {
		return err
	}
	id = strings.ToLower(id)
	cfg, s, p, err := a.findLink(id)
	if err != nil {
		return err
	}
	var changed links.Link
	now, loc := a.now(), cfg.Location()
	err = s.UpdateLinks(ctx, p, now, func(lf *links.File) error {
		return lf.Set(id, now, loc, func(l *links.Link) error {
			var err error
			if l.Sections, err = f.sectionsFrom(l.Sections); err != nil {
				return err
			}
			if err := f.apply(l); err != nil {
				return err
			}
			changed = *l
			return nil
		})
	})
	switch {
	case errors.Is(err, links.ErrDeactivated), errors.Is(err, links.ErrExpired):
		return endedError(p, p.Links.Find(id), now, loc, "cannot be changed or extended", err)
	case errors.Is(err, links.ErrExpiryPassed):
		return f.passedError(changed.Expires, now, loc)
	case err != nil:
		return err
	}
	if a.json {
		return a.emit(toJSON(cfg, p.Slug, &changed, now, true))
	}
	a.printf("Updated link %s of %s\n  label: %s\n  sections: %s\n  expires: %s\nRun vitrine publish to put the change online.\n",
		changed.ID, p.Slug, termSafe(cmp.Or(changed.Label, "-")), joinSections(changed.Sections), cmp.Or(changed.Expires.String(), "never"))
	return nil
}

// findLink finds the project that holds link id.
func (a *app) findLink(id string) (*config.Config, *site.Site, *site.Project, error) {
	cfg, s, err := a.openSite()
	if err != nil {
		return nil, nil, nil, err
	}
	p, _, ok := s.Find(strings.ToLower(id))
	if !ok {
		return nil, nil, nil, usagef("no link %s in any project; vitrine link list --all shows them", id)
	}
	return cfg, s, p, nil
}

func cmdLinkDeactivate(ctx context.Context, a *app, args []string) error {
	fs := a.flags("link deactivate")
	now := fs.Bool("publish", false, "delete the link's published objects now")
	pos, err := parse(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return usagef("usage: vitrine link deactivate ID [--publish]")
	}
	cfg, s, p, err := a.findLink(pos[0])
	if err != nil {
		return err
	}
	id := strings.ToLower(pos[0])
	at := a.now()
	err = s.UpdateLinks(ctx, p, at, func(lf *links.File) error { return lf.Deactivate(id, at) })
	switch {
	case errors.Is(err, links.ErrAlreadyDeactivated):
		a.printf("Link %s was already deactivated.\n", id)
	case err != nil:
		return err
	default:
		a.printf("Deactivated link %s of %s for good.\n", id, p.Slug)
	}
	if !*now {
		a.printf("Run vitrine publish to delete its page from %s.\n", where(cfg))
		return nil
	}
	store, err := site.OpenStore(ctx, cfg)
	if err != nil {
		return err
	}
	s.Waiting = a.waitingFor(where(cfg))
	n, err := s.RevokeNow(ctx, store, id)
	if err == nil {
		a.printf("Deleted %d objects of link %s from %s.\n", n, id, where(cfg))
	}
	return errors.Join(err, a.invalidate(ctx, cfg, []string{id}, false))
}

func slugs(s *site.Site) string {
	if len(s.Projects) == 0 {
		return "(none)"
	}
	out := make([]string, len(s.Projects))
	for i, p := range s.Projects {
		out[i] = p.Slug
	}
	return strings.Join(out, ", ")
}

func joinSections(s []project.Section) string {
	out := make([]string, len(s))
	for i, x := range s {
		out[i] = string(x)
	}
	return strings.Join(out, ",")
}

// where names the configured storage for messages.
func where(cfg *config.Config) string {
	if cfg.Storage.Type == "s3" {
		return termSafe("s3://" + cfg.Storage.S3.Bucket + "/" + cfg.Prefix + "/")
	}
	return termSafe(cfg.Path(cfg.Storage.Dir) + string(os.PathSeparator) + cfg.Prefix)
}

// openSite loads the config and opens its site.
//
// Problems in the records do not stop a link command: a typo in one
// project must not keep the office from deactivating a link in another.
// They are noted on stderr, and a project whose links.yaml cannot be read
// is missing from the Site.
func (a *app) openSite() (*config.Config, *site.Site, error) {
	cfg, err := a.loadConfig()
	if err != nil {
		return nil, nil, err
	}
	s, err := site.Open(cfg)
	var probs problem.List
	if err != nil && !probs.Add(err) {
		return nil, nil, err
	}
	if len(probs) > 0 {
		fmt.Fprintf(a.stderr, "vitrine: note: %d problems in the records (vitrine check lists them); going on with the rest\n", len(probs))
	}
	return cfg, s, nil
}

// projectError says why project slug is not in s: its links.yaml cannot
// be read, or there is no such project.
func projectError(cfg *config.Config, s *site.Site, slug string) error {
	if _, err := links.Load(filepath.Join(cfg.Path(cfg.Content), "projects", slug, "links.yaml")); err != nil {
		return err
	}
	return usagef("no project %q in %s; the projects are: %s", slug, cfg.Path(cfg.Content), slugs(s))
}
