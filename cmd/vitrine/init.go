package main

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/spf13/cobra"
)

// scaffold is what vitrine init writes: a config and one example project.
//
//go:embed scaffold
var scaffold embed.FS

func (a *app) initCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "init [DIR]",
		Short: "Start a site: a commented config.yaml and an example project",
		Long: `Start a site in folder DIR (default: the current folder): a config.yaml
with a comment on every key, and an example project in
site/projects/beispiel. Nothing that exists is overwritten.

Then put the company's name and the public address (base_url) into
config.yaml; vitrine check warns while they are still the examples.`,
		Example: `  vitrine init office
  vitrine init "Mein Büro"`,
		Args:              argCount(0, 1),
		ValidArgsFunction: dirsOnly,
		RunE: func(_ *cobra.Command, args []string) error {
			target := "."
			if len(args) == 1 {
				target = args[0]
			}
			return a.init(target)
		},
	}
}

func (a *app) init(target string) error {
	if _, err := os.Stat(filepath.Join(target, "config.yaml")); err == nil {
		return usagef("%s already exists; vitrine init never overwrites it", filepath.Join(target, "config.yaml"))
	}
	root, err := fs.Sub(scaffold, "scaffold")
	if err != nil {
		return err
	}
	var created, kept []string
	err = fs.WalkDir(root, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		dest := filepath.Join(target, filepath.FromSlash(path))
		if d.IsDir() {
			return os.MkdirAll(dest, 0o755)
		}
		data, err := fs.ReadFile(root, path)
		if err != nil {
			return err
		}
		// O_EXCL: an existing project file is the user's and stays as it is.
		f, err := os.OpenFile(dest, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			kept = append(kept, dest)
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return err
		}
		created = append(created, dest)
		return f.Close()
	})
	if err != nil {
		return fmt.Errorf("init %s: %w", target, err)
	}
	if a.json {
		return a.emit(initJSON{Dir: target, Config: filepath.Join(target, "config.yaml"), Created: created, Kept: append([]string{}, kept...)})
	}
	next := "edit config.yaml"
	if target != "." {
		// Every later command reads config.yaml from the folder it runs in.
		next = "cd " + shellWord(target) + ", " + next
	}
	a.printf("Created %s and an example project in %s.\nNext: %s, then vitrine link create beispiel and vitrine publish, or vitrine desk\n",
		filepath.Join(target, "config.yaml"), filepath.Join(target, "site", "projects", "beispiel"), next)
	return nil
}

// initJSON is what init --json prints: the files it wrote, and those of
// the example project that were there and are kept.
type initJSON struct {
	Dir     string   `json:"dir"`
	Config  string   `json:"config"`
	Created []string `json:"created"`
	Kept    []string `json:"kept"`
}

// shellWord quotes a folder name for a command line when it needs it, as
// "Mein Büro" does in every shell the office may use.
func shellWord(s string) string {
	if strings.ContainsAny(s, " \t'\"&;|<>()$`") {
		return `"` + s + `"`
	}
	return s
}
