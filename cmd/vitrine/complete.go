package main

import (
	"strings"

	"github.com/spf13/cobra"

	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/project"
	"github.com/vitrine/vitrine/internal/site"
)

// Shell completion (vitrine completion bash|zsh|fish|powershell) asks the
// program itself for the words that fit, through cobra's hidden
// __complete command; these functions answer from the records. They stay
// silent on any error: a completion must never print one.

// completeSite opens the site of --config for a completion, or returns nil.
func (a *app) completeSite() (*config.Config, *site.Site) {
	cfg, err := a.loadConfig()
	if err != nil {
		return nil, nil
	}
	s, _ := site.Open(cfg)
	if s == nil {
		return nil, nil
	}
	return cfg, s
}

// completeProject completes the first argument with a project slug.
func (a *app) completeProject(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return a.projectSlugs(nil, nil, "")
}

// projectSlugs completes a flag that takes a project slug.
func (a *app) projectSlugs(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	_, s := a.completeSite()
	if s == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	out := make([]cobra.Completion, 0, len(s.Projects))
	for _, p := range s.Projects {
		out = append(out, p.Slug)
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeLink completes the first argument with the id of an active
// link, described by its project and label so that the office picks the
// right one.
func (a *app) completeLink(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	cfg, s := a.completeSite()
	if s == nil {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	now, loc := a.now(), cfg.Location()
	var out []cobra.Completion
	for _, p := range s.Projects {
		for i := range p.Links.Links {
			l := &p.Links.Links[i]
			if l.StateAt(now, loc) == links.Active {
				out = append(out, cobra.CompletionWithDesc(l.ID, strings.TrimSpace(p.Slug+" "+l.Label)))
			}
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp
}

// completeSections completes a comma-separated list of sections: the
// part after the last comma is completed, the part before kept.
func completeSections(_ *cobra.Command, _ []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
	done := ""
	if i := strings.LastIndex(toComplete, ","); i >= 0 {
		done = toComplete[:i+1]
	}
	chosen := map[project.Section]bool{}
	for _, name := range strings.Split(done, ",") {
		if s, ok := project.ParseSection(name); ok {
			chosen[s] = true
		}
	}
	var out []cobra.Completion
	for _, s := range project.AllSections {
		if chosen[s] {
			continue
		}
		out = append(out, done+string(s))
		if de := strings.ToLower(project.SectionNames["de"][s]); de != string(s) {
			out = append(out, done+de)
		}
	}
	return out, cobra.ShellCompDirectiveNoFileComp | cobra.ShellCompDirectiveNoSpace
}

// dirsOnly completes a folder.
func dirsOnly(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return nil, cobra.ShellCompDirectiveFilterDirs
}

// exportFiles completes the file of vitrine import.
func exportFiles(_ *cobra.Command, args []string, _ string) ([]cobra.Completion, cobra.ShellCompDirective) {
	if len(args) > 0 {
		return nil, cobra.ShellCompDirectiveNoFileComp
	}
	return []cobra.Completion{"csv", "xlsx"}, cobra.ShellCompDirectiveFilterFileExt
}

// yamlFiles completes --config with YAML files.
func yamlFiles(*cobra.Command, []string, string) ([]cobra.Completion, cobra.ShellCompDirective) {
	return []cobra.Completion{"yaml", "yml"}, cobra.ShellCompDirectiveFilterFileExt
}
