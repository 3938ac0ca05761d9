package browsertest

import (
	"context"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/preview"
	"github.com/vitrine/vitrine/internal/site"
)

var docs = flag.Bool("docs", false, "write the README screenshots to docs/")

// root is the repository, where the demo's config.yaml is.
const root = "../.."

// viewport is a screen the pages are checked at.
type viewport struct {
	name          string
	width, height int64
	scale         float64
	mobile        bool
}

// viewports are a common phone (iPhone 12 to 15) and a small laptop.
var viewports = []viewport{
	{name: "phone", width: 390, height: 844, scale: 2, mobile: true},
	{name: "desktop", width: 1280, height: 800, scale: 1},
}

// emulate makes the tab a device of the viewport's size.
func (vp viewport) emulate() chromedp.Action[chromedp.Void] {
	opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(vp.scale)}
	if vp.mobile {
		opts = append(opts, chromedp.EmulatePortrait, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	return chromedp.EmulateViewport(vp.width, vp.height, opts...)
}

// demoLink is an active link of the demo and its project.
type demoLink struct {
	slug string
	link *links.Link
}

func (d demoLink) String() string { return d.slug + "/" + d.link.ID[:8] }

// demoDay is the publish day of TestDemoLinks: the day the demo's roof
// project (the English link the README shows) got a report, three days
// before its next appointment. The pages are those of that day, whatever
// today is, so that the screenshots show what is new and what comes next.
var demoDay = time.Date(2024, 10, 18, 18, 0, 0, 0, time.UTC)

// TestDemoLinks serves the demo through the preview server, which renders
// exactly what build publishes, and checks every active link in Chromium.
func TestDemoLinks(t *testing.T) {
	exe := chromium(t)
	cfg, err := config.Load(filepath.Join(root, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	now := func() time.Time { return demoDay }
	srv := preview.New(cfg, now)
	if _, err := srv.Build(t.Context()); err != nil {
		t.Fatalf("the demo does not build: %v", err)
	}
	ts := httptest.NewServer(srv)
	defer ts.Close()

	demo := activeLinks(t, cfg, now())
	if len(demo) == 0 {
		t.Fatal("the demo has no active link")
	}
	browser := startBrowser(t, exe)
	out := filepath.Join(root, "artifacts", "browser")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	var weights []string
	for _, d := range demo {
		for _, vp := range viewports {
			t.Run(d.String()+"/"+vp.name, func(t *testing.T) {
				p := &pageCheck{t: t, base: ts.URL + "/" + cfg.Prefix + "/" + d.link.ID + "/", vp: vp,
					shot: filepath.Join(out, d.slug+"-"+d.link.ID[:8]+"-"+vp.name)}
				p.run(browser)
				if vp.name == "desktop" {
					weights = append(weights, fmt.Sprintf("%-28s %-34s %s", d.slug, d.link.Label, p.weight()))
				}
			})
		}
	}
	report := "page weight of each demo link: bytes Chromium transferred with every image scrolled into view\n" + strings.Join(weights, "\n") + "\n"
	t.Log(report)
	if err := os.WriteFile(filepath.Join(out, "weights.txt"), []byte(report), 0o644); err != nil {
		t.Fatal(err)
	}
	if *docs {
		readmeShots(t, browser, ts.URL+"/"+cfg.Prefix+"/", demo)
	}
}

// activeLinks returns the demo's active links, sorted by project.
func activeLinks(t *testing.T, cfg *config.Config, now time.Time) []demoLink {
	t.Helper()
	s, err := site.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var out []demoLink
	for _, rec := range s.Records(now) {
		if rec.Active {
			p, l, _ := s.Find(rec.ID)
			out = append(out, demoLink{slug: p.Slug, link: l})
		}
	}
	slices.SortFunc(out, func(a, b demoLink) int { return strings.Compare(a.String(), b.String()) })
	return out
}

// chromium returns the browser to run. Without one the test cannot say
// anything: it skips on a developer's machine, and fails in CI, where a
// skipped browser test would pass unnoticed.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("VITRINE_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	const msg = "no chromium found: install it (Debian: apt-get install chromium) or set VITRINE_CHROMIUM to run the browser test"
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// startBrowser starts one headless Chromium for the whole test, with a
// fresh profile and nothing that talks to Google on its own: the test
// watches every request, and those would count against the page.
func startBrowser(t *testing.T, exe string) context.Context {
	t.Helper()
	alloc, cancelAlloc := chromedp.NewExecAllocator(t.Context(),
		chromedp.ExecPath(exe),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("hide-scrollbars", true),
	)
	browser, cancelBrowser := chromedp.NewContext(alloc)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
	})
	if err := chromedp.Do(browser); err != nil {
		t.Fatalf("start %s: %v", exe, err)
	}
	return browser
}
