package config

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
)

// Default returns the configuration that applies where config.yaml is
// silent. company.name and base_url have no default: every site must set
// them.
func Default() *Config {
	sections := make([]string, 0, 7)
	for _, s := range project.AllSections {
		switch s {
		case project.SectionTeam, project.SectionCosts, project.SectionCustomerContact:
			// They name people, money and the customer's phone: shown
			// only when asked for.
		default:
			sections = append(sections, string(s))
		}
	}
	return &Config{
		Content:      "site",
		Locale:       "de",
		Timezone:     "Europe/Berlin",
		Prefix:       "p",
		Storage:      Storage{Type: "dir", Dir: "public"},
		CacheControl: CacheControl{Pages: "public, no-cache"},
		Defaults:     Defaults{Sections: sections},
		Publish:      Publish{Concurrency: 16},
		NewDays:      7,
	}
}

// Load reads config.yaml at path: the defaults, overridden by a strict
// decode of the file (an unknown key or a value of the wrong type is a
// problem naming the key and line), then Validate. Relative paths stay as
// written; Dir is set so that Path resolves them. Problems in the file are
// returned as a problem.List, or a *problem.Problem when the file is
// missing, empty or not YAML.
func Load(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, &problem.Problem{File: path, Msg: "no configuration file",
			Hint: "run vitrine init to create one, or name it with --config FILE"}
	}
	if err != nil {
		return nil, fmt.Errorf("read config: %w", err)
	}
	c := Default()
	c.File, c.Dir = path, filepath.Dir(path)
	probs, err := c.decode(data)
	if err != nil {
		return nil, err
	}
	c.normalize()
	probs = append(probs, c.validate(probs)...)
	if len(probs) > 0 {
		return nil, probs
	}
	c.loc = c.Location()
	return c, nil
}

// normalize fills in what follows from other settings, so that the
// packages using c need no special cases.
func (c *Config) normalize() {
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	if s3 := &c.Storage.S3; s3.Endpoint != "" && s3.Region == "" {
		s3.Region = "us-east-1"
	}
}
