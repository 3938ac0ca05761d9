package safefile

import (
	"fmt"
	"strings"
)

// windowsReserved are the device names Windows will not create as files,
// whatever their case and extension (NUL.txt is NUL too); COM and LPT count
// the superscript digits as well.
var windowsReserved = map[string]bool{"CON": true, "PRN": true, "AUX": true, "NUL": true, "CONIN$": true, "CONOUT$": true}

// Unportable says why name, one element of a path, cannot be a file name
// on Windows, or returns "". Records move between Windows, macOS and
// Linux, and published objects become files when the storage is a folder,
// which may lie on a Windows disk: a name Linux accepts there would fail
// the publish, or, with a trailing dot or space, which Windows strips,
// land on another file.
func Unportable(name string) string {
	switch {
	case name == "" || name == "." || name == "..":
		return fmt.Sprintf("%q is not a file name", name)
	case strings.HasSuffix(name, ".") || strings.HasSuffix(name, " "):
		return "file name ends with a dot or a space, which Windows drops"
	}
	if i := strings.IndexAny(name, `<>:"/\|?*`); i >= 0 {
		return fmt.Sprintf("file name contains '%c', which Windows does not allow in file names", name[i])
	}
	for _, r := range name {
		if r < ' ' {
			return fmt.Sprintf("file name contains the character %U", r)
		}
	}
	// Windows reads the device name up to the first dot, without the
	// spaces before it.
	base, _, _ := strings.Cut(name, ".")
	base = strings.ToUpper(strings.TrimRight(base, " "))
	if windowsReserved[base] || reservedPort(base) {
		return fmt.Sprintf("file name %q is a device name on Windows (%s), which cannot be a file", name, base)
	}
	return ""
}

// reservedPort reports whether base is COM1…COM9 or LPT1…LPT9, with the
// superscripts ¹ ² ³ counted as digits as Windows does.
func reservedPort(base string) bool {
	for _, port := range []string{"COM", "LPT"} {
		if n, ok := strings.CutPrefix(base, port); ok {
			return len(n) == 1 && '1' <= n[0] && n[0] <= '9' || n == "¹" || n == "²" || n == "³"
		}
	}
	return false
}
