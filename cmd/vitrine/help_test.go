package main

import (
	"cmp"
	"strings"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// TestEveryCommandExplainsItself runs every command's --help and help
// CMD: exit status 0, nothing on stderr, and a text that says what the
// command does, how it is called, every flag with its meaning and default,
// and an example.
func TestEveryCommandExplainsItself(t *testing.T) {
	root := (&app{}).root()
	root.InitDefaultHelpCmd()
	seen := 0
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		for _, sub := range c.Commands() {
			if !sub.Hidden {
				walk(sub)
			}
		}
		seen++
		path := strings.Fields(c.CommandPath())[1:]
		ours := !strings.HasPrefix(c.CommandPath(), "vitrine completion ") // cobra writes those
		for _, args := range [][]string{append(path, "--help"), append([]string{"help"}, path...)} {
			name := strings.Join(args, " ")
			code, out, errOut := vitrine(args...)
			if code != 0 || errOut != "" {
				t.Errorf("vitrine %s: exit %d, stderr %q; want 0 and nothing", name, code, errOut)
				continue
			}
			for _, want := range []string{"Usage:\n  " + c.UseLine(), strings.TrimSpace(strings.SplitN(cmp.Or(c.Long, c.Short), "\n", 2)[0])} {
				if !strings.Contains(out, want) {
					t.Errorf("vitrine %s does not show %q:\n%s", name, want, out)
				}
			}
			if ours && (c.Example == "" || !strings.Contains(out, "Examples:\n"+c.Example)) {
				t.Errorf("vitrine %s shows no example", name)
			}
			c.Flags().VisitAll(func(f *pflag.Flag) { checkFlagHelp(t, name, out, f) })
			c.InheritedFlags().VisitAll(func(f *pflag.Flag) { checkFlagHelp(t, name, out, f) })
		}
	}
	walk(root)
	if seen < 17 {
		t.Errorf("walked %d commands; the tree lost some", seen)
	}
}

// checkFlagHelp checks that the help text out of command name describes
// flag f and says what it is when not given.
func checkFlagHelp(t *testing.T, name, out string, f *pflag.Flag) {
	t.Helper()
	if f.Usage == "" || !strings.Contains(out, "--"+f.Name) {
		t.Errorf("vitrine %s: flag --%s is not described", name, f.Name)
		return
	}
	switch f.DefValue {
	case "false", "true":
		// A switch is off unless given.
	case "":
		if f.Name != "help" && !strings.Contains(f.Usage, "default") && !strings.Contains(f.Usage, "unchanged") {
			t.Errorf("vitrine %s: flag --%s does not say what happens without it: %q", name, f.Name, f.Usage)
		}
	default:
		if !strings.Contains(out, `(default "`+f.DefValue+`")`) && !strings.Contains(out, "(default "+f.DefValue+")") {
			t.Errorf("vitrine %s: flag --%s does not show its default %q", name, f.Name, f.DefValue)
		}
	}
}

// TestVersion: --version, -v and the version command agree.
func TestVersion(t *testing.T) {
	version = "1.2.3-test"
	t.Cleanup(func() { version = "" })
	for _, args := range [][]string{{"--version"}, {"-v"}, {"version"}} {
		if code, out, _ := vitrine(args...); code != 0 || out != "vitrine 1.2.3-test\n" {
			t.Errorf("vitrine %s = %d, %q; want 0, vitrine 1.2.3-test", strings.Join(args, " "), code, out)
		}
	}
	if code, out, _ := vitrine("version", "--json"); code != 0 || out != "{\n  \"version\": \"1.2.3-test\"\n}\n" {
		t.Errorf("vitrine version --json = %d, %q", code, out)
	}
}
