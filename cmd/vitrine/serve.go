package main

import "context"

// cmdServe opens the desk, which previews the customer pages at
// /<prefix>/<id>/: serve and desk are one page (SPEC §9).
func cmdServe(ctx context.Context, a *app, args []string) error {
	return a.runDesk(ctx, "serve", args)
}
