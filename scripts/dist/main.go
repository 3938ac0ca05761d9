// Command dist builds vitrine's release archives, the way an office gets the
// program without Go: for each system, a folder vitrine_<version>_<os>_<arch>
// with the program, README.md and config.example.yaml, packed as a .zip for
// Windows and a .tar.gz for the others, and SHA256SUMS over them. `make dist`
// runs it (DIST= chooses the folder); it is not part of the program.
package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// targets are the systems an office or a CI runner may use.
var targets = "linux/amd64,linux/arm64,darwin/amd64,darwin/arm64,windows/amd64,windows/arm64"

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "dist:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("dist", flag.ContinueOnError)
	out := fs.String("out", "dist", "folder for the archives")
	version := fs.String("version", "devel", "version in the archive names and the program")
	list := fs.String("targets", targets, "comma-separated GOOS/GOARCH pairs")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	var names []string
	for _, t := range strings.Split(*list, ",") {
		goos, goarch, ok := strings.Cut(strings.TrimSpace(t), "/")
		if !ok {
			return fmt.Errorf("-targets: %q is not GOOS/GOARCH", t)
		}
		name, err := build(*out, *version, goos, goarch)
		if err != nil {
			return fmt.Errorf("%s/%s: %w", goos, goarch, err)
		}
		fmt.Println(filepath.Join(*out, name))
		names = append(names, name)
	}
	return sums(*out, names)
}

// build compiles vitrine for goos/goarch and packs the archive into out,
// returning its file name.
func build(out, version, goos, goarch string) (string, error) {
	tmp, err := os.MkdirTemp("", "vitrine-dist-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	exe := "vitrine"
	if goos == "windows" {
		exe += ".exe"
	}
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags", "-s -w -X main.version="+version,
		"-o", filepath.Join(tmp, exe), "./cmd/vitrine")
	cmd.Env = append(os.Environ(), "GOOS="+goos, "GOARCH="+goarch, "CGO_ENABLED=0")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("go build: %w", err)
	}
	files := []file{{name: exe, src: filepath.Join(tmp, exe), mode: 0o755}}
	for _, f := range []struct{ name, src string }{{"README.md", "README.md"}, {"config.example.yaml", "cmd/vitrine/scaffold/config.yaml"}} {
		files = append(files, file{name: f.name, src: f.src, mode: 0o644, text: true})
	}
	dir := fmt.Sprintf("vitrine_%s_%s_%s", version, goos, goarch)
	name, pack := dir+".tar.gz", packTar
	if goos == "windows" {
		name, pack = dir+".zip", packZip
	}
	var buf bytes.Buffer
	if err := pack(&buf, dir, files, goos == "windows"); err != nil {
		return "", err
	}
	return name, writeFile(filepath.Join(out, name), buf.Bytes())
}

// file is one file of an archive; text files get Windows line endings in
// the Windows archive, for the editors an office opens them with.
type file struct {
	name, src string
	mode      int64
	text      bool
}

func (f file) read(crlf bool) ([]byte, error) {
	b, err := os.ReadFile(f.src)
	if err != nil || !f.text || !crlf {
		return b, err
	}
	return bytes.ReplaceAll(bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n")), []byte("\n"), []byte("\r\n")), nil
}

// epoch dates every entry, so that the same sources give the same archive.
var epoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

func packZip(w io.Writer, dir string, files []file, crlf bool) error {
	zw := zip.NewWriter(w)
	for _, f := range files {
		b, err := f.read(crlf)
		if err != nil {
			return err
		}
		h := &zip.FileHeader{Name: dir + "/" + f.name, Method: zip.Deflate, Modified: epoch}
		h.SetMode(os.FileMode(f.mode))
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(b); err != nil {
			return err
		}
	}
	return zw.Close()
}

func packTar(w io.Writer, dir string, files []file, crlf bool) error {
	gz := gzip.NewWriter(w)
	tw := tar.NewWriter(gz)
	for _, f := range files {
		b, err := f.read(crlf)
		if err != nil {
			return err
		}
		h := &tar.Header{Name: dir + "/" + f.name, Mode: f.mode, Size: int64(len(b)), ModTime: epoch, Typeflag: tar.TypeReg}
		if err := tw.WriteHeader(h); err != nil {
			return err
		}
		if _, err := tw.Write(b); err != nil {
			return err
		}
	}
	return errors.Join(tw.Close(), gz.Close())
}

// sums writes SHA256SUMS for the archives, in the format sha256sum -c reads.
func sums(out string, names []string) error {
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join(out, n))
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%x  %s\n", sha256.Sum256(data), n)
	}
	return writeFile(filepath.Join(out, "SHA256SUMS"), []byte(b.String()))
}

// writeFile writes through a temporary file, so that an interrupted run
// leaves no half archive under a release name.
func writeFile(name string, data []byte) error {
	tmp := name + ".tmp"
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}
