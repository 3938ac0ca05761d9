package cdn

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
)

// maxGone bounds what GoneServed reads of an answer: the gone page is a
// few kilobytes.
const maxGone = 1 << 20

// GoneServed asks url, the address of a link that does not exist, and
// reports whether the answer is page, the gone page as stored: whether the
// CDN or web server in front of the storage shows it for every missing
// link. status is the answer's HTTP status. An error means it could not
// ask (no network, a name that does not resolve): it cannot tell.
func GoneServed(ctx context.Context, client *http.Client, url string, page []byte) (served bool, status int, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return false, 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return false, 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxGone))
	if err != nil {
		return false, resp.StatusCode, fmt.Errorf("read the answer of %s: %w", url, err)
	}
	return bytes.Equal(body, page), resp.StatusCode, nil
}
