package browsertest

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// pageCheck loads one link at one viewport and records what the browser
// does while it loads.
type pageCheck struct {
	t    *testing.T
	base string // the link folder's URL, ending in "/"
	vp   viewport
	shot string // artifact path without extension

	mu       sync.Mutex
	urls     map[network.RequestID]string
	done     map[network.RequestID]bool
	bytes    map[string]float64 // bytes transferred, by URL
	problems []string
}

// scrollThrough scrolls the page down a screen at a time, so that every
// lazily loaded image is requested as a customer scrolling would request
// it, then waits until all images have loaded or failed, and returns to
// the top. It waits for frames and load events, never for a time.
const scrollThrough = `(async () => {
  const frame = () => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
  for (let y = 0; y < document.documentElement.scrollHeight; y += innerHeight / 2) {
    scrollTo(0, y);
    await frame();
  }
  await Promise.all([...document.images].map(i => i.complete ? null :
    new Promise(r => { i.addEventListener('load', r); i.addEventListener('error', r); })));
  scrollTo(0, 0);
  await frame();
  return true;
})()`

// run loads the page and checks it.
func (p *pageCheck) run(browser context.Context) {
	t := p.t
	p.urls, p.done, p.bytes = map[network.RequestID]string{}, map[network.RequestID]bool{}, map[string]float64{}
	ctx, cancel := chromedp.NewContext(browser)
	defer cancel()
	if err := chromedp.Listen(ctx, p.event); err != nil {
		t.Fatal(err)
	}
	err := chromedp.Do(ctx,
		p.vp.emulate(),
		reportCSP,
		chromedp.Navigate(p.base),
		chromedp.Evaluate[chromedp.Void](scrollThrough, chromedp.EvalAwaitPromise),
	)
	if err != nil {
		t.Fatal(err)
	}
	p.settle(ctx)

	p.mu.Lock()
	for _, msg := range p.problems {
		t.Error(msg)
	}
	p.mu.Unlock()

	if p.vp.mobile {
		wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
		if err != nil || wide {
			t.Errorf("the page scrolls horizontally at %d px (err %v)", p.vp.width, err)
		}
	}
	p.checkLinks(ctx)
	p.save(ctx, ".png", chromedp.FullScreenshot(100))
	p.darkAndPrint(ctx)
}

// event records one browser event; it runs on chromedp's reading
// goroutine, so it only takes notes.
func (p *pageCheck) event(ev any) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch e := ev.(type) {
	case *network.EventRequestWillBeSent:
		u := e.Request.URL
		p.urls[e.RequestID] = u
		if !strings.HasPrefix(u, p.base) {
			p.problems = append(p.problems, "request outside the link's folder: "+u)
		}
	case *network.EventResponseReceived:
		if e.Response.Status >= 400 {
			p.problems = append(p.problems, fmt.Sprintf("HTTP %d for %s", e.Response.Status, e.Response.URL))
		}
	case *network.EventLoadingFinished:
		p.done[e.RequestID] = true
		p.bytes[p.urls[e.RequestID]] = e.EncodedDataLength
	case *network.EventLoadingFailed:
		p.done[e.RequestID] = true
		p.problems = append(p.problems, fmt.Sprintf("request failed: %s: %s %s", p.urls[e.RequestID], e.ErrorText, e.BlockedReason))
	case *runtime.EventConsoleAPICalled:
		if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
			p.problems = append(p.problems, fmt.Sprintf("console %s: %s", e.Type, args(e.Args)))
		}
	case *runtime.EventExceptionThrown:
		p.problems = append(p.problems, "exception: "+e.ExceptionDetails.Text)
	case *cdplog.EventEntryAdded:
		if e.Entry.Level == cdplog.EntryLevelError || e.Entry.Level == cdplog.EntryLevelWarning {
			p.problems = append(p.problems, fmt.Sprintf("console %s (%s): %s %s", e.Entry.Level, e.Entry.Source, e.Entry.Text, e.Entry.URL))
		}
	}
}

func args(objs []*runtime.RemoteObject) string {
	var s []string
	for _, o := range objs {
		s = append(s, string(o.Value)+o.Description)
	}
	return strings.Join(s, " ")
}

// settle waits until every request the page made has finished or failed:
// the load events inside the page can come before the network's last
// report. Each round trip to the browser delivers the events before it.
func (p *pageCheck) settle(ctx context.Context) {
	for {
		p.mu.Lock()
		pending := len(p.urls) - len(p.done)
		p.mu.Unlock()
		if pending <= 0 {
			return
		}
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`new Promise(r => requestAnimationFrame(r))`, chromedp.EvalAwaitPromise)); err != nil {
			p.t.Fatal(err)
		}
	}
}

// checkLinks checks where the page's links lead: stylesheets and images
// stay in the folder (as the requests showed), links inside the folder
// exist, in-page links have a target, and the rest are web, mail or phone
// links the customer follows on purpose.
func (p *pageCheck) checkLinks(ctx context.Context) {
	t := p.t
	hrefs, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('a[href]')].map(a => a.href)`))
	if err != nil {
		t.Fatal(err)
	}
	missing, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('a[href^="#"]')].map(a => a.hash).filter(h => !document.getElementById(decodeURIComponent(h.slice(1))))`))
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range missing {
		t.Errorf("in-page link %s has no target", h)
	}
	if p.vp.mobile { // the folder is the same at every size
		return
	}
	for _, h := range hrefs {
		switch {
		case strings.HasPrefix(h, "mailto:"), strings.HasPrefix(h, "tel:"):
		case strings.HasPrefix(h, p.base):
			if i := strings.IndexByte(h, '#'); i >= 0 {
				h = h[:i]
			}
			resp, err := http.Get(h)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("link %s: HTTP %d", h, resp.StatusCode)
			}
		case strings.HasPrefix(h, "https://"), strings.HasPrefix(h, "http://"):
			t.Logf("external link (customer's choice to follow): %s", h)
		default:
			t.Errorf("link %s leads nowhere a customer can go", h)
		}
	}
}

// darkAndPrint takes a screenshot in dark mode and, at desktop size,
// prints the page to A4 and checks that print leaves the navigation out.
func (p *pageCheck) darkAndPrint(ctx context.Context) {
	dark := emulation.SetEmulatedMediaParams{Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}}}
	if err := chromedp.Do(ctx, call(emulation.SetEmulatedMedia, dark)); err != nil {
		p.t.Fatal(err)
	}
	p.save(ctx, "-dark.png", chromedp.CaptureScreenshot())
	if p.vp.mobile {
		return
	}
	if err := chromedp.Do(ctx, call(emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: "print"})); err != nil {
		p.t.Fatal(err)
	}
	shown, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll('nav, .skip, .download')].filter(e => getComputedStyle(e).display !== 'none').map(e => e.outerHTML.slice(0, 60))`))
	if err != nil {
		p.t.Fatal(err)
	}
	for _, s := range shown {
		p.t.Errorf("print shows %s…", s)
	}
	yes := true
	p.save(ctx, ".pdf", func(ctx context.Context, t *chromedp.Target) ([]byte, error) {
		r, err := cdp.Call(ctx, t, page.PrintToPDF, page.PrintToPDFParams{PreferCSSPageSize: &yes, PrintBackground: &yes})
		return r.Data, err
	})
}

// call makes an action of a protocol command without result.
func call[P any](c cdp.Command[P, cdp.Empty], params P) chromedp.Action[chromedp.Void] {
	return func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, c, params)
		return chromedp.Void{}, err
	}
}

// save writes what action returns to the artifact path with suffix.
func (p *pageCheck) save(ctx context.Context, suffix string, action chromedp.Action[[]byte]) {
	data, err := chromedp.Run(ctx, action)
	if err != nil {
		p.t.Fatal(err)
	}
	if err := os.WriteFile(p.shot+suffix, data, 0o644); err != nil {
		p.t.Fatal(err)
	}
}

// weight sums the bytes the page transferred, by kind.
func (p *pageCheck) weight() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	kinds := map[string]float64{}
	var total float64
	for u, n := range p.bytes {
		kind := "images"
		switch {
		case strings.HasSuffix(u, "/"), strings.HasSuffix(u, ".html"):
			kind = "html"
		case strings.HasSuffix(u, ".css"):
			kind = "css"
		}
		kinds[kind] += n
		total += n
	}
	var parts []string
	for _, k := range []string{"html", "css", "images"} {
		parts = append(parts, fmt.Sprintf("%s %.1f kB", k, kinds[k]/1000))
	}
	return fmt.Sprintf("%6.1f kB in %d requests (%s)", total/1000, len(p.bytes), strings.Join(slices.Clip(parts), ", "))
}
