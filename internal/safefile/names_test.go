package safefile

import (
	"strings"
	"testing"
)

func TestUnportable(t *testing.T) {
	tests := []struct {
		name string
		want string // substring of the reason; "" = portable
	}{
		{"Küche vorher.jpg", ""},
		{"Angebot März.pdf", ""},
		{"Übergabe.pdf", ""},
		{"Ku\u0308che.jpg", ""}, // NFD, as macOS writes it
		{"50% Anzahlung #2.pdf", ""},
		{".hidden", ""},
		{"CONTRACT.pdf", ""}, // only the whole name before the dot is a device
		{"COM10.txt", ""},
		{"console.log", ""},
		{"Foto .jpg", ""}, // the space is not at the end
		{"", "not a file name"},
		{".", "not a file name"},
		{"..", "not a file name"},
		{"Angebot.", "ends with a dot"},
		{"Angebot.pdf ", "ends with a dot or a space"},
		{"Frage?.pdf", "'?'"},
		{"12:30 Termin.pdf", "':'"},
		{"a*b.pdf", "'*'"},
		{"a<b>.pdf", "'<'"},
		{"a|b.pdf", "'|'"},
		{`Fenster "Nord".pdf`, `'"'`},
		{`a\b.pdf`, `'\'`},
		{"a/b.pdf", "'/'"},
		{"a\tb.pdf", "U+0009"},
		{"CON", "device name"},
		{"con.pdf", "device name"},
		{"Nul.tar.gz", "device name"},
		{"aux .jpg", "device name"},
		{"PRN.txt", "device name"},
		{"COM1.jpg", "device name"},
		{"lpt9.pdf", "device name"},
		{"COM¹.pdf", "device name"},
		{"conin$.txt", "device name"},
	}
	for _, tt := range tests {
		got := Unportable(tt.name)
		switch {
		case tt.want == "" && got != "":
			t.Errorf("Unportable(%q) = %q, want portable", tt.name, got)
		case tt.want != "" && !strings.Contains(got, tt.want):
			t.Errorf("Unportable(%q) = %q, want it to say %q", tt.name, got, tt.want)
		}
	}
}
