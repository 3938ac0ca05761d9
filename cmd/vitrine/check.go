package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vitrine/vitrine/internal/cdn"
	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/publish"
	"github.com/vitrine/vitrine/internal/site"
	"github.com/vitrine/vitrine/internal/storage/s3"
)

func (a *app) checkCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Check the config, the records and the storage",
		Long: `Check config.yaml and every project's records without publishing: each
problem is listed with its file, line and field, and what to do. For an s3
storage, check also makes sure the bucket can be reached and that nobody
else can list it (a listing shows every link id). Links that the storage
marks deactivated but the records hold active are problems too.

It warns while the company name, the contact e-mail or base_url are still
the examples of vitrine init. Exit status 2 when there is a problem.`,
		Example: `  vitrine check
  vitrine check --json`,
		Args: argCount(0, 0),
		RunE: func(c *cobra.Command, _ []string) error {
			out := checkJSON{Problems: []problemJSON{}, Warnings: []string{}}
			err := a.check(c.Context(), &out)
			if !a.json {
				return err
			}
			// Whatever stopped it, check --json prints its one object.
			if err != nil {
				var probs problem.List
				if !probs.Add(err) {
					probs = problem.List{{Msg: err.Error()}}
				}
				out.Problems = problemsJSON(probs)
			}
			return errors.Join(a.emit(out), err)
		},
	}
}

// checkJSON is what check --json prints.
type checkJSON struct {
	OK           bool          `json:"ok"`
	Problems     []problemJSON `json:"problems"`
	Warnings     []string      `json:"warnings"`
	Projects     int           `json:"projects"`
	ActiveLinks  int           `json:"active_links"`
	ExpiredLinks int           `json:"expired_links"`
	UnroutedRows int           `json:"unrouted_rows"`
}

// problemJSON is a problem in the records, for --json.
type problemJSON struct {
	File    string `json:"file,omitempty"`
	Line    int    `json:"line,omitempty"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
	Hint    string `json:"hint,omitempty"`
}

func problemsJSON(l problem.List) []problemJSON {
	out := make([]problemJSON, len(l))
	for i, p := range l {
		out[i] = problemJSON{File: p.File, Line: p.Line, Field: p.Field, Message: p.Msg, Hint: p.Hint}
	}
	return out
}

// check checks the site of the config, filling out as it goes, so that
// --json tells what it found also when a check fails.
func (a *app) check(ctx context.Context, out *checkJSON) error {
	cfg, err := a.loadConfig()
	if err != nil {
		return err
	}
	if !strings.HasPrefix(cfg.BaseURL, "https://") {
		out.Warnings = append(out.Warnings, "base_url "+cfg.BaseURL+" is not https: anyone on the way between customer and CDN can read the link ids in the URLs")
	}
	for _, p := range cfg.Placeholders() {
		out.Warnings = append(out.Warnings, p.Error())
	}
	for _, w := range out.Warnings {
		a.logger().Warn(w)
	}
	// Go on after each problem, so that the office sees all of them at once.
	var probs problem.List
	s, err := site.Open(cfg)
	if err != nil && !probs.Add(err) {
		return err
	}
	out.Projects = len(s.Projects)
	unrouted, importErr := s.ImportReport(ctx)
	out.UnroutedRows = len(unrouted)
	for _, err := range []error{s.Check(ctx), rendererErr(s, a.now()), importErr} {
		if err != nil && !probs.Add(err) {
			return err
		}
	}
	// Rows of projects vitrine does not know are normal in an export for
	// the whole company; the office should still see them, in case one is
	// a project under a name project.yaml does not list.
	for _, u := range unrouted {
		a.warnUnrouted(u)
	}
	if err := probs.Err(); err != nil {
		return err
	}
	storageOK, err := a.checkStorage(ctx, cfg)
	if err != nil {
		return err
	}
	now := a.now()
	active := s.Active(now)
	if err := markedActive(ctx, cfg, s, active); err != nil {
		return err
	}
	expired := expiredLinks(s, now)
	out.OK, out.ActiveLinks, out.ExpiredLinks = true, len(active), len(expired)
	a.printf("OK: %s is valid; %d projects, %d active links.\n", a.configPath, len(s.Projects), len(active))
	for _, e := range expired {
		a.printf("  expired: %s\n", e)
	}
	if storageOK != "" {
		a.printf("OK: %s\n", storageOK)
	}
	a.checkGone(ctx, cfg, s, out)
	return nil
}

// markedActive returns a problem for each active link that the storage
// marks as deactivated: records older than a deactivation made elsewhere.
// Publish leaves such a link offline and reports the same.
func markedActive(ctx context.Context, cfg *config.Config, s *site.Site, active []string) error {
	store, err := site.OpenStore(ctx, cfg)
	if err != nil {
		return err
	}
	marked, err := publish.Marked(ctx, store, cfg.Prefix)
	if err != nil {
		return err
	}
	var probs problem.List
	for _, id := range active {
		if marked(id) {
			probs = append(probs, s.MarkedProblem(id))
		}
	}
	return probs.Err()
}

// expiredLinks describes the links that have expired and are not
// deactivated, for the office to see which ones ended by themselves.
func expiredLinks(s *site.Site, now time.Time) []string {
	var out []string
	for _, p := range s.Projects {
		for i := range p.Links.Links {
			l := &p.Links.Links[i]
			if l.StateAt(now, s.Config.Location()) == links.Expired {
				out = append(out, fmt.Sprintf("%s %s %s (expired after %s)", p.Slug, l.ID, strconv.Quote(l.Label), l.Expires))
			}
		}
	}
	return out
}

// rendererErr returns the faults of the theme: of the pages and of the
// page for ended links.
func rendererErr(s *site.Site, now time.Time) error {
	if _, err := s.Build(now); err != nil {
		return err
	}
	_, err := s.Gone()
	return err
}

// goneTimeout bounds the question checkGone asks the CDN.
const goneTimeout = 15 * time.Second

// checkGone asks the public address of a link that does not exist for its
// page and says whether it is the gone page: whether the CDN or web server
// shows customers of ended links a kind word rather than an error. It
// warns only when it can tell: without an answer, it says so.
func (a *app) checkGone(ctx context.Context, cfg *config.Config, s *site.Site, out *checkJSON) {
	for _, p := range cfg.Placeholders() {
		if p.Field == "base_url" {
			return // nobody's address: nothing to ask
		}
	}
	page, err := s.Gone()
	if err != nil {
		return // a fault of the theme, which check reported
	}
	id, err := links.NewID()
	if err != nil {
		return
	}
	url := cfg.LinkURL(id)
	ctx, cancel := context.WithTimeout(ctx, goneTimeout)
	defer cancel()
	body, status, err := cdn.Answer(ctx, &http.Client{}, url)
	if err != nil {
		a.printf("Note: could not ask %s (%v), so cannot tell whether ended links show %s.\n", termSafe(url), err, publish.GoneKey(cfg.Prefix))
		return
	}
	// The stored page may be older than the config or the program: it is
	// the one to find in the answer.
	stored := storedGone(ctx, cfg)
	switch {
	case bytes.Equal(body, page):
		a.printf("OK: ended links show %s.\n", publish.GoneKey(cfg.Prefix))
	case stored != nil && bytes.Equal(body, stored):
		a.printf("OK: ended links show %s, as it was published; vitrine publish brings it up to date.\n", publish.GoneKey(cfg.Prefix))
	default:
		w := fmt.Sprintf("%s, the address of a link that does not exist, answers with HTTP %d but not with the page %s: "+
			"the customers of ended links see an error; after vitrine publish, make %s the error page of the CDN or web server (README: When a link has ended)",
			url, status, publish.GoneKey(cfg.Prefix), publish.GoneKey(cfg.Prefix))
		out.Warnings = append(out.Warnings, w)
		a.logger().Warn(w)
	}
}

// storedGone returns the gone page as the storage of cfg holds it, or nil.
func storedGone(ctx context.Context, cfg *config.Config) []byte {
	store, err := site.OpenStore(ctx, cfg)
	if err != nil {
		return nil
	}
	r, err := store.Open(ctx, publish.GoneKey(cfg.Prefix))
	if err != nil {
		return nil
	}
	defer r.Close()
	b, err := io.ReadAll(r)
	if err != nil {
		return nil
	}
	return b
}

// checkStorage checks that an s3 bucket can be reached with the configured
// credentials and cannot be listed by anyone else: a listing shows every
// link id, which is all it takes to read a customer's page. It returns
// what it found fine, or "" when there was nothing to check.
func (a *app) checkStorage(ctx context.Context, cfg *config.Config) (string, error) {
	if cfg.Storage.Type != "s3" {
		return "", nil
	}
	st, err := site.OpenS3(ctx, cfg)
	if err != nil {
		return "", err
	}
	prefix := cfg.Prefix + "/"
	if err := st.Reachable(ctx, prefix); err != nil {
		return "", err
	}
	err = st.CheckPrivate(ctx, prefix)
	if errors.Is(err, s3.ErrListable) {
		fmt.Fprintf(a.stderr, "A bucket policy that lets anyone read the pages but not list them:\n%s", bucketPolicy(cfg))
		return "", fmt.Errorf("%s: %w, and with it every link id; allow anonymous s3:GetObject on %s* only, "+
			"remove any grant of s3:ListBucket to everyone and any public bucket ACL", where(cfg), err, prefix)
	}
	if err != nil {
		return "", fmt.Errorf("cannot tell whether anyone can list the bucket: %w", err)
	}
	return where(cfg) + " is reachable, and anonymous listing is refused.", nil
}

// bucketPolicy returns a policy that allows anonymous GET of the link
// folders and nothing else.
func bucketPolicy(cfg *config.Config) string {
	return fmt.Sprintf(`{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "ReadLinkPages",
      "Effect": "Allow",
      "Principal": "*",
      "Action": "s3:GetObject",
      "Resource": "arn:aws:s3:::%s/%s/*"
    }
  ]
}
`, cfg.Storage.S3.Bucket, cfg.Prefix)
}
