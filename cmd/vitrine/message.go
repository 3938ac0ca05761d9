package main

import (
	"cmp"
	"context"
	"fmt"
	"io"

	"github.com/vitrine/vitrine/internal/config"
	"github.com/vitrine/vitrine/internal/content"
	"github.com/vitrine/vitrine/internal/links"
	"github.com/vitrine/vitrine/internal/message"
	"github.com/vitrine/vitrine/internal/site"
)

// writeMessage writes the ready-to-send message for link l of project p
// (internal/message), between two rulers that make clear what to copy.
// It goes to the terminal, so each line is termSafe.
func writeMessage(ctx context.Context, w io.Writer, cfg *config.Config, p *site.Project, l *links.Link) error {
	fmt.Fprintf(w, "\n--- message for %s (%s); send it once the page is online ---\n", termSafe(cmp.Or(l.Label, p.Slug)), l.Locale)
	// The title is what the page shows; a project whose records do not
	// read yet gets the message without it.
	var title string
	if proj, err := content.Load(ctx, p.Dir); err == nil {
		title = proj.Title()
	}
	lines, err := message.Lines(cfg, title, l)
	if err != nil {
		return err
	}
	for _, line := range lines {
		fmt.Fprintln(w, termSafe(line))
	}
	fmt.Fprintln(w, "---")
	return nil
}
