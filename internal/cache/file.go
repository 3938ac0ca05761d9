package cache

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/vitrine/vitrine/internal/safefile"
)

// sealMagic starts every index and entry file; the hex SHA-256 of the rest
// follows on the same line, so that a torn or edited file is recognised
// however plausible its JSON looks.
const sealMagic = "vitrine-cache " + layout + " "

// seal prefixes body with the checksum line.
func seal(body []byte) []byte {
	sum := sha256.Sum256(body)
	return append([]byte(sealMagic+hex.EncodeToString(sum[:])+"\n"), body...)
}

// unseal returns the body of a sealed file, or an error when the checksum
// line is missing or does not match.
func unseal(data []byte) ([]byte, error) {
	line, body, ok := bytes.Cut(data, []byte("\n"))
	sum := sha256.Sum256(body)
	if !ok || string(line) != sealMagic+hex.EncodeToString(sum[:]) {
		return nil, errors.New("checksum does not match")
	}
	return body, nil
}

// writeFile writes name atomically, creating its folder. check, when not
// nil, runs after everything was written and before the file is put in
// place; its error leaves nothing behind. Nothing is synced: after a power
// cut a file may be torn, which every read detects by its hash and treats
// as a miss, and syncing each of tens of thousands of files would cost more
// than rendering them again.
func writeFile(ctx context.Context, name string, r io.Reader, check func() error) error {
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		return err
	}
	return safefile.Write(ctx, name, 0o644, func(w io.Writer) error {
		if _, err := io.Copy(w, r); err != nil {
			return err
		}
		if check != nil {
			return check()
		}
		return nil
	})
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
	data, err := io.ReadAll(f)
	if err != nil {
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
