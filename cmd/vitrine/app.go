package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"runtime/debug"
	"strings"
	"time"

	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/problem"
)

// Exit statuses (SPEC §6).
const (
	exitOK      = 0
	exitFailure = 1
	exitInvalid = 2 // bad usage, or invalid content or config
)

// version is set at build time with -ldflags "-X main.version=…".
var version = ""

// usageError is a mistake on the command line; it exits with status 2.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{fmt.Sprintf(format, args...)} }

// app carries what every command needs: the global flags and the outputs.
type app struct {
	configPath string
	json       bool
	quiet      bool
	stdout     io.Writer
	stderr     io.Writer
	log        *slog.Logger
	now        func() time.Time
}

type command struct {
	name    string
	args    string
	summary string
	run     func(ctx context.Context, a *app, args []string) error
}

func commands() []command {
	return []command{
		{"init", "[DIR]", "scaffold config.yaml and an example project", cmdInit},
		{"link", "SUBCOMMAND …", "manage read links: create, list, set, deactivate, qr", cmdLink},
		{"project", "new SLUG [--from SLUG]", "start a project folder, empty or from another without its links", cmdProject},
		{"import", "FILE [--project SLUG] [--dry-run]", "read a time export: say what it holds, copy it into the records", cmdImport},
		{"build", "[--out DIR]", "render every active link into a folder", cmdBuild},
		{"publish", "[--dry-run] [--force]", "render and sync to the configured storage", cmdPublish},
		{"watch", "", "publish again on every change of the records (Ctrl-C stops)", cmdWatch},
		{"desk", "[--addr 127.0.0.1:8080] [--allow-remote]", "the office's web page: links, sections, publish (Ctrl-C stops)", cmdDesk},
		{"serve", "[--addr 127.0.0.1:8080] [--allow-remote]", "the same as desk: the desk, with each link's preview", cmdServe},
		{"check", "", "validate config and content", cmdCheck},
		{"version", "", "print the version", cmdVersion},
	}
}

// Main runs vitrine with args (without the program name) and returns the
// exit status.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a := &app{stdout: stdout, stderr: stderr, now: time.Now}
	fs := a.flags("vitrine")
	fs.Usage = func() { a.usage() }
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitInvalid
	}
	args = fs.Args()
	if len(args) == 0 {
		a.usage()
		return exitInvalid
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return a.exit(c.run(ctx, a, args[1:]))
		}
	}
	if args[0] == "help" {
		a.usage()
		return exitOK
	}
	return a.exit(usagef("unknown command %q; run vitrine help", args[0]))
}

func (a *app) usage() {
	fmt.Fprintln(a.stderr, "usage: vitrine [--config FILE] [--json] [--quiet] COMMAND [ARGS]\n\ncommands:")
	for _, c := range commands() {
		fmt.Fprintf(a.stderr, "  %-9s %-26s %s\n", c.name, c.args, c.summary)
	}
}

// flags returns a FlagSet with the global flags, so that they are accepted
// before and after the command name alike.
func (a *app) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(a.stderr)
	if a.configPath == "" {
		a.configPath = "config.yaml"
	}
	fs.StringVar(&a.configPath, "config", a.configPath, "configuration `FILE`")
	fs.BoolVar(&a.json, "json", a.json, "machine-readable output on stdout")
	fs.BoolVar(&a.quiet, "quiet", a.quiet, "print only errors")
	return fs
}

// parse parses flags that may stand before, between or after the positional
// arguments, as in "vitrine link create SLUG --label L", and returns the
// positional ones.
func parse(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, &usageError{err.Error()}
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// exit prints err the way a user can act on it and returns the status.
func (a *app) exit(err error) int {
	if err == nil {
		return exitOK
	}
	var ue *usageError
	switch {
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.As(err, &ue):
		a.printError(ue.msg)
		return exitInvalid
	case problem.Only(err):
		a.printError(err.Error())
		return exitInvalid
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(a.stderr, "vitrine: interrupted; run the command again to finish")
		return exitFailure
	default:
		a.printError(err.Error())
		return exitFailure
	}
}

// printError prints an error line by line. Errors name the user's files
// and quote their values, so each line is made terminal-safe.
func (a *app) printError(msg string) {
	for _, line := range strings.Split(msg, "\n") {
		fmt.Fprintf(a.stderr, "vitrine: %s\n", termSafe(line))
	}
}

func (a *app) loadConfig() (*config.Config, error) { return config.Load(a.configPath) }

// printf writes human output unless --quiet or --json is set.
func (a *app) printf(format string, args ...any) {
	if !a.quiet && !a.json {
		fmt.Fprintf(a.stdout, format, args...)
	}
}

// emit writes v as indented JSON on stdout.
func (a *app) emit(v any) error {
	enc := json.NewEncoder(a.stdout)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func (a *app) logger() *slog.Logger {
	if a.log == nil {
		level := slog.LevelInfo
		if a.quiet {
			level = slog.LevelError
		}
		a.log = slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: level, ReplaceAttr: dropTime}))
	}
	return a.log
}

// dropTime keeps log lines short and reproducible; a terminal or CI log
// adds its own timestamps.
func dropTime(_ []string, at slog.Attr) slog.Attr {
	if at.Key == slog.TimeKey {
		return slog.Attr{}
	}
	return at
}

func cmdVersion(_ context.Context, a *app, args []string) error {
	fs := a.flags("version")
	if _, err := parse(fs, args); err != nil {
		return err
	}
	v := version
	if v == "" {
		v = "(devel)"
		if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
			v = bi.Main.Version
		}
	}
	if a.json {
		return a.emit(map[string]string{"version": v})
	}
	fmt.Fprintf(a.stdout, "vitrine %s\n", v)
	return nil
}

// splitList splits a comma-separated flag value.
func splitList(s string) []string {
	if s == "" {
		return nil
	}
	parts := strings.Split(s, ",")
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}
