package cdn

import (
	"context"
	"fmt"
	"io"
	"net/http"
)

// maxAnswer bounds what Answer reads: the gone page is a few kilobytes,
// and anything much larger is not it.
const maxAnswer = 1 << 20

// Answer asks url, e.g. the address of a link that does not exist, and
// returns the body and the HTTP status the CDN or web server in front of
// the storage answers with: vitrine check compares it with the gone page.
// An error means it could not ask (no network, a name that does not
// resolve): it cannot tell.
func Answer(ctx context.Context, client *http.Client, url string) (body []byte, status int, err error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, 0, err
	}
	resp, err := client.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	body, err = io.ReadAll(io.LimitReader(resp.Body, maxAnswer))
	if err != nil {
		return nil, resp.StatusCode, fmt.Errorf("read the answer of %s: %w", url, err)
	}
	return body, resp.StatusCode, nil
}
