package main

import (
	"fmt"
	"runtime/debug"
	"strings"

	"github.com/spf13/cobra"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = ""

// versionText is the version as vitrine --version and vitrine version
// print it: the one set at build time, else the module version go install
// records.
func versionText() string {
	if version != "" {
		return version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

func init() {
	// Commands are listed in the order of the office's work, not by name.
	cobra.EnableCommandSorting = false
	// Started with a double click in Explorer, the window would close
	// before anyone could read the help; cobra keeps it open with this.
	cobra.MousetrapHelpText = "vitrine ist ein Kommandozeilen-Programm. Geben Sie im Explorer in die Adresszeile dieses Ordners powershell ein und dann:\n\n" +
		"  .\\vitrine.exe init    (nur beim ersten Mal: legt config.yaml und ein Beispielprojekt an)\n  .\\vitrine.exe desk    (öffnet den Schreibtisch im Browser)\n\n" +
		"vitrine is a command-line program. Type powershell into the address bar of this folder in Explorer, then .\\vitrine.exe init (the first time) and .\\vitrine.exe desk.\n"
	cobra.MousetrapDisplayDuration = 0 // until a key is pressed
}

// Command groups, as vitrine help lists them.
const (
	groupOffice  = "office"
	groupPublish = "publish"
)

// root builds the command tree. Each command is a function of a, which
// holds the global flags once they are parsed.
func (a *app) root() *cobra.Command {
	root := &cobra.Command{
		Use:   "vitrine",
		Short: "Read-only project pages for the customers of a trades business",
		Long: `vitrine gives each customer of a project a read link: a page with the hours
worked, the progress, the schedule, reports, photos and documents, showing
only the sections the office chose for that link. It renders the pages of
every active link to a folder or an S3 bucket behind a CDN, and deletes the
pages of a link once it is deactivated.

The office works in vitrine desk, a page in the browser; every command below
does the same from the command line, for the IT helper and for CI.

Each command reads config.yaml in the current folder unless --config names
another file.`,
		Example: `  vitrine init office
  cd office
  vitrine link create beispiel --label "Familie Müller" --sections übersicht,fotos,zeiten
  vitrine publish
  vitrine desk`,
		Version:       versionText(),
		Args:          subcommandArgs,
		RunE:          showHelp,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetVersionTemplate("vitrine {{.Version}}\n")
	// Before the completion command is made: it keeps the writer it finds.
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return &usageError{msg: err.Error(), cmd: c} })
	pf := root.PersistentFlags()
	pf.StringVar(&a.configPath, "config", "config.yaml", "configuration `FILE`; paths in it are relative to its folder")
	pf.BoolVar(&a.json, "json", false, "print the result as JSON on stdout (shapes in the README)")
	pf.BoolVarP(&a.quiet, "quiet", "q", false, "print only errors")
	root.Flags().BoolP("version", "v", false, "print the version")
	_ = root.RegisterFlagCompletionFunc("config", yamlFiles)

	root.AddGroup(
		&cobra.Group{ID: groupOffice, Title: "The office's work:"},
		&cobra.Group{ID: groupPublish, Title: "Publishing and checking:"},
	)
	for _, c := range []*cobra.Command{a.initCommand(), a.deskCommand(), a.projectCommand(), a.linkCommand(), a.importCommand()} {
		c.GroupID = groupOffice
		root.AddCommand(c)
	}
	for _, c := range []*cobra.Command{a.publishCommand(), a.buildCommand(), a.watchCommand(), a.serveCommand(), a.checkCommand()} {
		c.GroupID = groupPublish
		root.AddCommand(c)
	}
	root.AddCommand(a.versionCommand())
	root.SetHelpCommand(helpCommand(root))
	root.InitDefaultCompletionCmd()
	// vitrine completion tcsh is a wrong argument, not a call for help.
	if comp, _, err := root.Find([]string{"completion"}); err == nil && comp != root {
		comp.Args, comp.RunE = subcommandArgs, showHelp
		for _, shell := range comp.Commands() {
			shell.Args = argCount(0, 0)
		}
		comp.Example = `  source <(vitrine completion bash)                          # bash, this shell
  vitrine completion powershell | Out-String | Invoke-Expression   # PowerShell, this window
  vitrine completion zsh > "${fpath[1]}/_vitrine"            # zsh, for good`
	}
	return root
}

// showHelp is what a command made of subcommands does when called alone,
// as in gh and kubectl: it lists them.
func showHelp(c *cobra.Command, _ []string) error { return c.Help() }

// subcommandArgs refuses a word that names no subcommand, suggesting the
// nearest ones.
func subcommandArgs(c *cobra.Command, args []string) error {
	if len(args) == 0 {
		return nil
	}
	if c.SuggestionsMinimumDistance <= 0 {
		c.SuggestionsMinimumDistance = 2 // cobra's default, set only where it suggests itself
	}
	msg := fmt.Sprintf("unknown command %q for %q", args[0], c.CommandPath())
	if s := c.SuggestionsFor(args[0]); len(s) > 0 {
		msg += "; did you mean " + strings.Join(s, " or ") + "?"
	}
	return &usageError{msg: msg, cmd: c}
}

// argCount returns a check that a command got between min and max
// arguments.
func argCount(min, max int) cobra.PositionalArgs {
	return func(c *cobra.Command, args []string) error {
		if len(args) >= min && len(args) <= max {
			return nil
		}
		name := strings.TrimPrefix(c.CommandPath(), "vitrine ")
		want := fmt.Sprintf("takes %d to %d arguments", min, max)
		switch {
		case max == 0:
			want = "takes no arguments"
		case min == max:
			want = fmt.Sprintf("takes %d argument", min)
		case min == 0 && max == 1:
			want = "takes at most 1 argument"
		}
		if _, names, ok := strings.Cut(c.Use, " "); ok {
			want += " (" + names + ")"
		}
		return &usageError{msg: fmt.Sprintf("%s %s, got %d: %s", name, want, len(args), quoteArgs(args)), cmd: c}
	}
}

func quoteArgs(args []string) string {
	if len(args) == 0 {
		return "none"
	}
	q := make([]string, len(args))
	for i, s := range args {
		q[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(q, " ")
}

// helpCommand is vitrine help CMD…, which, unlike cobra's own, refuses a
// command that does not exist with status 2.
func helpCommand(root *cobra.Command) *cobra.Command {
	return &cobra.Command{
		Use:   "help [COMMAND]...",
		Short: "Help about any command",
		Long:  "Help about any command: what it does, its arguments, every flag with its default, and an example.",
		Example: `  vitrine help link create
  vitrine link create --help`,
		RunE: func(c *cobra.Command, args []string) error {
			target, rest, err := root.Find(args)
			if err != nil || len(rest) > 0 {
				return &usageError{msg: fmt.Sprintf("no command %q; vitrine help lists them", strings.Join(args, " ")), cmd: c}
			}
			return target.Help()
		},
		ValidArgsFunction: func(c *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
			target, _, err := root.Find(args)
			if err != nil {
				return nil, cobra.ShellCompDirectiveNoFileComp
			}
			var out []cobra.Completion
			for _, sub := range target.Commands() {
				if sub.IsAvailableCommand() {
					out = append(out, cobra.CompletionWithDesc(sub.Name(), sub.Short))
				}
			}
			return out, cobra.ShellCompDirectiveNoFileComp
		},
	}
}

func (a *app) versionCommand() *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the version",
		Long:    "Print the version of this vitrine program, as vitrine --version does.",
		Example: "  vitrine version\n  vitrine version --json",
		Args:    argCount(0, 0),
		RunE: func(*cobra.Command, []string) error {
			if a.json {
				return a.emit(map[string]string{"version": versionText()})
			}
			fmt.Fprintf(a.stdout, "vitrine %s\n", versionText())
			return nil
		},
	}
}
