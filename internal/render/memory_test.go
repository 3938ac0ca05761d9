//go:build linux

package render

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/vitrine/vitrine/internal/access"
	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
)

// memChild, when set, makes TestPhotoMemoryBound the child process that
// renders; its value is the project folder, memWant what it must see.
const (
	memChild = "VITRINE_TEST_MEMORY_PROJECT"
	memWant  = "VITRINE_TEST_MEMORY_WANT"
)

// TestPhotoMemoryBound publishes six links of a project with one huge
// 16-bit PNG at once, as publish does, in a child process, and bounds the
// child's peak memory: decoding the photo once per link took 1.5 GB per
// link. It holds whether the photo is published (7000×7000, just under the
// pixel limit) or refused (10000×10000).
func TestPhotoMemoryBound(t *testing.T) {
	if dir := os.Getenv(memChild); dir != "" {
		renderSixLinks(t, dir, os.Getenv(memWant))
		return
	}
	if raceDetector {
		// The bound is for vitrine as it is built for users: the race
		// detector triples the memory of the pixel loops and makes them
		// twenty times slower. So this test runs again, without it.
		goTool, err := exec.LookPath("go")
		if err != nil {
			t.Fatalf("the go command, to run this test without the race detector: %v", err)
		}
		out, err := exec.Command(goTool, "test", "-count=1", "-run=^TestPhotoMemoryBound$", "-v", ".").CombinedOutput()
		if err != nil || !strings.Contains(string(out), "--- PASS: TestPhotoMemoryBound") {
			t.Fatalf("without the race detector: %v\n%s", err, out)
		}
		t.Logf("without the race detector:\n%s", out)
		return
	}
	const limit = 1 << 30
	for _, c := range []struct {
		name, want string
		w, h       int
	}{
		{"accepted", "2048×2048", 7000, 7000},
		{"refused", "10000×10000 pixels", 10000, 10000},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.Mkdir(filepath.Join(dir, "photos"), 0o755); err != nil {
				t.Fatal(err)
			}
			writePNG16(t, filepath.Join(dir, "photos", "big.png"), c.w, c.h)
			cmd := exec.Command(os.Args[0], "-test.run=^TestPhotoMemoryBound$", "-test.v")
			cmd.Env = append(os.Environ(), memChild+"="+dir, memWant+"="+c.want)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("child: %v\n%s", err, out)
			}
			if !strings.Contains(string(out), "saw "+c.want) {
				t.Fatalf("child did not check its result:\n%s", out)
			}
			// The child's own peak: its rusage would also count the
			// parent's peak, as the child shares the parent's memory until
			// it executes.
			var peak int64
			if _, err := fmt.Sscanf(string(out[strings.Index(string(out), "VmHWM:"):]), "VmHWM: %d kB", &peak); err != nil {
				t.Fatalf("child's peak memory: %v\n%s", err, out)
			}
			peak <<= 10
			t.Logf("peak memory of six links: %d MiB", peak>>20)
			if peak >= limit {
				t.Errorf("peak memory %d MiB, want below %d MiB", peak>>20, limit>>20)
			}
		})
	}
}

// renderSixLinks renders six links of the project in dir at once, with one
// Renderer, and checks that each saw want: the published photo's size, or
// the refusal's words.
func renderSixLinks(t *testing.T, dir, want string) {
	r := newRenderer(t, Options{})
	p := &project.Project{Name: "Groß", Photos: []project.Photo{{File: "photos/big.png"}}}
	var wg sync.WaitGroup
	errs := make([]error, 6)
	seen := make([]string, 6)
	for i := range errs {
		wg.Go(func() {
			v := access.Filter(p, &links.Link{ID: linkID, Locale: "de", Sections: []project.Section{project.SectionPhotos}}, access.Options{})
			files, err := r.Render(t.Context(), v, os.DirFS(dir))
			var pr *problem.Problem
			switch {
			case errors.As(err, &pr) && pr.File == "photos/big.png":
				seen[i] = pr.Msg
			case err != nil:
				errs[i] = err
			default:
				cfg, err := decodeConfig(byPath(t, files)["photos/big.png"].Body)
				errs[i] = err
				seen[i] = fmt.Sprintf("%d×%d", cfg.Width, cfg.Height)
			}
		})
	}
	wg.Wait()
	for i := range errs {
		if errs[i] != nil || !strings.Contains(seen[i], want) {
			t.Fatalf("link %d: saw %q, err %v; want %q", i, seen[i], errs[i], want)
		}
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(status), "VmHWM:")
	if i < 0 {
		t.Fatalf("no VmHWM in /proc/self/status:\n%s", status)
	}
	peak, _, _ := strings.Cut(string(status[i:]), "\n")
	t.Logf("saw %s; %s", want, peak)
}
