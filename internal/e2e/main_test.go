package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// vitrineBin is the vitrine binary that TestMain builds once per run.
var vitrineBin string

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	tmp, err := os.MkdirTemp("", "vitrine-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(tmp)
	vitrineBin = filepath.Join(tmp, "vitrine")
	build := exec.Command("go", "build", "-o", vitrineBin, "github.com/vitrine/vitrine/cmd/vitrine")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "build vitrine: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// seedEnv overrides the seed of the random choices, to reproduce a run.
const seedEnv = "VITRINE_E2E_SEED"

// newRand returns a generator seeded from $VITRINE_E2E_SEED, or from the
// clock, and logs the seed: every random choice of a test (which request
// fails, when a process is killed) can be replayed.
func newRand(t *testing.T) *rand.Rand {
	t.Helper()
	seed := uint64(time.Now().UnixNano())
	if v := os.Getenv(seedEnv); v != "" {
		var err error
		if seed, err = strconv.ParseUint(v, 10, 64); err != nil {
			t.Fatalf("%s: %v", seedEnv, err)
		}
	}
	t.Logf("random seed %d; rerun with %s=%d to repeat the choices", seed, seedEnv, seed)
	return rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
}

// demoSite is the folder of the demo records at the root of the module.
func demoSite(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("..", "..", "site"))
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// configTemplate is the demo configuration with the storage block left
// open (%s), and enough concurrency that retries overlap.
const configTemplate = `company:
  name: Malerbetrieb Beispiel GmbH
  contact: "info@example.de · 0251 123456"
  logo: site/logo.svg
content: site
locale: de
timezone: Europe/Berlin
base_url: https://projekte.example.de
prefix: p
storage:
%s
publish:
  concurrency: 8
`

// prefix is the storage prefix of configTemplate.
const prefix = "p"

// dirStorage is the storage block for the folder public.
const dirStorage = "  type: dir\n  dir: public"

// s3Storage returns the storage block for bucket at endpoint.
func s3Storage(bucket, endpoint string) string {
	return fmt.Sprintf("  type: s3\n  s3:\n    bucket: %s\n    region: us-east-1\n    endpoint: %s\n    path_style: true", bucket, endpoint)
}

// site is a copy of the demo records with its own config.yaml, in a
// temporary folder, on which the test runs vitrine as the office does.
type site struct {
	t   *testing.T
	dir string   // holds config.yaml, site/, and for dir storage public/
	env []string // added to the environment of every command
	// built remembers the desired state by the fingerprint of the records.
	built map[string]desiredState
}

// newSite copies the demo records into a new folder and writes a
// config.yaml with the given storage block.
func newSite(t *testing.T, storage string, env []string) *site {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(filepath.Join(dir, "site"), os.DirFS(demoSite(t))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "config.yaml"), fmt.Appendf(nil, configTemplate, storage), 0o644); err != nil {
		t.Fatal(err)
	}
	return &site{t: t, dir: dir, env: env}
}

// path returns the absolute path of rel, a slash-separated path in the site
// folder.
func (s *site) path(rel string) string { return filepath.Join(s.dir, filepath.FromSlash(rel)) }

// result is what a finished command did.
type result struct {
	args           []string
	code           int
	stdout, stderr string
	took           time.Duration
}

func (r result) String() string {
	return fmt.Sprintf("vitrine %q exited %d after %v\nstdout:\n%s\nstderr:\n%s", r.args, r.code, r.took.Round(time.Millisecond), r.stdout, r.stderr)
}

// command returns vitrine with args, ready to start in the site folder.
func (s *site) command(args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	cmd := exec.Command(vitrineBin, args...)
	cmd.Dir = s.dir
	cmd.Env = append(os.Environ(), s.env...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	return cmd, &stdout, &stderr
}

// run runs vitrine with args to the end.
func (s *site) run(args ...string) result {
	s.t.Helper()
	cmd, stdout, stderr := s.command(args...)
	start := time.Now()
	err := cmd.Run()
	r := result{args: args, stdout: stdout.String(), stderr: stderr.String(), took: time.Since(start)}
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		r.code = exit.ExitCode()
	case err != nil:
		s.t.Fatalf("run vitrine %q: %v", args, err)
	}
	return r
}

// must runs vitrine with args and fails the test unless it exits 0.
func (s *site) must(args ...string) result {
	s.t.Helper()
	r := s.run(args...)
	if r.code != 0 {
		s.t.Fatalf("%s", r)
	}
	return r
}

// link is a link as `vitrine link list --all --json` prints it.
type link struct {
	ID       string   `json:"id"`
	Project  string   `json:"project"`
	Sections []string `json:"sections"`
	Active   bool     `json:"active"`
}

// links lists every link of the records, active or not.
func (s *site) links() []link {
	s.t.Helper()
	var out []link
	if err := json.Unmarshal([]byte(s.must("link", "list", "--all", "--json").stdout), &out); err != nil {
		s.t.Fatalf("link list --json: %v", err)
	}
	return out
}

// activeLink returns the first active link of project slug.
func (s *site) activeLink(slug string) link {
	s.t.Helper()
	for _, l := range s.links() {
		if l.Project == slug && l.Active {
			return l
		}
	}
	s.t.Fatalf("project %s has no active link", slug)
	return link{}
}

// copyFile copies the file from to to, both relative to the site folder.
func (s *site) copyFile(from, to string) {
	s.t.Helper()
	b, err := os.ReadFile(s.path(from))
	if err != nil {
		s.t.Fatal(err)
	}
	if err := os.WriteFile(s.path(to), b, 0o644); err != nil {
		s.t.Fatal(err)
	}
}

// walkFiles calls fn for every regular file below root with its path
// relative to root, slash-separated; a missing root has no files.
func walkFiles(root string, fn func(rel string, d fs.DirEntry) error) error {
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() {
			return nil
		}
		rel, err := filepath.Rel(root, p)
		if err != nil {
			return err
		}
		return fn(filepath.ToSlash(rel), d)
	})
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}
