package content

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
)

// projectKeys are the keys of project.yaml in SPEC order, which is also
// the order the "valid keys" hint lists them in.
var projectKeys = []string{
	"name", "public_name", "number", "import_names", "status", "customer", "contact", "address", "description",
	"start", "end", "updated", "planned_hours", "progress", "team", "schedule", "costs",
	"photos", "internal",
}

// photoRef is an entry of project.yaml's photos list. It is checked against
// photos/ by loader.photos.
type photoRef struct {
	file    string
	caption string
	date    project.Date
	line    int
}

// defaultCurrency applies when costs has no currency: vitrine is made for
// businesses in the euro area.
const defaultCurrency = "EUR"

// decodeProject decodes project.yaml (src, shown to the user as file) into
// p and returns its photos list and every problem found.
func decodeProject(file string, src []byte, p *project.Project) ([]photoRef, problem.List) {
	d := &decoder{file: file}
	if pr := checkUTF8(file, src); pr != nil {
		return nil, problem.List{pr}
	}
	root, parsed := d.parse(src)
	f := d.fields(root, "", projectKeys...)

	const nameHint = `write the project's name, e.g. name: "2024-017 Bad Sanierung Müller"`
	p.Name = d.str(f["name"], "name")
	switch {
	case f["name"] != nil && p.Name == "":
		d.add(f["name"], "name", "is empty", nameHint)
	case f != nil && f["name"] == nil && parsed:
		d.problems = append(d.problems, &problem.Problem{File: file, Field: "name", Msg: "is missing", Hint: nameHint})
	}
	p.PublicName = d.str(f["public_name"], "public_name")
	p.Number = d.str(f["number"], "number")
	p.ImportNames = d.texts(f["import_names"], "import_names", `write the names as a list, e.g. import_names: ["Bad Müller", "BV Müller"]`)
	p.Status = d.status(f["status"])
	customer := d.fields(f["customer"], "customer", "name", "contact")
	p.Customer = project.Customer{
		Name:    d.str(customer["name"], "customer.name"),
		Contact: d.str(customer["contact"], "customer.contact"),
	}
	p.Contact = d.contact(f["contact"])
	p.Address = d.str(f["address"], "address")
	p.Description = d.str(f["description"], "description")
	p.Start = d.date(f["start"], "start")
	p.End = d.date(f["end"], "end")
	if !p.Start.IsZero() && !p.End.IsZero() && p.End.Before(p.Start.Time) {
		d.add(f["end"], "end", fmt.Sprintf("%s is before the start %s", p.End, p.Start), "correct start or end")
	}
	// updated: fed the first edition's "as of" date, which is now the
	// publish day; older files keep it, and a typo in it is still one.
	d.date(f["updated"], "updated")
	p.PlannedHours = d.number(f["planned_hours"], "planned_hours")
	if p.PlannedHours < 0 {
		d.add(f["planned_hours"], "planned_hours", "must not be negative", "write the hour budget, e.g. 120")
	}
	p.Progress = d.number(f["progress"], "progress")
	if p.Progress < 0 || p.Progress > 100 {
		d.add(f["progress"], "progress", fmt.Sprintf("%g is not a percentage", p.Progress), "write a number from 0 to 100, or leave it out to derive it")
	}
	p.Team = d.texts(f["team"], "team", "write the names as a list, e.g. team: [Anna Schmidt, Jonas Weber]")
	p.Schedule = d.schedule(f["schedule"])
	p.Costs = d.costs(f["costs"])
	refs := d.photoRefs(f["photos"])
	if n := f["internal"]; n != nil {
		// Decoded as is: internal is free-form and never published.
		if err := n.Decode(&p.Internal); err != nil {
			d.add(n, "internal", "expected keys, got "+kindName(n), "write internal notes as keys, e.g. hourly_rate: 58")
		}
	}
	return refs, d.problems
}

// status returns the project status, active when not given.
func (d *decoder) status(n *yaml.Node) project.Status {
	s := project.Status(d.str(n, "status"))
	if s == "" {
		return project.StatusActive
	}
	if !s.Valid() {
		d.add(n, "status", fmt.Sprintf("%q is not a status", string(s)), "use planned, active, paused or done")
	}
	return s
}

// costs decodes planned and actual costs; nil when absent.
func (d *decoder) costs(n *yaml.Node) *project.Costs {
	if n == nil {
		return nil
	}
	f := d.fields(n, "costs", "planned", "actual", "currency")
	c := &project.Costs{
		Planned:  d.number(f["planned"], "costs.planned"),
		Actual:   d.number(f["actual"], "costs.actual"),
		Currency: strings.ToUpper(d.str(f["currency"], "costs.currency")),
	}
	for _, a := range []struct {
		key    string
		amount float64
	}{{"planned", c.Planned}, {"actual", c.Actual}} {
		if a.amount < 0 {
			d.add(f[a.key], "costs."+a.key, "must not be negative", "write the amount, e.g. 18000.00")
		}
	}
	if c.Currency == "" {
		c.Currency = defaultCurrency
	} else if !isCurrencyCode(c.Currency) {
		d.add(f["currency"], "costs.currency", fmt.Sprintf("%q is not a currency code", c.Currency), "write a three-letter ISO 4217 code, e.g. EUR or CHF")
	}
	return c
}

// isCurrencyCode reports whether s has the form of an ISO 4217 code.
func isCurrencyCode(s string) bool {
	if len(s) != 3 {
		return false
	}
	for _, r := range s {
		if r < 'A' || r > 'Z' {
			return false
		}
	}
	return true
}

// photoRefs decodes the captions and order of photos.
func (d *decoder) photoRefs(n *yaml.Node) []photoRef {
	var out []photoRef
	for _, item := range d.list(n, "photos", "write one entry per line, e.g. - { file: photos/vorher.jpg, caption: Vor Beginn }") {
		f := d.fields(item, "photos", "file", "caption", "date")
		if f == nil || !d.require(item, f, "photos", "file") {
			continue
		}
		out = append(out, photoRef{
			file:    d.str(f["file"], "photos.file"),
			caption: d.str(f["caption"], "photos.caption"),
			date:    d.date(f["date"], "photos.date"),
			line:    f["file"].Line + d.offset,
		})
	}
	return out
}

// require reports each of keys missing from the list entry item and
// returns whether all are present.
func (d *decoder) require(item *yaml.Node, f map[string]*yaml.Node, path string, keys ...string) bool {
	ok := true
	for _, k := range keys {
		if f[k] == nil {
			d.add(item, join(path, k), "is missing", "every entry of "+path+" needs "+strings.Join(keys, " and "))
			ok = false
		}
	}
	return ok
}
