// Package qrtest decodes QR codes in tests with ZBar, an independent
// reader, so that the tests of internal/qrcode and of the CLI check the
// same way that a phone would read the code.
package qrtest

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// Decode returns the text of the QR code in the image img (PNG, JPEG …)
// as zbarimg reads it, failing t when it finds none. CI must have zbarimg
// (Debian package zbar-tools); elsewhere the test is skipped with a note.
func Decode(t testing.TB, img []byte) string {
	t.Helper()
	bin, err := exec.LookPath("zbarimg")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("zbarimg is missing; CI must install it: apt-get install -y zbar-tools")
		}
		t.Skip("zbarimg is not installed (apt-get install zbar-tools); cannot decode the QR code")
	}
	name := filepath.Join(t.TempDir(), "code")
	if err := os.WriteFile(name, img, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(bin, "--quiet", "--raw", name).Output()
	if err != nil {
		t.Fatalf("zbarimg found no QR code: %v", err)
	}
	return strings.TrimSpace(string(out))
}
