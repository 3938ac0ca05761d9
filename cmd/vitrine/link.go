package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
	"github.com/vitrine/vitrine/internal/site"
)

func (a *app) linkCommand() *cobra.Command {
	c := &cobra.Command{
		Use:   "link",
		Short: "Manage read links: create, list, set, deactivate, qr",
		Long: `A read link is one customer's view of a project: a secret URL showing the
sections the office chose. Each link has an id, a random UUID that is the
last part of its URL; every command below that takes an ID also takes the
whole URL or the first 8 or more characters of the id, as link list shows them.

A deactivated link is dead for good; a new link gets a new URL.`,
		Example: `  vitrine link create dach-mueller --label "Familie Müller"
  vitrine link list
  vitrine link set 0b6c1f5e --hide zeiten
  vitrine link deactivate 0b6c1f5e --publish`,
		Args: subcommandArgs,
		RunE: showHelp,
	}
	c.AddCommand(a.linkCreateCommand(), a.linkListCommand(), a.linkSetCommand(), a.linkDeactivateCommand(), a.linkQRCommand())
	return c
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
	// Changed is set by link set: false when the link already was so.
	Changed *bool `json:"changed,omitempty"`
}

// linkFlags are the flags shared by link create and link set.
type linkFlags struct {
	label, locale, expires, sections, show, hide string
	changed                                      func(name string) bool
}

// register adds the flags to c. What a flag left out means differs:
// link create takes the config's defaults, link set keeps what the link
// has.
func (f *linkFlags) register(c *cobra.Command, create bool) {
	label, locale, expires, sections := "unchanged when left out", "unchanged when left out", "unchanged when left out; \"\" removes it", "unchanged when left out"
	if create {
		label, locale, expires, sections = "default: none", "default: locale of the config", "default: never", "default: defaults.sections of the config"
	}
	fs := c.Flags()
	fs.SortFlags = false
	fs.StringVar(&f.sections, "sections", "", "exact list of `SECTIONS`, comma-separated, by English or German name; "+sections)
	fs.StringVar(&f.show, "show", "", "`SECTIONS` to add to the list, comma-separated; default: none")
	fs.StringVar(&f.hide, "hide", "", "`SECTIONS` to remove from the list, comma-separated; default: none")
	fs.StringVar(&f.label, "label", "", "who the link is for, e.g. the customer's `NAME`; "+label)
	fs.StringVar(&f.locale, "locale", "", "page language, `de|en`; "+locale)
	fs.StringVar(&f.expires, "expires", "", "last `DAY` the link works, 2027-01-31 or 31.01.2027; "+expires)
	for _, name := range []string{"sections", "show", "hide"} {
		_ = c.RegisterFlagCompletionFunc(name, completeSections)
	}
	_ = c.RegisterFlagCompletionFunc("locale", cobra.FixedCompletions([]cobra.Completion{"de", "en"}, cobra.ShellCompDirectiveNoFileComp))
	f.changed = fs.Changed
}

func (f *linkFlags) sectionsFrom(current []project.Section) ([]project.Section, error) {
	var set []string
	if f.changed("sections") {
		set = splitList(f.sections)
		if len(set) == 0 {
			return nil, usagef("--sections needs at least one section; valid sections are %s; in German %s", project.SectionList(), project.GermanSectionList())
		}
	}
	s, err := links.EditSections(current, set, splitList(f.show), splitList(f.hide))
	if err != nil {
		return nil, &usageError{msg: err.Error()}
	}
	return s, nil
}

func (f *linkFlags) apply(l *links.Link) error {
	if f.changed("label") {
		l.Label = f.label
	}
	if f.changed("locale") {
		if f.locale != "de" && f.locale != "en" {
			return usagef("--locale %q: use de or en", f.locale)
		}
		l.Locale = f.locale
	}
	if f.changed("expires") {
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
		return &usageError{msg: err.Error()}
	}
	return usagef("link %s %s, so it %s; its page is offline. To give the customer a page again, create a new link: vitrine link create %s",
		l.ID, why, what, p.Slug)
}

func (a *app) linkCreateCommand() *cobra.Command {
	f := &linkFlags{}
	c := &cobra.Command{
		Use:   "create SLUG",
		Short: "Create a read link for a project",
		Long: `Create a read link for the project in site/projects/SLUG: a new secret URL
showing the sections of defaults.sections in the config, changed by the
flags. It prints the URL and a message to send to the customer; the page
is online after the next vitrine publish.

The sections, by English or German name:` + sectionNames(),
		Example: `  vitrine link create dach-mueller --label "Familie Müller"
  vitrine link create dach-mueller --label Architekt --sections übersicht,fotos,termine --expires 31.03.2027
  vitrine link create dach-mueller --show kosten --hide zeiten --locale en`,
		Args:              argCount(1, 1),
		ValidArgsFunction: a.completeProject,
		RunE: func(c *cobra.Command, args []string) error {
			return a.linkCreate(c.Context(), f, args[0])
		},
	}
	f.register(c, true)
	return c
}

// sectionNames lists the sections as the office may name them, for a
// command's help.
func sectionNames() string {
	var b strings.Builder
	for _, s := range project.AllSections {
		fmt.Fprintf(&b, "\n  %-17s %s", s, strings.ToLower(project.SectionNames["de"][s]))
	}
	return b.String()
}

func (a *app) linkCreate(ctx context.Context, f *linkFlags, slug string) error {
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

func (a *app) linkListCommand() *cobra.Command {
	var all bool
	c := &cobra.Command{
		Use:   "list [SLUG]",
		Short: "List the links and their URLs",
		Long: `List the active links of every project, or of project SLUG, with their
URLs. The ID column shows the shortest start of each id that no other link
shares (8 characters or more): the other link commands take it, as they
take the whole id or the URL.

With SLUG, it also prints the message to send with each link.`,
		Example: `  vitrine link list
  vitrine link list dach-mueller
  vitrine link list --all --json`,
		Args:              argCount(0, 1),
		ValidArgsFunction: a.completeProject,
		RunE: func(c *cobra.Command, args []string) error {
			return a.linkList(c.Context(), args, all)
		},
	}
	c.Flags().BoolVar(&all, "all", false, "also list deactivated and expired links")
	return c
}

func (a *app) linkList(ctx context.Context, pos []string, all bool) error {
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
			if *j.Active || all {
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

func (a *app) linkSetCommand() *cobra.Command {
	f := &linkFlags{}
	c := &cobra.Command{
		Use:   "set ID",
		Short: "Change the sections, label, language or expiry of a link",
		Long: `Change what link ID shows and to whom: its sections, label, page language or
last day. Only the flags given change; the URL stays the same, so the
customer keeps the link. The change is online after the next vitrine
publish. A deactivated or expired link cannot be changed.

ID is the link's id, its URL, or the start of its id as vitrine link list
shows it.

The sections, by English or German name:` + sectionNames(),
		Example: `  vitrine link set 0b6c1f5e --hide zeiten
  vitrine link set 0b6c1f5e --sections übersicht,fotos --label "Familie Müller"
  vitrine link set https://projekte.example.de/p/0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e21/ --expires 31.01.2027`,
		Args:              argCount(1, 1),
		ValidArgsFunction: a.completeLink,
		RunE: func(c *cobra.Command, args []string) error {
			if !slices.ContainsFunc([]string{"sections", "show", "hide", "label", "locale", "expires"}, f.changed) {
				return &usageError{msg: "link set needs a change: give --sections, --show, --hide, --label, --locale or --expires", cmd: c}
			}
			return a.linkSet(c.Context(), f, args[0])
		},
	}
	f.register(c, false)
	return c
}

// errUnchanged stops a links.yaml update that would write what is there.
var errUnchanged = errors.New("unchanged")

func (a *app) linkSet(ctx context.Context, f *linkFlags, arg string) error {
	cfg, s, p, id, err := a.findLink(arg)
	if err != nil {
		return err
	}
	var changed links.Link
	now, loc := a.now(), cfg.Location()
	err = s.UpdateLinks(ctx, p, now, func(lf *links.File) error {
		return lf.Set(id, now, loc, func(l *links.Link) error {
			before := *l
			var err error
			if l.Sections, err = f.sectionsFrom(l.Sections); err != nil {
				return err
			}
			if err := f.apply(l); err != nil {
				return err
			}
			changed = *l
			if slices.Equal(before.Sections, l.Sections) && before.Label == l.Label && before.Locale == l.Locale && before.Expires.String() == l.Expires.String() {
				return errUnchanged
			}
			return nil
		})
	})
	same := errors.Is(err, errUnchanged)
	switch {
	case same:
	case errors.Is(err, links.ErrDeactivated), errors.Is(err, links.ErrExpired):
		return endedError(p, p.Links.Find(id), now, loc, "cannot be changed or extended", err)
	case errors.Is(err, links.ErrExpiryPassed):
		return f.passedError(changed.Expires, now, loc)
	case err != nil:
		return err
	}
	if a.json {
		j := toJSON(cfg, p.Slug, &changed, now, true)
		j.Changed = ptr(!same)
		return a.emit(j)
	}
	verb, next := "Updated", "Run vitrine publish to put the change online."
	if same {
		verb, next = "Nothing to change in", "links.yaml is as it was."
	}
	a.printf("%s link %s of %s\n  label: %s\n  sections: %s\n  expires: %s\n%s\n",
		verb, changed.ID, p.Slug, termSafe(cmp.Or(changed.Label, "-")), joinSections(changed.Sections), cmp.Or(changed.Expires.String(), "never"), next)
	return nil
}

func ptr[T any](v T) *T { return &v }

// findLink finds the link that arg names (site.Resolve) and its project.
func (a *app) findLink(arg string) (*config.Config, *site.Site, *site.Project, string, error) {
	cfg, s, err := a.openSite()
	if err != nil {
		return nil, nil, nil, "", err
	}
	p, l, err := s.Resolve(arg)
	if err != nil {
		return nil, nil, nil, "", &usageError{msg: termSafe(err.Error())}
	}
	return cfg, s, p, l.ID, nil
}

func (a *app) linkDeactivateCommand() *cobra.Command {
	var now bool
	c := &cobra.Command{
		Use:   "deactivate ID",
		Short: "Deactivate a link for good",
		Long: `Deactivate link ID for good: its page goes offline with the next vitrine
publish, or at once with --publish. No command brings a deactivated link
back; to give the customer a page again, create a new link, which gets a
new URL.

ID is the link's id, its URL, or the start of its id as vitrine link list
shows it.`,
		Example: `  vitrine link deactivate 0b6c1f5e
  vitrine link deactivate 0b6c1f5e --publish
  vitrine link deactivate https://projekte.example.de/p/0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e21/ --json`,
		Args:              argCount(1, 1),
		ValidArgsFunction: a.completeLink,
		RunE: func(c *cobra.Command, args []string) error {
			return a.linkDeactivate(c.Context(), args[0], now)
		},
	}
	c.Flags().BoolVar(&now, "publish", false, "delete the link's pages from the storage now, not with the next publish")
	return c
}

// deactivateJSON is what link deactivate --json prints.
type deactivateJSON struct {
	ID      string `json:"id"`
	Project string `json:"project"`
	// Changed is false when the link was deactivated already.
	Changed bool `json:"changed"`
	// Deleted counts the objects deleted with --publish.
	Deleted *int `json:"deleted,omitempty"`
}

func (a *app) linkDeactivate(ctx context.Context, arg string, now bool) error {
	cfg, s, p, id, err := a.findLink(arg)
	if err != nil {
		return err
	}
	at := a.now()
	out := deactivateJSON{ID: id, Project: p.Slug, Changed: true}
	err = s.UpdateLinks(ctx, p, at, func(lf *links.File) error { return lf.Deactivate(id, at) })
	switch {
	case errors.Is(err, links.ErrAlreadyDeactivated):
		out.Changed = false
		a.printf("Link %s was already deactivated; nothing changed.\n", id)
	case err != nil:
		return err
	default:
		a.printf("Deactivated link %s of %s for good.\n", id, p.Slug)
	}
	if !now {
		if out.Changed {
			a.printf("Run vitrine publish to delete its page from %s.\n", where(cfg))
		}
		return a.emitJSON(out)
	}
	store, err := site.OpenStore(ctx, cfg)
	if err != nil {
		return err
	}
	s.Waiting = a.waitingFor(where(cfg))
	n, err := s.RevokeNow(ctx, store, id)
	if err == nil {
		out.Deleted = &n
		a.printf("Deleted %d objects of link %s from %s.\n", n, id, where(cfg))
	}
	err = errors.Join(err, a.invalidate(ctx, cfg, []string{id}, false))
	if err != nil {
		return err
	}
	return a.emitJSON(out)
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
