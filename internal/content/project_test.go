package content

import (
	"context"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/project"
)

// specProjectYAML is the example of SPEC §3, comments included.
const specProjectYAML = `name: "2024-017 Bad Sanierung Müller"   # internal name: the customer sees it (see public_name)
public_name: ""          # optional title shown to customers instead of name
number: "2024-017"
status: active           # planned | active | paused | done
customer: { name: Familie Müller, contact: Herr Müller }
address: "Musterstraße 1, 48159 Münster"
description: |           # Markdown
  Komplettsanierung des Badezimmers im 1. OG.
start: 2024-05-01
end: 2024-07-31
planned_hours: 120       # budget for the progress bar
progress: 0              # optional manual percent; otherwise derived from hours or milestones
team: [Anna Schmidt, Jonas Weber]
schedule:                # appointments and milestones
  - { date: 2024-05-03, title: Abbruch alte Fliesen, done: true }
costs: { planned: 18000.00, actual: 11250.50, currency: EUR }
photos:                  # optional captions/order; every file in photos/ is included
  - { file: photos/vorher.jpg, caption: Vor Beginn, date: 2024-05-01 }
internal:                # free-form; NEVER published, whatever a link permits
  hourly_rate: 58
  notes: Kunde zahlt langsam.
`

func TestDecodeProjectSpecExample(t *testing.T) {
	// A second paragraph, so that the line ends inside the Markdown show.
	yaml := strings.Replace(specProjectYAML, "OG.\n", "OG.\n\n  Fliesen, Sanitär.\n", 1)
	for style, src := range lineStyles(yaml) {
		t.Run(style, func(t *testing.T) { testDecodeProjectSpecExample(t, src) })
	}
}

func testDecodeProjectSpecExample(t *testing.T, src string) {
	var p project.Project
	refs, problems := decodeProject("project.yaml", []byte(src), &p)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	want := project.Project{
		Name:         "2024-017 Bad Sanierung Müller",
		Number:       "2024-017",
		Status:       project.StatusActive,
		Customer:     project.Customer{Name: "Familie Müller", Contact: "Herr Müller"},
		Address:      "Musterstraße 1, 48159 Münster",
		Description:  "Komplettsanierung des Badezimmers im 1. OG.\n\nFliesen, Sanitär.",
		Start:        project.NewDate(2024, 5, 1),
		End:          project.NewDate(2024, 7, 31),
		PlannedHours: 120,
		Team:         []string{"Anna Schmidt", "Jonas Weber"},
		Schedule:     []project.Milestone{{Date: project.NewDate(2024, 5, 3), Title: "Abbruch alte Fliesen", Done: true}},
		Costs:        &project.Costs{Planned: 18000, Actual: 11250.50, Currency: "EUR"},
		Internal:     map[string]any{"hourly_rate": 58, "notes": "Kunde zahlt langsam."},
	}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("got\n%+v\nwant\n%+v", p, want)
	}
	wantRefs := []photoRef{{file: "photos/vorher.jpg", caption: "Vor Beginn", date: project.NewDate(2024, 5, 1), line: 20}}
	if !reflect.DeepEqual(refs, wantRefs) {
		t.Errorf("photo refs %+v, want %+v", refs, wantRefs)
	}
}

// TestDecodeContactAndAppointmentTimes reads the forms of SPEC §9: the
// company's contact person, and appointments with a time or a time
// window, written as offices write them.
func TestDecodeContactAndAppointmentTimes(t *testing.T) {
	const src = `name: X
contact: { name: Jonas Weber, role: Bauleitung, phone: 0170 1234567, email: j.weber@maler-schmitz.de }
schedule:
  - { date: "2026-03-10 08:00", until: "12:00", title: Fliesen }
  - { date: 2026-03-11T7:30, title: A }
  - { date: 12.03.2026 8 Uhr, until: 16.30 Uhr, title: B }
  - { date: "13.03.2026, 14", until: 02:15 PM, title: C }
  - { date: 2026-03-14, title: D, done: true }
`
	for style, src := range lineStyles(src) {
		var p project.Project
		if _, problems := decodeProject("project.yaml", []byte(src), &p); len(problems) > 0 {
			t.Fatalf("%s: %v", style, problems)
		}
		wantContact := &project.Contact{Name: "Jonas Weber", Role: "Bauleitung", Phone: "0170 1234567", Email: "j.weber@maler-schmitz.de"}
		if !reflect.DeepEqual(p.Contact, wantContact) {
			t.Errorf("%s: contact %+v, want %+v", style, p.Contact, wantContact)
		}
		d := func(day int) project.Date { return project.NewDate(2026, 3, day) }
		wantSchedule := []project.Milestone{
			{Date: d(10), Time: "08:00", Until: "12:00", Title: "Fliesen"},
			{Date: d(11), Time: "07:30", Title: "A"},
			{Date: d(12), Time: "08:00", Until: "16:30", Title: "B"},
			{Date: d(13), Time: "14:00", Until: "14:15", Title: "C"},
			{Date: d(14), Title: "D", Done: true},
		}
		if !reflect.DeepEqual(p.Schedule, wantSchedule) {
			t.Errorf("%s: schedule\n%+v\nwant\n%+v", style, p.Schedule, wantSchedule)
		}
	}
	for _, c := range []struct{ yaml, phone, email string }{
		{"{ name: A, phone: 02511234567 }", "02511234567", ""},
		{"{ name: A, phone: '+49 (251) 123456-12' }", "+49 (251) 123456-12", ""},
		{"{ name: A, phone: 0251/1234.56 }", "0251/1234.56", ""},
		{"{ name: A, email: info@maler-schmitz.de }", "", "info@maler-schmitz.de"},
	} {
		var p project.Project
		_, problems := decodeProject("project.yaml", []byte("name: X\ncontact: "+c.yaml+"\n"), &p)
		if len(problems) > 0 || p.Contact == nil || p.Contact.Phone != c.phone || p.Contact.Email != c.email {
			t.Errorf("contact: %s = %+v, %v", c.yaml, p.Contact, problems)
		}
	}
}

// TestAppointmentTimeReportedOnce: a start time that cannot be read is
// one problem, not a second one for the until that depends on it.
func TestAppointmentTimeReportedOnce(t *testing.T) {
	var p project.Project
	_, problems := decodeProject("project.yaml", []byte("name: X\nschedule:\n  - { date: 2026-03-10 25:00, until: 12:00, title: A }\n"), &p)
	if len(problems) != 1 || problems[0].Field != "schedule.date" {
		t.Errorf("problems %v, want one for schedule.date", problems)
	}
}

func TestDecodeProjectDefaults(t *testing.T) {
	var p project.Project
	_, problems := decodeProject("project.yaml", []byte("name: X\nupdated: 02.07.2024\nstart: 01.07.2024\ncosts: { planned: 100 }\n"), &p)
	if len(problems) > 0 {
		t.Fatal(problems)
	}
	if p.Status != project.StatusActive {
		t.Errorf("status %q, want active", p.Status)
	}
	if p.Costs == nil || p.Costs.Currency != "EUR" {
		t.Errorf("costs %+v, want currency EUR", p.Costs)
	}
	if p.Start != project.NewDate(2024, 7, 1) {
		t.Errorf("start %s, want 2024-07-01 from the German form", p.Start)
	}
	if p.Internal != nil || p.Team != nil || p.Contact != nil {
		t.Errorf("internal %v, team %v, contact %v: want nil when absent", p.Internal, p.Team, p.Contact)
	}
}

func TestDecodeProjectProblems(t *testing.T) {
	const file = "site/projects/x/project.yaml"
	tests := []struct {
		name string
		yaml string
		want want
	}{
		{"unknown key", "name: X\nstatus: active\ncolour: blue\n",
			want{file, 3, "colour", "unknown key"}},
		{"unknown nested key", "name: X\ncustomer:\n  name: A\n  phone: 123\n",
			want{file, 4, "customer.phone", "unknown key"}},
		{"bad status", "name: X\nnumber: 1\nstatus: finished\n",
			want{file, 3, "status", `"finished" is not a status`}},
		{"bad date", "name: X\nstart: 2024-13-01\n",
			want{file, 2, "start", `"2024-13-01" is not a date`}},
		{"bad schedule date", "name: X\nschedule:\n  - { date: soon, title: A }\n",
			want{file, 3, "schedule.date", `"soon" is not a date`}},
		{"contact without name", "name: X\ncontact: { phone: 0251 1234 }\n",
			want{file, 2, "contact.name", "is missing"}},
		{"contact without phone or e-mail", "name: X\ncontact:\n  name: Jonas Weber\n",
			want{file, 3, "contact", "needs a phone number or an e-mail address"}},
		{"contact phone with words", "name: X\ncontact:\n  name: A\n  phone: Büro anrufen\n",
			want{file, 4, "contact.phone", `"Büro anrufen" is not a phone number`}},
		{"contact phone too short", "name: X\ncontact: { name: A, phone: 112 }\n",
			want{file, 2, "contact.phone", "is not a phone number"}},
		{"contact phone with + inside", "name: X\ncontact: { name: A, phone: 0251+123456 }\n",
			want{file, 2, "contact.phone", "is not a phone number"}},
		{"contact e-mail without @", "name: X\ncontact:\n  name: A\n  email: weber(at)firma.de\n",
			want{file, 4, "contact.email", `"weber(at)firma.de" is not an e-mail address`}},
		{"contact two e-mails", "name: X\ncontact: { name: A, email: 'a@firma.de, b@firma.de' }\n",
			want{file, 2, "contact.email", "is not an e-mail address"}},
		{"contact e-mail without domain dot", "name: X\ncontact: { name: A, email: weber@firma }\n",
			want{file, 2, "contact.email", "is not an e-mail address"}},
		{"contact as text", "name: X\ncontact: Jonas Weber\n",
			want{file, 2, "contact", "expected keys"}},
		{"contact unknown key", "name: X\ncontact: { name: A, mobile: 0170 1234567 }\n",
			want{file, 2, "contact.mobile", "unknown key"}},
		{"appointment time out of the day", "name: X\nschedule:\n  - { date: 2026-03-10 25:00, title: A }\n",
			want{file, 3, "schedule.date", `"25:00" is not a time of day`}},
		{"appointment day wrong, with time", "name: X\nschedule:\n  - { date: 2026-02-30 08:00, title: A }\n",
			want{file, 3, "schedule.date", `"2026-02-30" is not a date`}},
		{"until without a start time", "name: X\nschedule:\n  - date: 2026-03-10\n    until: \"12:00\"\n    title: A\n",
			want{file, 4, "schedule.until", "needs the time the appointment starts"}},
		{"until before the start", "name: X\nschedule:\n  - date: 2026-03-10 13:00\n    until: 12:00\n    title: A\n",
			want{file, 4, "schedule.until", "12:00 is not after the start 13:00"}},
		{"until at the start", "name: X\nschedule:\n  - { date: 2026-03-10 8:00, until: 8 Uhr, title: A }\n",
			want{file, 3, "schedule.until", "08:00 is not after the start 08:00"}},
		{"until not a time", "name: X\nschedule:\n  - { date: 2026-03-10 08:00, until: mittags, title: A }\n",
			want{file, 3, "schedule.until", `"mittags" is not a time of day`}},
		{"string for a number", "name: X\nplanned_hours: viele\n",
			want{file, 2, "planned_hours", `"viele" is not a number`}},
		{"list for a text", "name: [a, b]\n",
			want{file, 1, "name", "expected a single value, got a list"}},
		{"text for a list", "name: X\nteam: Anna\n",
			want{file, 2, "team", "expected a list"}},
		{"text for keys", "name: X\ncustomer: Familie Müller\n",
			want{file, 2, "customer", "expected keys"}},
		{"bad bool", "name: X\nschedule:\n  - date: 2024-05-03\n    title: A\n    done: vielleicht\n",
			want{file, 5, "schedule.done", "not true or false"}},
		{"end before start", "name: X\nstart: 2024-05-01\nend: 2024-04-30\n",
			want{file, 3, "end", "before the start 2024-05-01"}},
		{"progress over 100", "name: X\nprogress: 150\n",
			want{file, 2, "progress", "not a percentage"}},
		{"negative costs", "name: X\ncosts:\n  planned: -5\n",
			want{file, 3, "costs.planned", "negative"}},
		{"bad currency", "name: X\ncosts: { currency: Euro }\n",
			want{file, 2, "costs.currency", "not a currency code"}},
		{"missing name", "number: 1\n",
			want{file, 0, "name", "is missing"}},
		{"empty file", "",
			want{file, 0, "name", "is missing"}},
		{"empty name", "name: \"\"\n",
			want{file, 1, "name", "is empty"}},
		{"duplicate key", "name: X\nstatus: done\nstatus: active\n",
			want{file, 3, "status", "first on line 2"}},
		{"schedule entry without title", "name: X\nschedule:\n  - date: 2024-05-03\n",
			want{file, 3, "schedule.title", "is missing"}},
		{"photo entry without file", "name: X\nphotos:\n  - caption: A\n",
			want{file, 3, "photos.file", "is missing"}},
		{"Windows-1252", "name: X\n\naddress: M\xfcnster\n",
			want{file, 3, "", "text is not UTF-8"}},
		{"internal not keys", "name: X\ninternal: geheim\n",
			want{file, 2, "internal", "expected keys"}},
		{"syntax error (scanner)", "name: X\nstatus: active\ncustomer: name: A\n",
			want{file, 3, "", "invalid YAML: mapping values are not allowed"}},
		{"syntax error (parser)", "name: X\nstatus: [active\n",
			want{file, 2, "", "invalid YAML: did not find expected"}},
		{"syntax error (parser, block)", "name: X\nstatus: active\n- x\n",
			want{file, 3, "", "invalid YAML: did not find expected key"}},
	}
	for _, tt := range tests {
		for style, src := range lineStyles(tt.yaml) {
			t.Run(tt.name+"/"+style, func(t *testing.T) {
				var p project.Project
				_, problems := decodeProject(file, []byte(src), &p)
				assertProblem(t, errOf(problems), tt.want)
			})
		}
	}
}

func TestDecodeProjectReportsAllProblems(t *testing.T) {
	var p project.Project
	_, problems := decodeProject("project.yaml", []byte("name: X\nstatus: finished\ncolour: blue\nstart: gestern\n"), &p)
	if len(problems) != 3 {
		t.Errorf("got %d problems, want 3:\n%v", len(problems), problems)
	}
}

func TestLoadCollectsProblemsOfAllFiles(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "bad-mueller")
	writeTree(t, dir, map[string]string{
		"project.yaml":          "name: X\nstatus: finished\n",
		"times.csv":             "Datum;Stunden\n03.05.2024;x\n",
		"notes/ohne-datum.md":   "Text\n",
		"photos/IMG_0001.HEIC":  "",
		"files/Angebot.pdf":     "%PDF",
		"links.yaml":            "links: []\n",
		"notes/.swp":            "",
		"notes/2024-05-03-a.md": "Text\n",
	})
	_, err := Load(context.Background(), dir)
	list := flatten(t, err)
	if len(list) != 4 {
		t.Errorf("got %d problems, want 4 (yaml, csv, note, photo):\n%v", len(list), list)
	}
	assertProblem(t, err, want{filepath.Join(dir, "times.csv"), 2, "Stunden", `"x"`})
}

func TestLoadMissingProjectYAML(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "leer")
	writeTree(t, dir, map[string]string{"times.csv": ""})
	_, err := Load(context.Background(), dir)
	assertProblem(t, err, want{filepath.Join(dir, "project.yaml"), 0, "", "file not found"})
}
