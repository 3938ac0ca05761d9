package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// readmeShots writes the screenshots the README shows: the first screen of
// the demo's English link (the README is English) on a phone and a desktop.
func readmeShots(t *testing.T, browser context.Context, folders string, demo []demoLink) {
	t.Helper()
	pick := demo[0]
	for _, d := range demo {
		if d.link.Locale == "en" {
			pick = d
			break
		}
	}
	dir := filepath.Join(root, "docs")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, vp := range viewports {
		ctx, cancel := chromedp.NewContext(browser)
		err := chromedp.Do(ctx,
			vp.emulate(),
			chromedp.Navigate(folders+pick.link.ID+"/"),
			chromedp.Evaluate[chromedp.Void](scrollThrough, chromedp.EvalAwaitPromise),
		)
		var png []byte
		if err == nil {
			png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
		}
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		file := filepath.Join(dir, "screenshot-"+vp.name+".png")
		if err := os.WriteFile(file, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("wrote %s (%d kB) from %s", file, len(png)/1000, pick)
	}
}
