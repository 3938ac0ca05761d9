package render

import (
	"fmt"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/vitrine/vitrine/internal/problem"
)

// published returns the path a photo or document of the records is
// published under, given its path in the project folder: in NFC, the form
// Windows and Linux write. macOS writes names decomposed ("Ku\u0308che.jpg"),
// so a folder copied from a Mac would otherwise publish other keys and
// URLs for the same files, and links typed in a note would miss them.
func published(p string) string { return norm.NFC.String(p) }

// claims holds the published paths of one link folder by their folded
// form.
type claims map[string]claimed

// claimed is a published path and the source it came from.
type claimed struct{ path, src string }

// claim records that src publishes as p, or returns the problem when
// another source already publishes as p up to case: on Windows and macOS,
// whose file systems do not tell upper from lower case, a folder storage
// would keep only one of the two, and S3 would serve two URLs that the
// office cannot tell apart.
func (c claims) claim(p, src string) *problem.Problem {
	key := strings.ToLower(p) // p is NFC already
	prev, taken := c[key]
	if !taken {
		c[key] = claimed{p, src}
		return nil
	}
	msg := fmt.Sprintf("would be published as %s, like %s", p, prev.src)
	switch {
	case p != prev.path:
		msg += fmt.Sprintf(" (as %s), which Windows and macOS take for the same name, as they ignore upper and lower case", prev.path)
	case published(src) == published(prev.src):
		msg += ": the names differ only in how their umlauts are encoded (one copied from a Mac?)"
	}
	return &problem.Problem{File: src, Msg: msg, Hint: "rename one of them"}
}
