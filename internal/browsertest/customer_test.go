package browsertest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/preview"
	"github.com/vitrine/vitrine/internal/render/icstest"
	"github.com/vitrine/vitrine/internal/site"
)

// schneiderDay is the publish day of TestCustomerPage: the Friday the
// demo's facade project got its latest report, four days before its next
// appointment. A fixed day, so that "Neu", "Nächster Termin" and the
// calendar files are what a customer saw then, whatever today is.
var schneiderDay = time.Date(2024, 9, 13, 18, 0, 0, 0, time.UTC)

// TestCustomerPage checks on a phone what the second edition of the page
// promises: the newest report first, what is new, who to call, the next
// appointment with its time and a calendar file, the legal links, the
// page for ended links, and that a neighbour's link shows none of the
// customer's own contact details.
func TestCustomerPage(t *testing.T) {
	exe := chromium(t)
	cfg, err := config.Load(filepath.Join(root, "config.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := site.Open(cfg)
	if err != nil {
		t.Fatal(err)
	}
	gone, err := s.Gone()
	if err != nil {
		t.Fatal(err)
	}
	srv := preview.New(cfg, func() time.Time { return schneiderDay })
	ts := httptest.NewServer(srv)
	defer ts.Close()
	browser := startBrowser(t, exe)
	phone := viewports[0]
	folder := func(label string) string {
		for _, d := range activeLinks(t, cfg, schneiderDay) {
			if d.link.Label == label {
				return ts.URL + "/" + cfg.Prefix + "/" + d.link.ID + "/"
			}
		}
		t.Fatalf("the demo has no active link %q", label)
		return ""
	}

	t.Run("customer", func(t *testing.T) {
		base := folder("Eheleute Schneider")
		tab := open(t, browser, phone, base)
		type facts struct {
			Notes    []string `json:"notes"`
			NewNotes []bool   `json:"newNotes"`
			News     string   `json:"news"`
			Tel      string   `json:"tel"`
			TelTop   float64  `json:"telTop"`
			Mail     string   `json:"mail"`
			Next     string   `json:"next"`
			When     string   `json:"when"`
			ICS      string   `json:"ics"`
			Legal    []string `json:"legal"`
		}
		got := eval[facts](tab, `(() => {
  const who = document.querySelector('.who a[href^="tel:"]');
  const first = document.querySelector('#schedule li');
  return {
    notes: [...document.querySelectorAll('#notes .note time')].map(e => e.dateTime),
    newNotes: [...document.querySelectorAll('#notes .note')].map(n => !!n.querySelector('.new')),
    news: document.querySelector('.news')?.textContent ?? '',
    tel: who?.href ?? '', telTop: who ? who.getBoundingClientRect().bottom : 1e9,
    mail: document.querySelector('.who a[href^="mailto:"]')?.href ?? '',
    next: document.querySelector('.next time')?.textContent ?? '',
    when: first?.querySelector('.when')?.textContent ?? '',
    ics: first?.querySelector('a.ics')?.href ?? '',
    legal: [...document.querySelectorAll('.foot .legal a')].map(a => a.href),
  };
})()`)
		if len(got.Notes) < 2 || !slices.IsSortedFunc(got.Notes, func(a, b string) int { return strings.Compare(b, a) }) || got.Notes[0] != "2024-09-13" {
			t.Errorf("reports %v: want the newest, of 2024-09-13, first", got.Notes)
		}
		if !slices.Equal(got.NewNotes, []bool{true, false, false}) {
			t.Errorf("reports marked new: %v, want only the one of the last seven days", got.NewNotes)
		}
		if got.News != "Neu 1 neuer Bericht seit 07.09." {
			t.Errorf("news line %q", got.News)
		}
		if got.Tel != "tel:01705550123" || got.Mail != "mailto:m.kaya@example.de" {
			t.Errorf("contact links %q, %q", got.Tel, got.Mail)
		}
		if got.TelTop > float64(phone.height) {
			t.Errorf("the phone link ends %.0f px down, below the first screen", got.TelTop)
		}
		if want := "Di 17.09., 7:30–16\u00a0Uhr"; got.Next != want || got.When != want {
			t.Errorf("next appointment %q, first in the schedule %q; want %q", got.Next, got.When, want)
		}
		if want := []string{cfg.Company.ImprintURL, cfg.Company.PrivacyURL}; !slices.Equal(got.Legal, want) || want[0] == "" {
			t.Errorf("footer links %v, want %v", got.Legal, want)
		}
		cal := fetchICS(t, got.ICS)
		if len(cal.Events) != 1 {
			t.Fatalf("%s holds %d events", got.ICS, len(cal.Events))
		}
		e := cal.Events[0]
		if e.Start.Format("2006-01-02 15:04") != "2024-09-17 07:30" || e.End.Format("15:04") != "16:00" || e.Props["SUMMARY"].Value != "Schlussanstrich Süd- und Ostseite" {
			t.Errorf("event %s–%s %q", e.Start, e.End, e.Props["SUMMARY"].Value)
		}
		all := fetchICS(t, base+"calendar.ics")
		if len(all.Events) != 4 {
			t.Errorf("calendar.ics holds %d events, want the 4 upcoming", len(all.Events))
		}
		tab.shot("customer-phone")
		tab.done()
	})

	t.Run("neighbour", func(t *testing.T) {
		tab := open(t, browser, phone, folder("Nachbarschaft (nur Fortschritt)"))
		html := eval[string](tab, `document.documentElement.outerHTML`)
		for _, secret := range []string{"petra.schneider@example.de", "Petra Schneider", "mailto:petra", "123459", "tel:0251123459"} {
			if strings.Contains(html, secret) {
				t.Errorf("a link with overview and progress shows the customer's %q", secret)
			}
		}
		if !eval[bool](tab, `document.body.textContent.includes('Eheleute Schneider')`) {
			t.Error("the customer's name is missing from the overview")
		}
		tab.done()
	})

	t.Run("gone", func(t *testing.T) {
		// Served as the README's web server and CDN settings serve it: for
		// the address of a link that has ended, with status 404. Nothing
		// in it may depend on the address it is shown at.
		ended := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusNotFound)
			w.Write(gone)
		}))
		defer ended.Close()
		tab := open(t, browser, phone, ended.URL+"/"+cfg.Prefix+"/0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e21/")
		type facts struct {
			Text  string   `json:"text"`
			Bg    string   `json:"bg"`
			Links []string `json:"links"`
		}
		got := eval[facts](tab, `({text: document.body.innerText, bg: getComputedStyle(document.body).backgroundColor,
  links: [...document.querySelectorAll('a')].map(a => a.href)})`)
		for _, want := range []string{"Dieser Link ist nicht mehr gültig", "This link is no longer valid", cfg.Company.Name} {
			if !strings.Contains(got.Text, want) {
				t.Errorf("the gone page lacks %q:\n%s", want, got.Text)
			}
		}
		// The theme's background shows that the CSP let the inline style in.
		if got.Bg != "rgb(242, 244, 247)" {
			t.Errorf("background %s: the inline stylesheet was not applied", got.Bg)
		}
		if !slices.Contains(got.Links, cfg.Company.ImprintURL) || !slices.ContainsFunc(got.Links, func(h string) bool { return strings.HasPrefix(h, "tel:") }) {
			t.Errorf("links %v: want the imprint and the company's phone", got.Links)
		}
		tab.shot("gone-phone")
		tab.done()
	})
}

// tab is one page open in Chromium, recording what the browser reports as
// going wrong: script errors, and the errors and warnings it logs, such
// as a style the Content-Security-Policy refused or a file that failed to
// load.
type tab struct {
	t      *testing.T
	ctx    context.Context
	cancel context.CancelFunc
	mu     sync.Mutex
	errs   []string
}

// open loads url in a new tab at viewport vp.
func open(t *testing.T, browser context.Context, vp viewport, url string) *tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(browser)
	tb := &tab{t: t, ctx: ctx, cancel: cancel}
	if err := chromedp.Listen(ctx, func(ev any) {
		var msg string
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				msg = args(e.Args)
			}
		case *runtime.EventExceptionThrown:
			msg = "exception: " + e.ExceptionDetails.Text
		case *cdplog.EventEntryAdded:
			// The page's own status is the test's to check (the page
			// for ended links comes with 404).
			if (e.Entry.Level == cdplog.EntryLevelError || e.Entry.Level == cdplog.EntryLevelWarning) && e.Entry.URL != url {
				msg = fmt.Sprintf("%s (%s): %s %s", e.Entry.Level, e.Entry.Source, e.Entry.Text, e.Entry.URL)
			}
		}
		if msg != "" {
			tb.mu.Lock()
			tb.errs = append(tb.errs, msg)
			tb.mu.Unlock()
		}
	}); err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, vp.emulate(), reportCSP, chromedp.Navigate(url)); err != nil {
		cancel()
		t.Fatal(err)
	}
	return tb
}

// reportCSP makes the next page report as a console error what its
// Content-Security-Policy refused, which Chromium does not log.
func reportCSP(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
	_, err := cdp.Call(ctx, t, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
		Source: `addEventListener('securitypolicyviolation', e => console.error('refused by the CSP: ' + e.violatedDirective + ' ' + e.blockedURI))`,
	})
	return chromedp.Void{}, err
}

// eval runs js in the page of tb and returns its result.
func eval[T any](tb *tab, js string) T {
	tb.t.Helper()
	v, err := chromedp.Run(tb.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		tb.t.Fatal(err)
	}
	return v
}

// shot saves the first screen to docs/NAME.png with -docs.
func (tb *tab) shot(name string) {
	tb.t.Helper()
	if !*docs {
		return
	}
	png, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		tb.t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "docs", name+".png"), png, 0o644); err != nil {
		tb.t.Fatal(err)
	}
}

// done reports the console errors and closes the tab.
func (tb *tab) done() {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	for _, e := range tb.errs {
		tb.t.Errorf("browser: %s", e)
	}
	tb.cancel()
}

// fetchICS downloads a calendar file and parses it strictly.
func fetchICS(t *testing.T, url string) *icstest.Calendar {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("%s: HTTP %d, %s", url, resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	cal, err := icstest.Parse(body)
	if err != nil {
		t.Fatalf("%s: %v\n%s", url, err, body)
	}
	return cal
}
