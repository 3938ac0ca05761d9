// Package render turns an access.View into the files of one link folder:
// the page, its stylesheet, the times.csv download, photos and documents.
// Output is deterministic: the same View and inputs give the same bytes.
package render

import (
	"io"
)

// File is one object of a link folder.
type File struct {
	// Path is the slash path inside the link folder, e.g. index.html,
	// style.css, times.csv, photos/vorher.jpg, files/Angebot.pdf.
	Path        string
	ContentType string
	// Body holds generated content. It is nil when Open is set.
	Body []byte
	// Open streams an original file (a document) from the project folder,
	// so that large files never sit in memory. Nil when Body is set.
	Open func() (io.ReadCloser, error)
}
