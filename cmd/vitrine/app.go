package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/problem"
)

// Exit statuses (SPEC §6).
const (
	exitOK      = 0
	exitFailure = 1
	exitInvalid = 2 // bad usage, or invalid content or config
)

// usageError is a mistake on the command line; it exits with status 2.
// With cmd set, the mistake is in the words of the command line itself (a
// flag, the number of arguments), and the command's usage line follows.
type usageError struct {
	msg string
	cmd *cobra.Command
}

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return &usageError{msg: fmt.Sprintf(format, args...)} }

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

// Main runs vitrine with args (without the program name) and returns the
// exit status.
func Main(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	a := &app{stdout: stdout, stderr: stderr, now: time.Now}
	root := a.root()
	// cobra reads os.Args when given nil.
	root.SetArgs(append([]string{}, args...))
	_, err := root.ExecuteContextC(ctx)
	return a.exit(err)
}

// exit prints err the way a user can act on it and returns the status.
func (a *app) exit(err error) int {
	if err == nil {
		return exitOK
	}
	var ue *usageError
	switch {
	case errors.As(err, &ue):
		a.printError(ue.msg)
		if c := ue.cmd; c != nil {
			lines := []string{c.UseLine()}
			if c.HasAvailableSubCommands() {
				lines = lines[:0]
				for _, sub := range c.Commands() {
					if sub.IsAvailableCommand() {
						lines = append(lines, sub.UseLine())
					}
				}
			}
			fmt.Fprintf(a.stderr, "usage: %s\n%s --help tells more, with an example.\n", strings.Join(lines, "\n       "), c.CommandPath())
		}
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

// emitJSON writes v as JSON on stdout if --json is set.
func (a *app) emitJSON(v any) error {
	if !a.json {
		return nil
	}
	return a.emit(v)
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
