package config

import (
	"cmp"
	"path/filepath"
	"strings"
)

// Path resolves p, a path from config.yaml, against the folder of the
// file, so that vitrine works from any working directory. An absolute p is
// returned unchanged.
func (c *Config) Path(p string) string {
	if filepath.IsAbs(p) {
		return p
	}
	return filepath.Join(cmp.Or(c.Dir, "."), p)
}

// LinkURL returns the public URL of link id: <base_url>/<prefix>/<id>/.
// The trailing slash is part of it, so that the page's relative
// references (style.css, photos/…) resolve inside the link folder.
func (c *Config) LinkURL(id string) string {
	return strings.TrimRight(c.BaseURL, "/") + "/" + c.Prefix + "/" + id + "/"
}
