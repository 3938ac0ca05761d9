//go:build linux || darwin

package cache

import (
	"fmt"
	"io/fs"
	"syscall"
)

// statSig returns what, besides size and modification time, changes on
// every write to a file: its identity and change time, which no tool can
// set back the way `touch -r` or `cp -p` restore a modification time.
func statSig(fi fs.FileInfo) string {
	st, ok := fi.Sys().(*syscall.Stat_t)
	if !ok {
		return ""
	}
	sec, nsec := ctime(st)
	return fmt.Sprintf("%d:%d:%d.%09d", st.Dev, st.Ino, sec, nsec)
}
