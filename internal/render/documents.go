package render

import (
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/url"
	"path"
	"strings"

	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
	"github.com/vitrine/vitrine/internal/safefile"
)

// documents returns the View's documents as files that stream from the
// project folder when published. Documents whose published names clash
// are reported together, as photos are.
func documents(dir fs.FS, files []project.File) ([]File, error) {
	out := make([]File, 0, len(files))
	taken := make(claims, len(files))
	var problems problem.List
	for _, f := range files {
		if err := checkAsset(f.File, "files/"); err != nil {
			return nil, err
		}
		name := f.File
		p := published(name)
		if clash := taken.claim(p, name); clash != nil {
			problems = append(problems, clash)
			continue
		}
		out = append(out, File{
			Path:        p,
			ContentType: documentType(name),
			Open:        func() (io.ReadCloser, error) { return dir.Open(name) },
		})
	}
	return out, problems.Err()
}

// officeTypes are document types common in a trades business that Go's
// built-in table lacks; naming them here keeps the Content-Type the same on
// every machine instead of depending on /etc/mime.types.
var officeTypes = map[string]string{
	".csv":  "text/csv",
	".doc":  "application/msword",
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".odp":  "application/vnd.oasis.opendocument.presentation",
	".ods":  "application/vnd.oasis.opendocument.spreadsheet",
	".odt":  "application/vnd.oasis.opendocument.text",
	".ppt":  "application/vnd.ms-powerpoint",
	".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
	".rtf":  "application/rtf",
	".txt":  "text/plain",
	".xls":  "application/vnd.ms-excel",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".zip":  "application/zip",
}

// documentType returns the Content-Type a document is served with.
func documentType(name string) string {
	ext := strings.ToLower(path.Ext(name))
	t, ok := officeTypes[ext]
	if !ok {
		t = mime.TypeByExtension(ext)
	}
	mediaType, _, _ := mime.ParseMediaType(t)
	switch {
	case mediaType == "", mediaType == "text/html", mediaType == "text/xml", mediaType == "application/xml",
		strings.HasSuffix(mediaType, "+xml"), strings.HasSuffix(mediaType, "javascript"):
		// Unknown, or active content that a browser would run on the
		// page's origin if opened directly (content refuses these in
		// files/ already; this is the second line): download only.
		return "application/octet-stream"
	}
	if strings.HasPrefix(mediaType, "text/") && !strings.Contains(t, "charset=") {
		t += "; charset=utf-8"
	}
	return t
}

// checkAsset makes sure a photo or document path from the records stays
// inside its folder, so that it cannot land anywhere else in the link
// folder (or outside it) when published, and that its name is a file name
// on Windows too, where a folder storage may lie.
func checkAsset(p, folder string) error {
	if !fs.ValidPath(p) || !strings.HasPrefix(p, folder) || strings.Contains(p, "\\") {
		return fmt.Errorf("render: %q is not a path under %s", p, folder)
	}
	if why := safefile.Unportable(path.Base(p)); why != "" {
		return fmt.Errorf("render: %s: %s", p, why)
	}
	return nil
}

// href turns a path inside the link folder into a relative URL, escaping
// what file names may contain but URL paths may not (space, #, ?, %).
func href(p string) string {
	return (&url.URL{Path: p}).EscapedPath()
}

// fileKinds names what customers call a document by its extension. A
// table of its own, not the Content-Type, because the system's MIME table
// differs between machines and the page must not.
var fileKinds = map[string]string{
	".pdf": "pdf",
	".jpg": "image", ".jpeg": "image", ".png": "image", ".gif": "image", ".webp": "image",
	".heic": "image", ".tif": "image", ".tiff": "image", ".bmp": "image", ".svg": "image",
	".xls": "sheet", ".xlsx": "sheet", ".ods": "sheet", ".csv": "sheet", ".numbers": "sheet",
	".ppt": "slides", ".pptx": "slides", ".odp": "slides", ".key": "slides",
	".doc": "text", ".docx": "text", ".odt": "text", ".rtf": "text", ".txt": "text", ".pages": "text",
	".zip": "archive", ".7z": "archive", ".rar": "archive",
}

// fileKind returns the label key suffix (filetype.<kind>) that names a
// document's type for customers, and its extension upper case ("PDF"),
// "" for none.
func fileKind(name string) (kind, ext string) {
	dot := path.Ext(name)
	ext = strings.ToUpper(strings.TrimPrefix(dot, "."))
	switch kind, ok := fileKinds[strings.ToLower(dot)]; {
	case ok:
		return kind, ext
	case ext == "":
		return "none", ext
	}
	return "other", ext
}
