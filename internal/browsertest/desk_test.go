package browsertest

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/vitrine/vitrine/internal/project"
)

// deskProject is the demo project the office worker hands a link out for;
// it has data for every section, so a permitted section always shows.
const deskProject = "2024-017-bad-mueller"

// switchLabels are the desk's German names of the sections, which its
// switches carry as labels.
var switchLabels = map[project.Section]string{
	project.SectionOverview: "Übersicht",
	project.SectionProgress: "Fortschritt",
	project.SectionTimes:    "Zeiten",
	project.SectionSchedule: "Termine",
	project.SectionNotes:    "Berichte",
	project.SectionPhotos:   "Fotos",
	project.SectionFiles:    "Dokumente",
	project.SectionTeam:     "Team",
	project.SectionCosts:    "Kosten",
}

// TestDesk drives `vitrine desk` as an office worker does, once with
// JavaScript and once without: create a link with two sections off, take
// its address, publish, find only the permitted sections on the customer's
// page, switch one on, publish, see it, deactivate, publish, and find the
// page gone. It also saves screenshots of the desk.
func TestDesk(t *testing.T) {
	exe := chromium(t)
	bin := buildVitrine(t)
	browser := startBrowser(t, exe)
	for _, js := range []bool{true, false} {
		name := "javascript"
		if !js {
			name = "no-javascript"
		}
		t.Run(name, func(t *testing.T) {
			d := startDesk(t, bin)
			files := httptest.NewServer(http.FileServer(http.Dir(d.storageDir())))
			defer files.Close()
			f := newDeskFlow(t, browser, d, files.URL, js)
			f.run()
		})
	}
	t.Run("screenshots", func(t *testing.T) {
		deskShots(t, browser, startDesk(t, bin))
	})
}

// deskFlow is one office worker's session in a desk tab.
type deskFlow struct {
	t     *testing.T
	d     *desk
	tab   context.Context // the desk
	pages context.Context // the browser, for tabs with customer pages
	files string          // URL of the storage folder
	js    bool
	seen  *pageCheck // what the desk tab does: console errors, failed requests

	mu      sync.Mutex
	dialogs []string // messages of the JavaScript dialogs the desk opened
}

func newDeskFlow(t *testing.T, b context.Context, d *desk, files string, js bool) *deskFlow {
	tab, cancel := chromedp.NewContext(b)
	t.Cleanup(cancel)
	f := &deskFlow{t: t, d: d, tab: tab, pages: b, files: files, js: js,
		seen: &pageCheck{t: t, base: d.url, urls: map[network.RequestID]string{}, done: map[network.RequestID]bool{}, bytes: map[string]float64{}}}
	if err := chromedp.Listen(tab, f.event); err != nil {
		t.Fatal(err)
	}
	if !js {
		if _, err := chromedp.Call(tab, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true}); err != nil {
			t.Fatal(err)
		}
	}
	// The clipboard is the office worker's; the browser asks before a page
	// reads it, which the test answers for them.
	for _, perm := range []string{"clipboard-read", "clipboard-write"} {
		if _, err := chromedp.CallBrowser(tab, browser.SetPermission, browser.SetPermissionParams{
			Permission: &browser.PermissionDescriptor{Name: perm}, Setting: browser.PermissionSettingGranted, Origin: strings.TrimSuffix(d.url, "/"),
		}); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

// event answers a confirmation dialog as the office worker does, and
// passes everything else to the page checker. It runs on chromedp's
// reading goroutine, so it answers from another.
func (f *deskFlow) event(ev any) {
	if e, ok := ev.(*page.EventJavascriptDialogOpening); ok {
		f.mu.Lock()
		f.dialogs = append(f.dialogs, e.Message)
		f.mu.Unlock()
		go chromedp.Call(f.tab, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		return
	}
	f.seen.event(ev)
}

func (f *deskFlow) run() {
	t, d := f.t, f.d
	f.do(chromedp.Navigate(d.url), chromedp.WaitVisible(chromedp.CSS(f.project())))

	id := f.create(project.SectionTimes, project.SectionPhotos)
	f.checkCard(id)

	f.publish(id, "the page of the new link", func(page []byte) bool { return page != nil })
	f.checkPage(id, without(d.defaults(), project.SectionTimes, project.SectionPhotos))

	f.toggle(id, project.SectionTimes)
	if got := d.link(deskProject, id).Sections; !slices.Contains(got, project.SectionTimes) {
		t.Fatalf("links.yaml holds sections %v after switching Zeiten on", got)
	}
	f.publish(id, "the page with Zeiten", func(page []byte) bool { return strings.Contains(string(page), `<section id="times"`) })
	f.checkPage(id, without(d.defaults(), project.SectionPhotos))

	f.deactivate(id)
	f.publish(id, "the page deleted", func(page []byte) bool { return page == nil })
	f.checkGone(id)

	f.seen.mu.Lock()
	for _, msg := range f.seen.problems {
		t.Errorf("desk: %s", msg)
	}
	f.seen.mu.Unlock()
}

// project is the CSS selector of the project on the desk.
func (f *deskFlow) project() string { return fmt.Sprintf("[data-project=%q]", deskProject) }

// card is the CSS selector of the link's card.
func (f *deskFlow) card(id string) string { return fmt.Sprintf("[data-link-id=%q]", id) }

// create makes a link in the project with the defaults except the hidden
// sections, and returns its id.
func (f *deskFlow) create(hidden ...project.Section) string {
	t, d := f.t, f.d
	before, err := chromedp.Run(f.tab, chromedp.Evaluate[[]string](
		`[...document.querySelectorAll(`+strconv.Quote(f.project()+" [data-link-id]")+`)].map(e => e.dataset.linkId)`))
	if err != nil {
		t.Fatal(err)
	}
	// The form for a new link is the project's form with switches outside
	// every card; it may sit behind the button that opens it.
	form := `[...document.querySelectorAll(` + strconv.Quote(f.project()+" form") + `)].find(f => f.querySelector('input[type=checkbox]') && !f.closest('[data-link-id]'))`
	if open, err := chromedp.Run(f.tab, chromedp.Evaluate[bool](`(() => { const f = `+form+`; return !!f && f.getClientRects().length > 0 })()`)); err != nil {
		t.Fatal(err)
	} else if !open {
		f.press(elJS(f.project()), "Lese-Link erstellen")
		f.do(chromedp.WaitVisible(chromedp.JSPath(form)))
	}
	if got := f.switches(form); !slices.Equal(got, d.defaults()) {
		t.Errorf("a new link starts with the sections %v, want the defaults %v", got, d.defaults())
	}
	for _, s := range hidden {
		f.flip(form, s)
	}
	if got, want := f.switches(form), without(d.defaults(), hidden...); !slices.Equal(got, want) {
		t.Fatalf("after switching %v off the form has %v, want %v", hidden, got, want)
	}
	f.press(form, "Lese-Link erstellen")

	fresh := f.project() + " [data-link-id]"
	for _, id := range before {
		fresh += fmt.Sprintf(":not([data-link-id=%q])", id)
	}
	f.do(chromedp.WaitVisible(chromedp.CSS(fresh)))
	id, err := chromedp.Run(f.tab, chromedp.Evaluate[string](`document.querySelector(`+strconv.Quote(fresh)+`).dataset.linkId`))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := d.link(deskProject, id).Sections, without(d.defaults(), hidden...); !slices.Equal(got, want) {
		t.Errorf("links.yaml holds sections %v for the new link, want %v", got, want)
	}
	return id
}

// checkCard checks that the card shows the link's full address and offers
// every action, and with JavaScript copies the address to the clipboard.
func (f *deskFlow) checkCard(id string) {
	t := f.t
	url := f.d.publicURL(id)
	card := elJS(f.card(id))
	shown, err := chromedp.Run(f.tab, chromedp.Evaluate[string](
		`(() => { const c = `+card+`; return [c.innerText, ...[...c.querySelectorAll('input, textarea')].map(i => i.value)].join('\n') })()`))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(shown, url) {
		t.Errorf("the card of %s does not show its address %s; it shows:\n%s", id, url, shown)
	}
	for _, action := range []string{"Link kopieren", "QR-Code", "Nachricht", "Vorschau", "Deaktivieren"} {
		if ok, err := chromedp.Run(f.tab, chromedp.Evaluate[bool](`!!`+actionJS(card, action))); err != nil || !ok {
			t.Errorf("the card of %s has no visible %q (err %v)", id, action, err)
		}
	}
	if !f.js {
		return
	}
	f.press(elJS(f.card(id)), "Link kopieren")
	var clip string
	eventually(t, "the address in the clipboard after Link kopieren", func() bool {
		clip, err = chromedp.Run(f.tab, chromedp.Evaluate[string](`navigator.clipboard.readText()`, chromedp.EvalAwaitPromise))
		return err == nil && clip == url
	})
}

// toggle flips the section's switch on the link's card, and without
// JavaScript saves the card.
func (f *deskFlow) toggle(id string, s project.Section) {
	card := elJS(f.card(id))
	f.flip(card, s)
	if !f.js {
		f.press(elJS(f.card(id)), "Speichern")
	}
	eventually(f.t, "links.yaml saves the switch "+switchLabels[s], func() bool {
		return slices.Contains(f.d.link(deskProject, id).Sections, s)
	})
	f.do(chromedp.WaitVisible(chromedp.JSPath(textJS(`document.body`, "noch nicht veröffentlicht"))))
}

// deactivate presses the card's Deaktivieren and confirms, in a browser
// dialog or in the desk's own confirmation.
func (f *deskFlow) deactivate(id string) {
	t := f.t
	f.press(elJS(f.card(id)), "Deaktivieren")
	f.mu.Lock()
	asked := len(f.dialogs) > 0
	f.mu.Unlock()
	if !asked {
		f.press(`document.body`, "Endgültig deaktivieren")
	}
	eventually(t, "links.yaml records the deactivation", func() bool {
		return f.d.link(deskProject, id).Deactivated != nil
	})
}

// publish presses Veröffentlichen and waits until the storage holds what
// is expected of the link's page, and the desk reports nothing unpublished.
func (f *deskFlow) publish(id, what string, done func(page []byte) bool) {
	f.press(`document.body`, "Veröffentlichen")
	eventually(f.t, what+" after Veröffentlichen", func() bool { return done(f.d.published(id)) })
	f.do(chromedp.WaitNotPresent(chromedp.JSPath(textJS(`document.body`, "noch nicht veröffentlicht"))))
}

// checkPage opens the published page as the customer does and checks that
// it shows exactly the permitted sections.
func (f *deskFlow) checkPage(id string, want []project.Section) {
	ctx, cancel := chromedp.NewContext(f.pages)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(f.files+"/"+f.d.cfg.Prefix+"/"+id+"/"))
	if err != nil {
		f.t.Fatal(err)
	}
	if resp.Status != http.StatusOK {
		f.t.Fatalf("the published page of %s: HTTP %d", id, resp.Status)
	}
	ids, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('main section[id]')].map(s => s.id)`))
	if err != nil {
		f.t.Fatal(err)
	}
	var got []project.Section
	for _, s := range ids {
		got = append(got, project.Section(s))
	}
	if !slices.Equal(got, want) {
		f.t.Errorf("the published page shows the sections %v, want %v", got, want)
	}
}

// checkGone checks that the customer finds no page at the link's address.
func (f *deskFlow) checkGone(id string) {
	ctx, cancel := chromedp.NewContext(f.pages)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(f.files+"/"+f.d.cfg.Prefix+"/"+id+"/"))
	if err != nil {
		f.t.Fatal(err)
	}
	if resp.Status != http.StatusNotFound {
		f.t.Errorf("the deactivated link's page: HTTP %d, want 404", resp.Status)
	}
	if _, err := os.Stat(filepath.Dir(f.d.pageFile(id))); err == nil {
		f.t.Errorf("the deactivated link's folder is still in the storage")
	}
}

// switches returns the sections switched on in the element scope (a
// JavaScript expression), in page order.
func (f *deskFlow) switches(scope string) []project.Section {
	on, err := chromedp.Run(f.tab, chromedp.Evaluate[map[string]bool](
		`Object.fromEntries([...(`+scope+`).querySelectorAll('label')].filter(l => l.control && l.control.type === 'checkbox').map(l => [`+normJS("l")+`, l.control.checked]))`))
	if err != nil {
		f.t.Fatal(err)
	}
	var got []project.Section
	for _, s := range project.AllSections {
		if on[switchLabels[s]] {
			got = append(got, s)
		}
	}
	return got
}

// flip clicks the section's switch (the checkbox its label names) in
// scope, as a person clicks a slider, and checks that it changed.
func (f *deskFlow) flip(scope string, s project.Section) {
	label := `[...(` + scope + `).querySelectorAll('label')].find(l => ` + normJS("l") + ` === ` + strconv.Quote(switchLabels[s]) + ` && l.control && l.control.type === 'checkbox')`
	before, err := chromedp.Run(f.tab, chromedp.Evaluate[bool](label+`.control.checked`))
	if err != nil {
		f.t.Fatalf("no switch labelled %q: %v", switchLabels[s], err)
	}
	// A DOM click, not the mouse: in Chromium the switch's box can lie
	// under a neighbour's label (see the report of the desk test).
	f.do(chromedp.Evaluate[chromedp.Void](label + `.control.click()`))
	if after, err := chromedp.Run(f.tab, chromedp.Evaluate[bool](label+`.control.checked`)); err != nil || after == before {
		f.t.Fatalf("clicking %q left its switch at %v (err %v)", switchLabels[s], before, err)
	}
}

// press clicks the visible action named text inside scope (a JavaScript
// expression of an element). Without JavaScript every action is a form's
// button, so the press loads a page, which the flow waits for.
func (f *deskFlow) press(scope, text string) {
	click := f.click(actionJS(scope, text))
	if f.js {
		f.do(click)
		return
	}
	ctx, cancel := context.WithTimeout(f.tab, patience)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.WaitEvent(page.LoadEventFired, nil, click)); err != nil {
		f.t.Fatalf("press %q: %v", text, err)
	}
}

// click scrolls the element of the expression to the middle of the
// screen, clear of the desk's sticky bar, and clicks it with the mouse.
func (f *deskFlow) click(el string) chromedp.Action[chromedp.Void] {
	return chromedp.Steps(
		chromedp.WaitVisible(chromedp.JSPath(el)),
		chromedp.Evaluate[chromedp.Void](`(`+el+`).scrollIntoView({block: 'center'})`),
		chromedp.Click(chromedp.JSPath(el), chromedp.NodeVisible),
	)
}

// do runs the actions in the desk tab; a wait for an element that never
// comes ends after patience.
func (f *deskFlow) do(actions ...chromedp.Action[chromedp.Void]) {
	f.t.Helper()
	ctx, cancel := context.WithTimeout(f.tab, patience)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		f.t.Fatal(err)
	}
}

// elJS is the expression of the first element the CSS selector matches.
func elJS(css string) string { return `document.querySelector(` + strconv.Quote(css) + `)` }

// normJS is the text of element e with white space collapsed.
func normJS(e string) string { return e + `.textContent.replace(/\s+/g, ' ').trim()` }

// actionJS is the expression of the visible button or link in scope whose
// text is the action.
func actionJS(scope, action string) string {
	return `[...(` + scope + `).querySelectorAll('button, a[href], input[type=submit]')].find(b => b.getClientRects().length > 0 && (` + normJS("b") + ` || b.value) === ` + strconv.Quote(action) + `)`
}

// textJS is the expression of the innermost visible element in scope
// whose own text contains s, or undefined.
func textJS(scope, s string) string {
	return `[...(` + scope + `).querySelectorAll('*')].find(e => e.getClientRects().length > 0 && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.includes(` + strconv.Quote(s) + `)))`
}

// deskShots saves the desk's first screen at each viewport to the
// artifacts, and with -docs to the README's docs/desk-*.png.
func deskShots(t *testing.T, browser context.Context, d *desk) {
	out := filepath.Join(root, "artifacts", "browser")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, vp := range viewports {
		ctx, cancel := chromedp.NewContext(browser)
		err := chromedp.Do(ctx, vp.emulate(), chromedp.Navigate(d.url), chromedp.WaitVisible(chromedp.CSS("[data-project]")))
		var wide bool
		if err == nil && vp.mobile {
			wide, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > document.documentElement.clientWidth`))
		}
		var png []byte
		if err == nil {
			png, err = chromedp.Run(ctx, chromedp.CaptureScreenshot())
		}
		cancel()
		if err != nil {
			t.Fatal(err)
		}
		if wide {
			t.Errorf("the desk scrolls horizontally at %d px", vp.width)
		}
		dirs := []string{out}
		if *docs {
			dirs = append(dirs, filepath.Join(root, "docs"))
		}
		for _, dir := range dirs {
			file := filepath.Join(dir, "desk-"+vp.name+".png")
			if err := os.WriteFile(file, png, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("wrote %s (%d kB)", file, len(png)/1000)
		}
	}
}
