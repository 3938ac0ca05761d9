package main

import "github.com/spf13/cobra"

// serveCommand opens the desk, which previews the customer pages at
// /<prefix>/<id>/: serve and desk are one page (SPEC §9).
func (a *app) serveCommand() *cobra.Command {
	return a.deskLike(&cobra.Command{
		Use:   "serve",
		Short: "Preview what customers will see: the desk, with each link's page",
		Long: `Preview the customer pages on this computer, as vitrine desk does: serve and
desk are one page, and each link's preview is at /<prefix>/<id>/. Nothing is
published. Ctrl-C stops.`,
		Example: "  vitrine serve\n  vitrine serve --addr 127.0.0.1:9000",
	})
}
