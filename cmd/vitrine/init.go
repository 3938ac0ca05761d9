package main

import (
	"context"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// scaffold is what vitrine init writes: a config and one example project.
//
//go:embed scaffold
var scaffold embed.FS

func cmdInit(_ context.Context, a *app, args []string) error {
	flags := a.flags("init")
	pos, err := parse(flags, args)
	if err != nil {
		return err
	}
	if len(pos) > 1 {
		return usagef("usage: vitrine init [DIR]")
	}
	target := "."
	if len(pos) == 1 {
		target = pos[0]
	}
	if _, err := os.Stat(filepath.Join(target, "config.yaml")); err == nil {
		return usagef("%s already exists; vitrine init never overwrites it", filepath.Join(target, "config.yaml"))
	}
	root, err := fs.Sub(scaffold, "scaffold")
	if err != nil {
		return err
	}
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
			return nil
		}
		if err != nil {
			return err
		}
		if _, err := f.Write(data); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	})
	if err != nil {
		return fmt.Errorf("init %s: %w", target, err)
	}
	next := "edit config.yaml"
	if target != "." {
		// Every later command reads config.yaml from the folder it runs in.
		next = "cd " + shellWord(target) + ", " + next
	}
	a.printf("Created %s and an example project in %s.\nNext: %s, then vitrine link create beispiel && vitrine publish\n",
		filepath.Join(target, "config.yaml"), filepath.Join(target, "site", "projects", "beispiel"), next)
	return nil
}

// shellWord quotes a folder name for a command line when it needs it, as
// "Mein Büro" does in every shell the office may use.
func shellWord(s string) string {
	if strings.ContainsAny(s, " \t'\"&;|<>()$`") {
		return `"` + s + `"`
	}
	return s
}
