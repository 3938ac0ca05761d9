package content

import (
	"fmt"
	"path"
	"strings"

	"golang.org/x/text/unicode/norm"

	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
)

// photoExts are the formats browsers show and render can resize.
var photoExts = map[string]bool{".jpg": true, ".jpeg": true, ".png": true, ".webp": true}

// photos returns the images in photos/: those listed in project.yaml first,
// in list order with their captions, then the rest by name. A photo that
// project.yaml does not date takes the date its name starts with. Only
// names are checked here; render reads the images.
func (l *loader) photos(refs []photoRef) ([]project.Photo, error) {
	entries, err := l.f.list("photos")
	if err := l.collect(err); err != nil {
		return nil, err
	}
	// present holds every file (so that a listed HEIC is not also
	// "missing") by its NFC name: project.yaml typed on Windows names
	// "Küche.jpg" composed, a folder copied from a Mac holds it decomposed.
	present := map[string]string{}
	var images []string
	for _, e := range entries {
		present[norm.NFC.String(e.name)] = e.name
		ext := strings.ToLower(path.Ext(e.name))
		if !photoExts[ext] {
			what := "a file without extension"
			if ext != "" {
				what = strings.ToUpper(ext[1:])
			}
			l.problems = append(l.problems, &problem.Problem{
				File: l.f.path("photos/" + e.name),
				Msg:  what + " is not a photo format vitrine can publish",
				Hint: "convert to JPEG (or PNG, WebP), or move the file out of photos/",
			})
			continue
		}
		images = append(images, e.name)
	}

	yamlFile := l.f.path("project.yaml")
	var out []project.Photo
	listed := map[string]int{} // name → line of its entry
	for _, r := range refs {
		bad := func(msg, hint string) {
			l.problems = append(l.problems, &problem.Problem{File: yamlFile, Line: r.line, Field: "photos.file", Msg: msg, Hint: hint})
		}
		// Only "photos/<name>": no "..", no absolute path, no sub-folder,
		// so that project.yaml cannot point at a file outside photos/.
		dir, name := path.Split(r.file)
		onDisk, found := present[norm.NFC.String(name)]
		switch {
		case dir != "photos/" || name == "" || name == "." || name == ".." || strings.HasPrefix(name, ".") || unsafeName(name) != "":
			bad(fmt.Sprintf("%q is not a file in photos/", r.file), "write the path as photos/vorher.jpg")
		case listed[onDisk] > 0:
			bad(fmt.Sprintf("%s is listed twice (first on line %d)", r.file, listed[onDisk]), "keep one entry")
		case !found:
			bad(fmt.Sprintf("%s does not exist", r.file), "add the photo to photos/ or correct the name (it is case-sensitive)")
		default:
			listed[onDisk] = r.line
			if photoExts[strings.ToLower(path.Ext(name))] {
				date := r.date
				if date.IsZero() {
					date = l.photoDate(onDisk)
				}
				out = append(out, project.Photo{File: "photos/" + onDisk, Caption: r.caption, Date: date})
			}
		}
	}
	for _, name := range images {
		if listed[name] == 0 {
			out = append(out, project.Photo{File: "photos/" + name, Date: l.photoDate(name)})
		}
	}
	return out, nil
}

// photoDate returns the date photos/name starts with (dateInName), or the
// zero Date. The name, not the file's modification time, dates a photo: a
// copy or a git checkout sets that to the day of copying, and the page
// would call old photos new. A name that starts with an impossible date
// is reported, as a typo there would mark the photo new for years or
// never.
func (l *loader) photoDate(name string) project.Date {
	day, _, _, p := dateInName(l.f.path("photos/"+name), strings.TrimSuffix(name, path.Ext(name)),
		"2024-05-03-bad.jpg, or give its date in project.yaml: photos: - { file: photos/"+name+", date: 2024-05-03 }")
	if p != nil {
		l.problems = append(l.problems, p)
	}
	return day
}

// files returns the documents in files/, by name. Documents a browser or
// web server would run are refused: on the link's origin their scripts
// could read or change the customer's page.
func (l *loader) files() ([]project.File, error) {
	entries, err := l.f.list("files")
	if err := l.collect(err); err != nil {
		return nil, err
	}
	var out []project.File
	for _, e := range entries {
		rel := "files/" + e.name
		if why := activeDocument(e.name); why != "" {
			l.problems = append(l.problems, &problem.Problem{
				File: l.f.path(rel),
				Msg:  why,
				Hint: "save it as PDF, or put it in a .zip archive",
			})
			continue
		}
		out = append(out, project.File{File: rel, Name: e.name, Size: e.size})
	}
	return out, nil
}
