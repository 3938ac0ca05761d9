package main

import (
	"archive/tar"
	"archive/zip"
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// fixture writes a program and two text files, one with Windows line
// endings already, and returns them as archive entries.
func fixture(t *testing.T) []file {
	t.Helper()
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	return []file{
		{name: "vitrine", src: write("bin", "\x7fELF\n\n"), mode: 0o755},
		{name: "README.md", src: write("readme", "# vitrine\nline two\n"), mode: 0o644, text: true},
		{name: "config.example.yaml", src: write("config", "company:\r\n  name: x\n"), mode: 0o644, text: true},
	}
}

// TestArchives checks both kinds of archive: one folder with every file,
// the program executable, and text with Windows line endings in the
// Windows archive only, the program's bytes untouched in both.
func TestArchives(t *testing.T) {
	files := fixture(t)
	want := map[bool]map[string]string{
		false: {"vitrine": "\x7fELF\n\n", "README.md": "# vitrine\nline two\n", "config.example.yaml": "company:\r\n  name: x\n"},
		true:  {"vitrine": "\x7fELF\n\n", "README.md": "# vitrine\r\nline two\r\n", "config.example.yaml": "company:\r\n  name: x\r\n"},
	}
	var tgz, zipped bytes.Buffer
	if err := packTar(&tgz, "vitrine_1.2.3_linux_amd64", files, false); err != nil {
		t.Fatal(err)
	}
	if err := packZip(&zipped, "vitrine_1.2.3_windows_amd64", files, true); err != nil {
		t.Fatal(err)
	}
	check := func(kind string, got map[string]string, modes map[string]os.FileMode, crlf bool) {
		t.Helper()
		for name, text := range want[crlf] {
			if got[name] != text {
				t.Errorf("%s: %s holds %q, want %q", kind, name, got[name], text)
			}
		}
		if len(got) != len(want[crlf]) {
			t.Errorf("%s holds %d files, want %d", kind, len(got), len(want[crlf]))
		}
		if modes["vitrine"]&0o111 == 0 {
			t.Errorf("%s: the program is not executable (%v)", kind, modes["vitrine"])
		}
	}
	got, modes := readTar(t, &tgz, "vitrine_1.2.3_linux_amd64/")
	check("tar", got, modes, false)
	got, modes = readZip(t, zipped.Bytes(), "vitrine_1.2.3_windows_amd64/")
	check("zip", got, modes, true)
}

func readTar(t *testing.T, r io.Reader, dir string) (map[string]string, map[string]os.FileMode) {
	t.Helper()
	gz, err := gzip.NewReader(r)
	if err != nil {
		t.Fatal(err)
	}
	got, modes := map[string]string{}, map[string]os.FileMode{}
	tr := tar.NewReader(gz)
	for {
		h, err := tr.Next()
		if err == io.EOF {
			return got, modes
		}
		if err != nil {
			t.Fatal(err)
		}
		name, ok := strings.CutPrefix(h.Name, dir)
		if !ok {
			t.Errorf("tar entry %s outside %s", h.Name, dir)
		}
		b, _ := io.ReadAll(tr)
		got[name], modes[name] = string(b), os.FileMode(h.Mode)
	}
}

func readZip(t *testing.T, data []byte, dir string) (map[string]string, map[string]os.FileMode) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	got, modes := map[string]string{}, map[string]os.FileMode{}
	for _, f := range zr.File {
		name, ok := strings.CutPrefix(f.Name, dir)
		if !ok {
			t.Errorf("zip entry %s outside %s", f.Name, dir)
		}
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		r.Close()
		got[name], modes[name] = string(b), f.Mode()
	}
	return got, modes
}

// TestSums checks SHA256SUMS against sha256sum's format.
func TestSums(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{"b.zip": "b", "a.tar.gz": "a"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := sums(dir, []string{"b.zip", "a.tar.gz"}); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(dir, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	want := "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb  a.tar.gz\n" +
		"3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d  b.zip\n"
	if string(got) != want {
		t.Errorf("SHA256SUMS:\n%s\nwant:\n%s", got, want)
	}
}

// TestReleaseConfig checks that GoReleaser's configuration builds what
// make dist builds: the same six systems, zip for Windows, the same files
// and names, the version in the program; and that the example workflow
// runs it on a tag.
func TestReleaseConfig(t *testing.T) {
	var cfg struct {
		Builds []struct {
			Main    string   `yaml:"main"`
			Ldflags []string `yaml:"ldflags"`
			Goos    []string `yaml:"goos"`
			Goarch  []string `yaml:"goarch"`
		} `yaml:"builds"`
		Archives []struct {
			Name      string `yaml:"name_template"`
			Overrides []struct {
				Goos    string   `yaml:"goos"`
				Formats []string `yaml:"formats"`
			} `yaml:"format_overrides"`
			Files []yaml.Node `yaml:"files"`
		} `yaml:"archives"`
	}
	data, err := os.ReadFile(filepath.Join("..", "..", ".goreleaser.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if err := yaml.Unmarshal(data, &cfg); err != nil {
		t.Fatalf(".goreleaser.yaml: %v", err)
	}
	if len(cfg.Builds) != 1 || len(cfg.Archives) != 1 {
		t.Fatalf("want one build and one archive, got %d and %d", len(cfg.Builds), len(cfg.Archives))
	}
	b, a := cfg.Builds[0], cfg.Archives[0]
	var systems []string
	for _, goos := range b.Goos {
		for _, goarch := range b.Goarch {
			systems = append(systems, goos+"/"+goarch)
		}
	}
	for _, want := range strings.Split(targets, ",") {
		if !slices.Contains(systems, want) {
			t.Errorf("GoReleaser does not build %s", want)
		}
	}
	if b.Main != "./cmd/vitrine" || !strings.Contains(strings.Join(b.Ldflags, " "), "-X main.version={{.Version}}") {
		t.Errorf("build %+v: want ./cmd/vitrine with main.version", b)
	}
	if a.Name != "vitrine_{{ .Version }}_{{ .Os }}_{{ .Arch }}" {
		t.Errorf("archive name %q differs from make dist's vitrine_<version>_<os>_<arch>", a.Name)
	}
	if len(a.Overrides) != 1 || a.Overrides[0].Goos != "windows" || !slices.Equal(a.Overrides[0].Formats, []string{"zip"}) {
		t.Errorf("want zip for Windows, got %+v", a.Overrides)
	}
	var files []string
	for _, f := range a.Files {
		var text []string
		for _, n := range append([]*yaml.Node{&f}, f.Content...) {
			text = append(text, n.Value)
		}
		files = append(files, strings.Join(text, " "))
		for i := 0; i+1 < len(f.Content); i += 2 {
			if src := f.Content[i+1].Value; f.Content[i].Value == "src" {
				if _, err := os.Stat(filepath.Join("..", "..", filepath.FromSlash(src))); err != nil {
					t.Errorf("archive file src %s: %v", src, err)
				}
			}
		}
	}
	if all := strings.Join(files, "; "); !strings.Contains(all, "README.md") || !strings.Contains(all, "config.example.yaml") {
		t.Errorf("archive files %q: want README.md and config.example.yaml", all)
	}
	wf, err := os.ReadFile(filepath.Join("..", "..", "examples", "github-actions", "release.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var node yaml.Node
	if err := yaml.Unmarshal(wf, &node); err != nil {
		t.Fatalf("release.yml: %v", err)
	}
	for _, want := range []string{"tags:", "goreleaser/goreleaser-action", "release --clean", "make test"} {
		if !strings.Contains(string(wf), want) {
			t.Errorf("release.yml: no %q", want)
		}
	}
}
