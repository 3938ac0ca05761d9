package desk

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/project"
)

// TestCreateWithTwoSectionsOff creates a link the way the office does
// without JavaScript: the defaults preset, two of them switched off, an
// expiry day typed the German way.
func TestCreateWithTwoSectionsOff(t *testing.T) {
	srv, cfg := newDesk(t)
	b := &browser{t: t, h: srv}
	_, page := b.get("/")
	dach := page[strings.Index(page, `data-project="dach"`):]
	for _, s := range []string{"overview", "progress", "times", "photos", "files"} {
		if !strings.Contains(dach, `value="`+s+`" id="new-dach-`+s+`" checked>`) {
			t.Errorf("default section %s is not preset", s)
		}
	}
	if strings.Contains(dach, `id="new-dach-costs" checked`) {
		t.Error("costs is preset though the defaults lack it")
	}
	form := sections("overview", "progress", "files")
	form.Set("project", "dach")
	form.Set("label", "Familie Dach")
	form.Set("locale", "en")
	form.Set("expires", "31.01.2027")
	resp, body := b.post("/links", form)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %s %s", resp.Status, body)
	}
	f := linksOf(t, cfg, "dach")
	if len(f.Links) != 1 {
		t.Fatalf("links.yaml has %d links", len(f.Links))
	}
	l := f.Links[0]
	want := []project.Section{project.SectionOverview, project.SectionProgress, project.SectionFiles}
	if !slices.Equal(l.Sections, want) || l.Label != "Familie Dach" || l.Locale != "en" || l.Expires.String() != "2027-01-31" {
		t.Errorf("created %+v", l)
	}
	// The redirect leads to the new card with its URL ready to copy.
	_, page = b.get(resp.Header.Get("Location"))
	card := `data-link-id="` + l.ID + `"`
	for _, want := range []string{card, `value="https://projekte.example.de/p/` + l.ID + `/"`, "Lese-Link erstellt",
		`<h2 id="p-dach">Dach Neubau <span class="badge" data-unpublished>noch nicht veröffentlicht</span>`} {
		if !strings.Contains(page, want) {
			t.Errorf("page after create lacks %q", want)
		}
	}
}

// TestCreateRefusals: a past day or a typo keeps the form as typed and
// says why; nothing is written.
func TestCreateRefusals(t *testing.T) {
	srv, cfg := newDesk(t)
	b := &browser{t: t, h: srv}
	for expires, want := range map[string]string{"01.01.2020": "has passed", "31.13.2027": "not a date"} {
		form := sections("overview")
		form.Set("project", "dach")
		form.Set("label", "Familie Dach")
		form.Set("locale", "de")
		form.Set("expires", expires)
		resp, body := b.post("/links", form)
		if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, want) ||
			!strings.Contains(body, `value="`+expires+`"`) || !strings.Contains(body, `value="Familie Dach"`) {
			t.Errorf("expires %s: %s; want the form again with %q", expires, resp.Status, want)
		}
	}
	if _, err := os.Stat(filepath.Join(cfg.Path(cfg.Content), "projects", "dach", "links.yaml")); err == nil {
		t.Error("a refused form wrote links.yaml")
	}
}

// TestToggleAndSave switches a section on and one off and presses
// "Speichern".
func TestToggleAndSave(t *testing.T) {
	srv, cfg := newDesk(t)
	b := &browser{t: t, h: srv}
	resp, body := b.post("/links/"+activeID, sections("overview", "photos"))
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %s %s", resp.Status, body)
	}
	got := linksOf(t, cfg, "bad").Find(activeID).Sections
	if want := []project.Section{project.SectionOverview, project.SectionPhotos}; !slices.Equal(got, want) {
		t.Errorf("sections %v, want %v", got, want)
	}
	_, page := b.get(resp.Header.Get("Location"))
	if !strings.Contains(page, `id="`+activeID+`-photos" checked>`) || strings.Contains(page, `id="`+activeID+`-times" checked>`) {
		t.Error("the card does not show the saved switches")
	}
}

// TestInstantSave: desk.js saves a switch in the background and needs no
// page back.
func TestInstantSave(t *testing.T) {
	srv, cfg := newDesk(t)
	b := &browser{t: t, h: srv}
	b.get("/")
	form := sections("costs")
	form.Set("csrf", b.csrf)
	req := httptest.NewRequest(http.MethodPost, origin+"/links/"+activeID, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if resp, body := b.do(req); resp.StatusCode != http.StatusOK || body != `{"done":"saved"}` {
		t.Fatalf("background save: %s %s", resp.Status, body)
	}
	if got := linksOf(t, cfg, "bad").Find(activeID).Sections; !slices.Equal(got, []project.Section{project.SectionCosts}) {
		t.Errorf("sections %v after the background save", got)
	}
}

// TestPublishAndDeactivate publishes, checks that a hidden section is not
// on the page, deactivates with confirmation, and checks the page is gone.
func TestPublishAndDeactivate(t *testing.T) {
	srv, cfg := newDesk(t)
	b := &browser{t: t, h: srv}
	page := filepath.Join(cfg.Path(cfg.Storage.Dir), "p", activeID, "index.html")

	resp, body := b.post("/publish", url.Values{})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/" {
		t.Fatalf("publish: %s %s", resp.Status, body)
	}
	if html := readFile(page); !strings.Contains(html, "Wandfliesen") {
		t.Fatalf("published page lacks the times section: %q", html)
	}
	_, index := b.get("/")
	if !regexp.MustCompile(`Veröffentlicht: [1-9]\d* hochgeladen, 0 gelöscht, 0 unverändert, \d+(,\d)? [kM]?B\.`).MatchString(index) {
		t.Errorf("the desk shows no summary of the publish: %s", index)
	}
	if strings.Contains(index, "noch nicht veröffentlicht</span>") || !strings.Contains(index, "Zuletzt veröffentlicht") {
		t.Error("after publishing, the desk still shows unpublished changes or no publish time")
	}

	// times off: the next publish drops it from the page.
	b.post("/links/"+activeID, sections("overview"))
	if _, index := b.get("/"); !strings.Contains(index, `<span class="badge" data-unpublished>`) {
		t.Error("a saved change is not marked unpublished")
	}
	b.post("/publish", url.Values{})
	if html := readFile(page); html == "" || strings.Contains(html, "Wandfliesen") {
		t.Error("the hidden times section is still published")
	}

	// Deactivate: first the confirmation, then for good.
	resp, _ = b.post("/links/"+activeID+"/deactivate", url.Values{})
	if loc := resp.Header.Get("Location"); resp.StatusCode != http.StatusSeeOther || loc != "/links/"+activeID+"/deactivate" {
		t.Fatalf("deactivate without confirmation: %s to %q", resp.Status, loc)
	}
	if linksOf(t, cfg, "bad").Find(activeID).Deactivated != nil || readFile(page) == "" {
		t.Fatal("deactivated without confirmation")
	}
	_, confirm := b.get("/links/" + activeID + "/deactivate")
	if !strings.Contains(confirm, "für immer tot") || !strings.Contains(confirm, "neue Adresse") || !strings.Contains(confirm, `name="confirm" value="yes"`) {
		t.Errorf("confirmation page: %s", confirm)
	}
	resp, body = b.post("/links/"+activeID+"/deactivate", url.Values{"confirm": {"yes"}})
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivate: %s %s", resp.Status, body)
	}
	if linksOf(t, cfg, "bad").Find(activeID).Deactivated == nil {
		t.Error("links.yaml does not record the deactivation")
	}
	if _, err := os.Stat(page); !os.IsNotExist(err) {
		t.Errorf("the page is still in the storage: %v", err)
	}
	_, index = b.get(resp.Header.Get("Location"))
	if !strings.Contains(index, "Die Seite ist gelöscht") || !strings.Contains(index, `class="card ended`) {
		t.Error("the desk does not confirm that the page is gone")
	}
	// An ended link has no switches any more.
	if resp, _ := b.post("/links/"+activeID, sections("overview", "times")); resp.StatusCode != http.StatusConflict {
		t.Errorf("changing a deactivated link: %s", resp.Status)
	}
}

// TestProblemsNextToProject: a fault in the records shows in its project,
// with file and line.
func TestProblemsNextToProject(t *testing.T) {
	srv, cfg := newDesk(t)
	writeFile(t, filepath.Join(cfg.Path(cfg.Content), "projects", "bad", "times.csv"), "Datum;Stunden\n03.05.2024;7,x\n")
	_, page := (&browser{t: t, h: srv}).get("/")
	bad := page[strings.Index(page, `data-project="bad"`):strings.Index(page, `data-project="dach"`)]
	if !strings.Contains(bad, "<code>site/projects/bad/times.csv</code>, Zeile 2:") {
		t.Errorf("the problem is not shown in its project: %s", bad)
	}
}

// TestLiveAndSearch: an edit on disk shows on the next request; the
// search narrows the projects without JavaScript.
func TestLiveAndSearch(t *testing.T) {
	srv, cfg := newDesk(t)
	b := &browser{t: t, h: srv}
	writeFile(t, filepath.Join(cfg.Path(cfg.Content), "projects", "dach", "project.yaml"), "name: Dach Sanierung Ost\nstatus: active\n")
	if _, page := b.get("/"); !strings.Contains(page, "Dach Sanierung Ost") {
		t.Error("the edit does not show")
	}
	for q, want := range map[string][]string{"familie test": {"bad"}, "OST": {"dach"}, "2024-017": {"bad"}, "nichts": nil} {
		_, page := b.get("/?q=" + url.QueryEscape(q))
		for _, slug := range []string{"bad", "dach"} {
			if got := strings.Contains(page, `data-project="`+slug+`"`); got != slices.Contains(want, slug) {
				t.Errorf("search %q: project %s shown = %v", q, slug, got)
			}
		}
	}
}

// TestLinkPages: QR code, message and preview of a link.
func TestLinkPages(t *testing.T) {
	srv, _ := newDesk(t)
	b := &browser{t: t, h: srv}
	for path, want := range map[string]string{
		"/links/" + activeID + "/qr":      "qr.png?download",
		"/links/" + activeID + "/qr.svg":  "<svg",
		"/links/" + activeID + "/qr.png":  "\x89PNG",
		"/links/" + activeID + "/message": "https://projekte.example.de/p/" + activeID + "/",
		"/p/" + activeID + "/":            "Wandfliesen",
	} {
		if resp, body := b.get(path); resp.StatusCode != http.StatusOK || !strings.Contains(body, want) {
			t.Errorf("GET %s: %s, want %q in the body", path, resp.Status, want)
		}
	}
	if resp, _ := b.get("/links/9a1c2a3b-9d8e-4f70-8a6b-1c2d3e4f5a6b/qr"); resp.StatusCode != http.StatusNotFound {
		t.Errorf("QR of an unknown link: %s", resp.Status)
	}
}

// TestTextsComplete: every language has every text and section name.
func TestTextsComplete(t *testing.T) {
	for l, words := range texts {
		for key := range texts["de"] {
			if words[key] == "" {
				t.Errorf("%s lacks %q", l, key)
			}
		}
		if len(words) != len(texts["de"]) {
			t.Errorf("%s has %d texts, de %d", l, len(words), len(texts["de"]))
		}
		for _, s := range project.AllSections {
			if project.SectionNames[l][s] == "" {
				t.Errorf("%s lacks the name of section %s", l, s)
			}
		}
	}
}

// TestPublishWithFaults: a project whose records are at fault keeps its
// pages and stays "noch nicht veröffentlicht", with the fault shown; the
// other projects are published.
func TestPublishWithFaults(t *testing.T) {
	srv, cfg := newDesk(t)
	b := &browser{t: t, h: srv}
	form := sections("overview")
	form.Set("project", "dach")
	form.Set("locale", "de")
	b.post("/links", form)
	writeFile(t, filepath.Join(cfg.Path(cfg.Content), "projects", "bad", "times.csv"), "Datum;Stunden\n03.05.2024;7,x\n")
	if resp, body := b.post("/publish", url.Values{}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %s %s", resp.Status, body)
	}
	if readFile(filepath.Join(cfg.Path(cfg.Storage.Dir), "p", activeID, "index.html")) != "" {
		t.Error("the project at fault was published")
	}
	_, page := b.get("/")
	bad := page[strings.Index(page, `data-project="bad"`):strings.Index(page, `data-project="dach"`)]
	dach := page[strings.Index(page, `data-project="dach"`):]
	if !strings.Contains(bad, "noch nicht veröffentlicht</span>") || !strings.Contains(bad, "times.csv</code>, Zeile 2") {
		t.Errorf("the project at fault is not shown as unpublished with its problem: %s", bad)
	}
	if strings.Contains(dach, "noch nicht veröffentlicht</span>") {
		t.Error("the published project is still shown as unpublished")
	}
	if !strings.Contains(page, "Für diese Projekte blieb die Seite, wie sie war") {
		t.Error("the publish summary does not name the faults")
	}
}

// TestEnglish: the desk speaks the config's locale.
func TestEnglish(t *testing.T) {
	srv, cfg := newDesk(t)
	cfg.Locale = "en"
	_, page := (&browser{t: t, h: srv}).get("/")
	for _, want := range []string{`<html lang="en">`, ">Overview</label>", ">Reports</label>", ">Documents</label>", ">Create read link</button>", ">Publish</button>"} {
		if !strings.Contains(page, want) {
			t.Errorf("English desk lacks %q", want)
		}
	}
}

func TestSize(t *testing.T) {
	for n, want := range map[int64]string{999: "999 B", 1500: "1,5 kB", 2_340_000: "2,3 MB", 5e12: "5,0 TB", 7e15: "7000,0 TB"} {
		if got := size(texts["de"], n); got != want {
			t.Errorf("size(%d) = %q, want %q", n, got, want)
		}
	}
	if got := size(texts["en"], 1500); got != "1.5 kB" {
		t.Errorf("English size(1500) = %q", got)
	}
}

// TestLinkTheSiteDoesNotPublish: an entry active in its links.yaml whose
// id another project also holds is not published, so the desk must not
// offer it as a live link with switches and a URL to copy.
func TestLinkTheSiteDoesNotPublish(t *testing.T) {
	srv, cfg := newDesk(t)
	writeFile(t, filepath.Join(cfg.Path(cfg.Content), "projects", "dach", "links.yaml"), siteFiles["site/projects/bad/links.yaml"])
	b := &browser{t: t, h: srv}
	_, page := b.get("/")
	if n := strings.Count(page, `data-link-id="`+activeID+`"`); n != 2 {
		t.Fatalf("%d cards of the shared link, want one per project", n)
	}
	if strings.Contains(page, `class="card" data-link-id="`+activeID) || !strings.Contains(page, "wird nicht veröffentlicht") {
		t.Fatal("the desk shows a link that is not published as active")
	}
}

// TestImportWarningsOnTheDesk: rows of an export in the imports folder
// that name no project are listed on the desk, as check and publish list
// them, so that the office can add a missing name to import_names.
func TestImportWarningsOnTheDesk(t *testing.T) {
	srv, cfg := newDesk(t)
	writeFile(t, filepath.Join(cfg.Path(cfg.Content), "imports", "zeiten.csv"),
		"Datum;Stunden;Tätigkeit;Projekt\n03.05.2024;2;Lack;2024-017\n04.05.2024;3;Kaffee;Büro intern\n")
	b := &browser{t: t, h: srv}
	_, page := b.get("/")
	if !strings.Contains(page, "Zeilen der Exporte ohne Projekt") || !strings.Contains(page, "zeiten.csv:3") || !strings.Contains(page, "Büro intern") {
		t.Fatal("the desk does not list the row of no project")
	}
}
