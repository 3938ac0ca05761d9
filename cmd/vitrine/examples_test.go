package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestCIExamples checks the example pipelines in examples/: valid YAML
// that publishes on push and on a schedule, takes credentials from
// secrets, keeps the build cache, and runs only commands vitrine has.
func TestCIExamples(t *testing.T) {
	examples := map[string][]string{
		"github-actions/publish.yml": {"push", "schedule", "secrets.AWS_ACCESS_KEY_ID", "secrets.AWS_SECRET_ACCESS_KEY", ".vitrine"},
		"gitlab-ci/.gitlab-ci.yml":   {`$CI_PIPELINE_SOURCE == "schedule"`, "$CI_DEFAULT_BRANCH", ".vitrine/", "resource_group"},
	}
	for name, wants := range examples {
		t.Run(name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("..", "..", "examples", filepath.FromSlash(name)))
			if err != nil {
				t.Fatal(err)
			}
			var doc yaml.Node
			if err := yaml.Unmarshal(data, &doc); err != nil {
				t.Fatalf("not valid YAML: %v", err)
			}
			var all []string // every key and value
			var walk func(*yaml.Node)
			walk = func(n *yaml.Node) {
				if n.Kind == yaml.ScalarNode {
					all = append(all, n.Value)
				}
				for _, c := range n.Content {
					walk(c)
				}
			}
			walk(&doc)
			text := strings.Join(all, "\n")
			for _, want := range append(wants, "vitrine check", "vitrine publish") {
				if !strings.Contains(text, want) {
					t.Errorf("no %q", want)
				}
			}
			// Publish ends expired and deactivated links whatever else is
			// wrong; a check before it would stop the nightly run.
			if strings.Index(text, "vitrine check") < strings.Index(text, "vitrine publish") {
				t.Error("vitrine check runs before vitrine publish")
			}
			for i, s := range all[:len(all)-1] {
				if s == "cron" && len(strings.Fields(all[i+1])) != 5 {
					t.Errorf("cron %q does not have five fields", all[i+1])
				}
			}
			root := (&app{}).root()
			for _, m := range regexp.MustCompile(`(?m)^\s*(?:- )?vitrine (\w+)`).FindAllStringSubmatch(text, -1) {
				if c, _, err := root.Find([]string{m[1]}); err != nil || c == root {
					t.Errorf("vitrine has no command %q", m[1])
				}
			}
		})
	}
}
