package desk

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/vitrine/vitrine/internal/safefile"
)

// state is what the desk remembers between runs, in .vitrine/desk.json
// next to config.yaml: when it last published, and a digest of each
// project folder as it was then, so that it can say which projects have
// changes that are "noch nicht veröffentlicht".
type state struct {
	Published time.Time         `json:"published"`
	Digests   map[string]string `json:"digests"` // by project slug
}

// statePath is the desk's state file of the config in folder dir (the
// config's .vitrine folder).
func statePath(vitrineDir string) string { return filepath.Join(vitrineDir, "desk.json") }

// loadState reads the state file; a missing or unreadable one is an empty
// state, which shows every project as unpublished: safer than claiming a
// publish the desk did not see.
func loadState(path string) state {
	var st state
	data, err := os.ReadFile(path)
	if err == nil {
		_ = json.Unmarshal(data, &st)
	}
	return st
}

// saveState writes the state file. It is a cache of what the desk saw, so
// it is not synced: losing it only shows projects as unpublished.
func saveState(ctx context.Context, path string, st state) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return safefile.Write(ctx, path, 0o644, func(w io.Writer) error {
		return json.NewEncoder(w).Encode(st)
	})
}

// folderDigest sums the names, sizes and modification times of the files
// in a project folder: any edit of the records changes it, and it costs no
// reading of photos. An unreadable folder sums its error, so that it never
// counts as published.
func folderDigest(dir string) string {
	h := sha256.New()
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || safefile.IsTemp(d.Name()) {
			return nil
		}
		fi, err := d.Info()
		if errors.Is(err, fs.ErrNotExist) {
			return nil // removed while walking
		}
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		fmt.Fprintf(h, "%s\x00%d\x00%d\n", filepath.ToSlash(rel), fi.Size(), fi.ModTime().UnixNano())
		return nil
	})
	if err != nil {
		fmt.Fprintf(h, "error %v", err)
	}
	return hex.EncodeToString(h.Sum(nil))
}
