package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// bashCompletion is the library of Debian's bash-completion package, which
// cobra's bash script relies on, as it does on every system that has
// completion switched on.
const bashCompletion = "/usr/share/bash-completion/bash_completion"

// complete asks bash for the completions of line, as pressing Tab at its
// end would, with vitrine's completion script loaded. vitrine is this test
// binary, on PATH through testscript.Main.
func complete(t *testing.T, line string) []string {
	t.Helper()
	script := `source ` + bashCompletion + `
source <(vitrine completion bash)
COMP_LINE="$1"; COMP_POINT=${#COMP_LINE}
read -r -a COMP_WORDS <<< "$COMP_LINE"
[[ $COMP_LINE == *" " ]] && COMP_WORDS+=("")
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
__start_vitrine 2>/dev/null
printf '%s\n' "${COMPREPLY[@]}"`
	out, err := exec.Command("bash", "-c", script, "bash", line).Output()
	if err != nil {
		t.Fatalf("completing %q: %v", line, err)
	}
	return strings.Fields(string(out))
}

func TestCompletionInBash(t *testing.T) {
	if _, err := os.Stat(bashCompletion); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("bash-completion is missing; CI must install it: make deps")
		}
		t.Skip("bash-completion is not installed (apt-get install bash-completion)")
	}
	// The issue's own check: the script loads without an error.
	if out, err := exec.Command("bash", "-c", "source <(vitrine completion bash) && complete -p vitrine").CombinedOutput(); err != nil ||
		!strings.Contains(string(out), "-F __start_vitrine vitrine") {
		t.Fatalf("the bash script does not load: %v\n%s", err, out)
	}
	config, id, _ := qrSite(t)
	for _, c := range []struct {
		line string
		want []string
	}{
		{"vitrine li", []string{"link"}},
		{"vitrine link ", []string{"create", "list", "set", "deactivate", "qr"}},
		{"vitrine --config " + config + " link create ", []string{"p00000"}},
		{"vitrine --config " + config + " link set ", []string{id}},
		{"vitrine --config " + config + " link create p00000 --sections übersicht,fo", []string{"übersicht,fortschritt", "übersicht,fotos"}},
		{"vitrine --config " + config + " link create p00000 --locale ", []string{"de", "en"}},
		{"vitrine help link c", []string{"create"}},
	} {
		got := complete(t, c.line)
		slices.Sort(got)
		want := slices.Sorted(slices.Values(c.want))
		if !slices.Equal(got, want) {
			t.Errorf("Tab after %q gives %q, want %q", c.line, got, want)
		}
	}
}

// TestCompletionScripts: every shell's script is written, names vitrine,
// and zsh's and fish's, where those shells are installed, load.
func TestCompletionScripts(t *testing.T) {
	for shell, want := range map[string]string{
		"bash": "__start_vitrine", "zsh": "#compdef vitrine", "fish": "complete -c vitrine", "powershell": "Register-ArgumentCompleter",
	} {
		code, out, errOut := vitrine("completion", shell)
		if code != 0 || errOut != "" || !strings.Contains(out, want) {
			t.Errorf("completion %s: exit %d, stderr %q, script without %q", shell, code, errOut, want)
			continue
		}
		if shell == "bash" || shell == "powershell" {
			continue
		}
		if _, err := exec.LookPath(shell); err != nil {
			continue // the script's text was checked above
		}
		name := filepath.Join(t.TempDir(), "vitrine."+shell)
		if err := os.WriteFile(name, []byte(out), 0o644); err != nil {
			t.Fatal(err)
		}
		if out, err := exec.Command(shell, "-c", "source "+name).CombinedOutput(); err != nil {
			t.Errorf("%s cannot load the script: %v\n%s", shell, err, out)
		}
	}
}
