package cache

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/vitrine/vitrine/internal/safefile"
)

// sealMagic starts every index and entry file; the CRC-32C of the rest
// follows on the same line, in hex, so that a torn or damaged file is
// recognised however plausible its content looks.
//
// CRC-32C, not SHA-256: what it guards against is a torn write, a file
// cut short by a power cut, a flipped bit, not an attacker (whoever can
// write .vitrine/ can write the output too). It detects every burst of
// damage up to 32 bits long, every change of up to three bits in files
// under 256 MB, and any other change but for one in four billion; and it
// runs in hardware on amd64 and arm64, several times as fast as SHA-256
// even with SHA-NI: a build reads back every byte it cached.
const sealMagic = "vitrine-cache " + layout + " "

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// sealed returns a write function for writeFile that writes parts, in
// order, after their checksum line.
func sealed(parts ...[]byte) func(io.Writer) error {
	var crc uint32
	for _, p := range parts {
		crc = crc32.Update(crc, castagnoli, p)
	}
	return func(w io.Writer) error {
		if _, err := fmt.Fprintf(w, "%s%08x\n", sealMagic, crc); err != nil {
			return err
		}
		for _, p := range parts {
			if _, err := w.Write(p); err != nil {
				return err
			}
		}
		return nil
	}
}

// unseal returns the body of a sealed file, or an error when the checksum
// line is missing or does not match.
func unseal(data []byte) ([]byte, error) {
	line, body, ok := bytes.Cut(data, []byte("\n"))
	if !ok || string(line) != fmt.Sprintf("%s%08x", sealMagic, crc32.Checksum(body, castagnoli)) {
		return nil, errors.New("checksum does not match")
	}
	return body, nil
}

// text returns a write function for writeFile that writes s.
func text(s string) func(io.Writer) error {
	return func(w io.Writer) error {
		_, err := io.WriteString(w, s)
		return err
	}
}

// writeFile writes name atomically with write, creating its folder when
// it is the folder's first file: trying first spares every other write a
// call to MkdirAll. Nothing is synced: after a power cut a file may be
// torn, which every read detects by its checksum and treats as a miss, and
// syncing each of tens of thousands of files would cost more than
// rendering them again.
func writeFile(ctx context.Context, name string, write func(io.Writer) error) error {
	err := safefile.Write(ctx, name, 0o644, write)
	if errors.Is(err, fs.ErrNotExist) {
		if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
			return err
		}
		err = safefile.Write(ctx, name, 0o644, write)
	}
	return err
}

// readSealed reads and unseals name. A missing file is fs.ErrNotExist;
// a damaged one is removed and reported as ErrCorrupt.
func readSealed(name string) ([]byte, os.FileInfo, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return nil, nil, err
	}
	data := make([]byte, info.Size())
	if _, err := io.ReadFull(f, data); err != nil {
		return nil, nil, err
	}
	body, err := unseal(data)
	if err != nil {
		return nil, nil, corrupt(name, err)
	}
	return body, info, nil
}

// corrupt removes a damaged cache file and says which it was.
func corrupt(name string, why error) error {
	os.Remove(name) // a file that cannot be removed is found corrupt again next time
	return fmt.Errorf("%w: %s: %v", ErrCorrupt, filepath.Base(name), why)
}
