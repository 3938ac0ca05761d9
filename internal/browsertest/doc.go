// Package browsertest opens every active demo link in headless Chromium, at
// a phone's and a desktop's size, and checks what only a browser can tell:
// no console error, no failed request, no request outside the link's folder,
// no horizontal scrolling on a phone, a print layout without navigation.
// It saves screenshots and print PDFs under artifacts/browser/ for people to
// look at, and with -docs refreshes the README's screenshots in docs/.
//
// The package holds tests only. Chromium is looked up as chromium,
// chromium-browser or google-chrome, or taken from $VITRINE_CHROMIUM; when
// it is missing the test skips, except under CI=true, where it fails.
package browsertest
