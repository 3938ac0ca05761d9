package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/vitrine/vitrine/internal/benchsite"
)

// comparison measures every step for one number of links.
type comparison struct {
	vitrine    string
	runs       int
	buildsOnly bool
	hugoMax    int
	srv        *server
	dir        string // this comparison's scratch folder
	step       *step
	site       *benchsite.Site
	r          result
}

// perPage are the files each tool writes into every link's folder besides
// index.html.
var perPage = []string{"times.csv", "style.css", "icon.svg"}

func (c *comparison) run(ctx context.Context, n int) (*result, error) {
	if err := os.MkdirAll(c.step.logs, 0o755); err != nil {
		return nil, err
	}
	site, err := benchsite.Write(filepath.Join(c.dir, "site"), n)
	if err != nil {
		return nil, fmt.Errorf("write the site: %w", err)
	}
	c.site, c.r.Links = site, n
	if err := c.builds(ctx); err != nil {
		return nil, err
	}
	if c.buildsOnly {
		return &c.r, nil
	}
	if err := c.publishes(ctx); err != nil {
		return nil, err
	}
	return &c.r, nil
}

func (c *comparison) builds(ctx context.Context) error {
	vdir, out, hout := c.site.Vitrine(), c.path("out-vitrine"), c.path("out-hugo")
	build := []string{c.vitrine, "build", "--out", out}
	cold, err := c.step.best(ctx, c.runs, "vitrine cold build", vdir, func(int) ([]string, error) {
		return build, removeAll(filepath.Join(vdir, ".vitrine"), out)
	})
	if err != nil {
		return err
	}
	if c.r.Objects, err = checkPages(out, c.site.IDs); err != nil {
		return fmt.Errorf("vitrine build: %w", err)
	}
	warm, err := c.step.best(ctx, c.runs, "vitrine warm build", vdir, func(int) ([]string, error) { return build, nil })
	if err != nil {
		return err
	}
	c.r.Builds = []row{
		{Work: fmt.Sprintf("cold build, %d links", c.r.Links), Vitrine: cold},
		{Work: "warm build (nothing changed)", Vitrine: warm},
	}
	if c.r.Links > c.hugoMax {
		return nil
	}
	hugo, err := c.step.best(ctx, c.runs, "hugo build", c.site.Hugo(), func(int) ([]string, error) {
		return []string{"hugo", "--quiet", "-s", c.site.Hugo(), "-d", hout}, removeAll(hout)
	})
	if err != nil {
		return err
	}
	if _, err := checkPages(hout, c.site.IDs); err != nil {
		return fmt.Errorf("hugo: %w", err)
	}
	c.r.Builds[0].Ref, c.r.Builds[0].Other = "Hugo", hugo
	return nil
}

// publishes measures the first upload of the built tree, each run into a
// new bucket, then publishing it again with nothing changed.
func (c *comparison) publishes(ctx context.Context) error {
	vdir, tree := c.site.Vitrine(), filepath.Join(c.path("out-vitrine"), "p")
	bucket, last := c.bucket, c.bucket(c.runs-1)
	publish := []string{c.vitrine, "--config", "s3.yaml", "publish"}
	rclone := func(run int) []string {
		return []string{"rclone", "sync", "--checksum", tree, "bench:" + bucket(run) + "/rclone/p"}
	}
	aws := func(tree, bucket string) []string {
		return []string{"aws", "s3", "sync", tree, "s3://" + bucket + "/aws/p", "--endpoint-url", c.srv.URL, "--only-show-errors", "--no-progress"}
	}
	steps := []struct {
		name   string
		dir    string
		args   func(run int) ([]string, error)
		expect func(counts) error
	}{
		{"vitrine first publish", vdir, func(run int) ([]string, error) {
			if run > 0 {
				if err := c.srv.dropBucket(bucket(run - 1)); err != nil {
					return nil, err
				}
			}
			return publish, c.newBucket(ctx, bucket(run))
		}, c.uploadedAll},
		{"rclone first sync", c.dir, func(run int) ([]string, error) { return rclone(run), nil }, c.uploadedAll},
		{"aws first sync", c.dir, func(run int) ([]string, error) { return aws(tree, bucket(run)), nil }, c.uploadedAll},
		{"vitrine no-change publish", vdir, func(int) ([]string, error) { return publish, nil }, changedNothing},
		{"vitrine no-change publish without build cache", vdir, func(int) ([]string, error) {
			return publish, removeAll(filepath.Join(vdir, ".vitrine"))
		}, changedNothing},
		{"rclone no-change sync", c.dir, func(int) ([]string, error) { return rclone(c.runs - 1), nil }, changedNothing},
		{"aws no-change sync", c.dir, func(int) ([]string, error) { return aws(tree, last), nil }, changedNothing},
		{"aws sync of a rebuilt tree", c.dir, func(int) ([]string, error) {
			// A fresh checkout builds files with new times, which is all
			// aws s3 sync compares besides sizes.
			rebuilt := c.path("out-rebuilt")
			if err := removeAll(rebuilt); err != nil {
				return nil, err
			}
			cmd := exec.CommandContext(ctx, c.vitrine, "build", "--out", rebuilt)
			cmd.Dir = vdir
			if out, err := cmd.CombinedOutput(); err != nil {
				return nil, fmt.Errorf("rebuild: %w\n%s", err, out)
			}
			return aws(filepath.Join(rebuilt, "p"), last), nil
		}, nil},
	}
	m := map[string]measure{}
	for _, s := range steps {
		got, err := c.step.best(ctx, c.runs, s.name, s.dir, s.args)
		if err != nil {
			return err
		}
		if s.expect != nil {
			if err := s.expect(got.Requests); err != nil {
				return fmt.Errorf("%s: %w (requests: %s)", s.name, err, requests(got.Requests))
			}
		}
		m[s.name] = got
		c.r.Steps = append(c.r.Steps, named{s.name, got})
	}
	c.r.Publishes = []row{
		{Work: "first publish (build cache warm)", Vitrine: m["vitrine first publish"], Ref: "rclone sync --checksum", Other: m["rclone first sync"]},
		{Work: "first publish (build cache warm)", Vitrine: m["vitrine first publish"], Ref: "aws s3 sync", Other: m["aws first sync"]},
		{Work: "no-change publish", Vitrine: m["vitrine no-change publish"], Ref: "rclone sync --checksum", Other: m["rclone no-change sync"]},
		{Work: "no-change publish", Vitrine: m["vitrine no-change publish"], Ref: "aws s3 sync of a rebuilt tree", Other: m["aws sync of a rebuilt tree"]},
		{Work: "no-change publish without build cache", Vitrine: m["vitrine no-change publish without build cache"], Ref: "rclone sync --checksum", Other: m["rclone no-change sync"]},
	}
	return nil
}

// newBucket creates bucket and points vitrine's s3.yaml at it, through the
// proxy.
func (c *comparison) newBucket(ctx context.Context, bucket string) error {
	if err := c.srv.newBucket(ctx, bucket); err != nil {
		return err
	}
	config := benchsite.Config(fmt.Sprintf("type: s3\n  s3:\n    bucket: %s\n    region: %s\n    endpoint: %s\n    path_style: true", bucket, region, c.srv.URL))
	return os.WriteFile(filepath.Join(c.site.Vitrine(), "s3.yaml"), []byte(config), 0o644)
}

// bucket names the bucket that the first publishing of run uses, and
// every later step of the last run.
func (c *comparison) bucket(run int) string { return fmt.Sprintf("n%d-%d", c.r.Links, run+1) }

func (c *comparison) path(name string) string { return filepath.Join(c.dir, name) }

// uploadedAll checks that a first upload put every object of the tree.
func (c *comparison) uploadedAll(n counts) error {
	if n["PUT"] < c.r.Objects {
		return fmt.Errorf("%d PUT for %d objects: not everything was uploaded", n["PUT"], c.r.Objects)
	}
	return nil
}

// changedNothing checks that a publish with nothing to do wrote nothing.
func changedNothing(n counts) error {
	if w := n["PUT"] + n["DELETE"] + n["DeleteObjects"]; w > 0 {
		return fmt.Errorf("%d writes with nothing changed", w)
	}
	return nil
}

// checkPages checks that out holds a complete page for every link, with
// its files, and returns the number of files under out/p.
func checkPages(out string, ids []string) (int, error) {
	var problems []error
	for _, id := range ids {
		dir := filepath.Join(out, "p", id)
		page, err := os.ReadFile(filepath.Join(dir, "index.html"))
		if err != nil {
			problems = append(problems, err)
			continue
		}
		for _, m := range benchsite.Markers {
			if !strings.Contains(string(page), m) {
				problems = append(problems, fmt.Errorf("%s: no %q: the page is incomplete", filepath.Join(dir, "index.html"), m))
			}
		}
		for _, f := range perPage {
			if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
				problems = append(problems, err)
			}
		}
		if len(problems) > 5 {
			break
		}
	}
	files := 0
	err := filepath.WalkDir(filepath.Join(out, "p"), func(_ string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files++
		}
		return err
	})
	return files, errors.Join(append(problems, err)...)
}

func removeAll(paths ...string) error {
	for _, p := range paths {
		if err := os.RemoveAll(p); err != nil {
			return err
		}
	}
	return nil
}

// free removes what the comparison wrote, once it is done, so that the
// next number of links has the disk to itself.
func (c *comparison) free() error {
	return errors.Join(c.srv.dropBucket(c.bucket(c.runs-1)), os.RemoveAll(c.dir))
}
