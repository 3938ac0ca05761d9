// Package browser opens a page in the default browser of the system
// vitrine runs on, for vitrine desk.
package browser

import (
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// command returns the program and arguments that open url on goos: the
// system's own opener, which picks the browser the user chose. On Linux
// and the BSDs, $BROWSER (a list separated by ':', as xdg-utils reads it)
// comes first where it is set.
func command(goos, url, browserVar string) []string {
	switch goos {
	case "windows":
		// start would need cmd.exe and quoting of & in the URL; this
		// handler takes the URL as one argument.
		return []string{"rundll32", "url.dll,FileProtocolHandler", url}
	case "darwin":
		return []string{"open", url}
	}
	if first, _, _ := strings.Cut(browserVar, ":"); first != "" {
		return []string{first, url}
	}
	return []string{"xdg-open", url}
}

// Open opens url and returns without waiting for the browser to close. It
// fails when the opener cannot be started, e.g. on a server without one.
func Open(url string) error {
	args := command(runtime.GOOS, url, os.Getenv("BROWSER"))
	cmd := exec.Command(args[0], args[1:]...)
	if err := cmd.Start(); err != nil {
		return err
	}
	// The opener is reaped in the background; the desk does not wait for it.
	go func() { _ = cmd.Wait() }()
	return nil
}
