// Command benchcompare measures vitrine against Hugo, rclone and the AWS
// CLI on the same synthetic content (internal/benchsite): cold and warm
// builds against a Hugo build, and publishing to versitygw, through a proxy
// that counts requests by kind, against `rclone sync --checksum` and
// `aws s3 sync`. It prints a Markdown table; `make bench-compare` runs it.
// It is not part of vitrine.
//
//	go run ./scripts/benchcompare -n 1000,10000 -runs 3 -out bench-compare.md
//	go run ./scripts/benchcompare -smoke
//
// -smoke runs every step once on a few links and checks that each worked;
// CI runs it. Timings of a smoke run mean nothing.
package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
)

// smokeLinks is the number of links of a smoke run.
const smokeLinks = 3

type options struct {
	links     []int
	runs      int
	work      string
	keep      bool
	vitrine   string
	versitygw string
	smoke     bool
	// builds skips the publishing: 50,000 links build in minutes, while
	// uploading them with every tool takes hours.
	builds bool
	// hugoMax is the most links Hugo is asked to build: it holds every
	// page in memory, 5 GB for 10,000 of them.
	hugoMax int
	out     string
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	switch {
	case errors.Is(err, flag.ErrHelp):
		os.Exit(2)
	case errors.As(err, new(usageError)):
		fmt.Fprintln(os.Stderr, "benchcompare:", err)
		os.Exit(2)
	case err != nil:
		fmt.Fprintln(os.Stderr, "benchcompare:", err)
		os.Exit(1)
	}
}

type usageError struct{ error }

func parseFlags(args []string, stderr io.Writer) (options, error) {
	o := options{}
	fs := flag.NewFlagSet("benchcompare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	n := fs.String("n", "1000", "number of links, or a comma-separated list of numbers")
	fs.IntVar(&o.runs, "runs", 3, "runs of each step; the fastest counts")
	fs.StringVar(&o.work, "work", "", "scratch folder, new or empty (default: a temporary folder); removed at the end unless -keep")
	fs.BoolVar(&o.keep, "keep", false, "keep the scratch folder: sites, outputs, logs of every command")
	fs.StringVar(&o.vitrine, "vitrine", "", "vitrine binary (default: build ./cmd/vitrine into the scratch folder)")
	fs.StringVar(&o.versitygw, "versitygw", os.Getenv("VITRINE_VERSITYGW"), "versitygw binary (default: $VITRINE_VERSITYGW, else .tools/versitygw; make tools installs it)")
	fs.BoolVar(&o.smoke, "smoke", false, fmt.Sprintf("check every step once on %d links; timings mean nothing", smokeLinks))
	fs.BoolVar(&o.builds, "builds", false, "measure the builds only, no publishing")
	fs.IntVar(&o.hugoMax, "hugo-max", 20000, "build with Hugo only up to this many links (it needs about 0.5 MB of memory per page)")
	fs.StringVar(&o.out, "out", "", "also write the table to this file")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, usageError{fmt.Errorf("unexpected argument %q: all options are flags, see -h", fs.Arg(0))}
	}
	if o.smoke {
		o.links, o.runs = []int{smokeLinks}, 1
	} else {
		for _, f := range strings.Split(*n, ",") {
			v, err := strconv.Atoi(strings.TrimSpace(f))
			if err != nil || v < 1 {
				return o, usageError{fmt.Errorf("-n %s: want numbers of links, e.g. -n 1000,10000", *n)}
			}
			o.links = append(o.links, v)
		}
	}
	if o.runs < 1 {
		return o, usageError{fmt.Errorf("-runs %d: want at least 1", o.runs)}
	}
	if o.versitygw == "" {
		o.versitygw = filepath.Join(".tools", "versitygw")
	}
	return o, nil
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) (err error) {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if err := lookTools(o.versitygw); err != nil {
		return err
	}
	work, err := scratch(o.work)
	if err != nil {
		return err
	}
	defer func() {
		if o.keep || err != nil {
			fmt.Fprintf(stderr, "scratch folder kept: %s\n", work)
			return
		}
		err = errors.Join(err, os.RemoveAll(work))
	}()
	if o.vitrine == "" {
		o.vitrine = filepath.Join(work, "vitrine")
		fmt.Fprintln(stderr, "building vitrine")
		build := exec.CommandContext(ctx, "go", "build", "-o", o.vitrine, "github.com/vitrine/vitrine/cmd/vitrine")
		build.Stdout, build.Stderr = stderr, stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("build vitrine: %w; run benchcompare inside the module, or pass -vitrine", err)
		}
	}
	srv, err := startServer(o.versitygw, filepath.Join(work, "s3"))
	if err != nil {
		return err
	}
	defer srv.stop()
	environ, err := environment(work, srv.URL)
	if err != nil {
		return err
	}

	var report bytes.Buffer
	fmt.Fprintf(&report, "%s; %d CPUs; best of %d runs.\n\n", versions(ctx, o.vitrine, environ), runtime.NumCPU(), o.runs)
	for _, n := range o.links {
		fmt.Fprintf(stderr, "%d links\n", n)
		c := &comparison{
			vitrine: o.vitrine, runs: o.runs, srv: srv, buildsOnly: o.builds, hugoMax: o.hugoMax,
			dir: filepath.Join(work, fmt.Sprintf("n%d", n)),
		}
		c.step = &step{logs: filepath.Join(c.dir, "logs"), env: environ, proxy: srv.proxy, out: stderr}
		r, err := c.run(ctx, n)
		if err != nil {
			return fmt.Errorf("%d links: %w", n, err)
		}
		r.write(&report)
		if !o.keep {
			if err := c.free(); err != nil {
				return err
			}
		}
	}
	if _, err := stdout.Write(report.Bytes()); err != nil {
		return err
	}
	if o.out != "" {
		return os.WriteFile(o.out, report.Bytes(), 0o644)
	}
	return nil
}

// lookTools checks that every program the comparison runs is there, before
// anything takes time.
func lookTools(versitygw string) error {
	var missing []string
	for _, t := range []string{"hugo", "rclone", "aws", timeBin} {
		if _, err := exec.LookPath(t); err != nil {
			missing = append(missing, t)
		}
	}
	if missing != nil {
		return fmt.Errorf("%s missing: run make bench-deps (Debian packages hugo, rclone, awscli, time)", strings.Join(missing, ", "))
	}
	if _, err := os.Stat(versitygw); err != nil {
		return fmt.Errorf("versitygw: %w: run make tools, which installs it, or pass -versitygw", err)
	}
	return nil
}

// scratch returns the scratch folder: dir, which must be new or empty,
// or a new temporary folder.
func scratch(dir string) (string, error) {
	if dir == "" {
		return os.MkdirTemp("", "benchcompare-")
	}
	if entries, err := os.ReadDir(dir); err == nil && len(entries) > 0 {
		return "", usageError{fmt.Errorf("-work %s is not empty: it is removed at the end, so give a new or empty folder", dir)}
	}
	return filepath.Abs(dir)
}

// environment is the environment of every measured command: this one's,
// with the S3 settings of the machine replaced by the server's, an AWS CLI
// config for path-style requests and an rclone remote "bench" for the
// server, both through the proxy.
func environment(work, endpoint string) ([]string, error) {
	awsConfig := filepath.Join(work, "aws-config")
	if err := os.WriteFile(awsConfig, []byte("[default]\ns3 =\n  addressing_style = path\n"), 0o644); err != nil {
		return nil, err
	}
	rcloneConfig := filepath.Join(work, "rclone.conf")
	if err := os.WriteFile(rcloneConfig, nil, 0o644); err != nil {
		return nil, err
	}
	var out []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "AWS_") && !strings.HasPrefix(kv, "RCLONE_") {
			out = append(out, kv)
		}
	}
	return append(append(out, env()...),
		"AWS_CONFIG_FILE="+awsConfig,
		"RCLONE_CONFIG="+rcloneConfig,
		"RCLONE_CONFIG_BENCH_TYPE=s3",
		"RCLONE_CONFIG_BENCH_PROVIDER=Other",
		"RCLONE_CONFIG_BENCH_ENDPOINT="+endpoint,
		"RCLONE_CONFIG_BENCH_REGION="+region,
		"RCLONE_CONFIG_BENCH_ACCESS_KEY_ID="+accessKey,
		"RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY="+secretKey,
		"RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE=true",
	), nil
}

// versions names the tools compared, for the reader of the table.
func versions(ctx context.Context, vitrine string, environ []string) string {
	var parts []string
	for _, c := range [][]string{{vitrine, "version"}, {"hugo", "version"}, {"rclone", "version"}, {"aws", "--version"}} {
		cmd := exec.CommandContext(ctx, c[0], c[1:]...)
		cmd.Env = environ
		out, err := cmd.CombinedOutput()
		line, _, _ := strings.Cut(strings.TrimSpace(string(out)), "\n")
		if err != nil {
			line = filepath.Base(c[0]) + " (version unknown)"
		}
		parts = append(parts, line)
	}
	return strings.Join(parts, "; ")
}
