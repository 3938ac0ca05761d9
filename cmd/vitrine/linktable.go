package main

import (
	"cmp"
	"fmt"
	"text/tabwriter"
	"time"

	"github.com/vitrine/vitrine/internal/site"
)

// linkTable prints links the way the office reads them: one row each, with
// the short form of the id the other link commands take, dates in the
// site's time zone and, for a deactivated link, since when.
func (a *app) linkTable(s *site.Site, rows []linkJSON) error {
	if len(rows) == 0 {
		a.printf("No links to list. Create one with vitrine link create SLUG; --all lists deactivated and expired ones too.\n")
		return nil
	}
	loc := s.Config.Location()
	short := s.ShortIDs()
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tPROJECT\tLABEL\tSECTIONS\tCREATED\tEXPIRES\tSTATE\tURL")
	for _, j := range rows {
		_, l, _ := s.Find(j.ID)
		state := string(j.State)
		if l.Deactivated != nil {
			state += " " + l.Deactivated.In(loc).Format(time.DateOnly)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", short[j.ID], termSafe(j.Project), termSafe(cmp.Or(l.Label, "-")), joinSections(j.Sections),
			l.Created.In(loc).Format(time.DateOnly), cmp.Or(l.Expires.String(), "-"), state, termSafe(j.URL))
	}
	return tw.Flush()
}
