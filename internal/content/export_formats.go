package content

import (
	"regexp"
	"strings"

	"golang.org/x/text/unicode/norm"
)

// field is the meaning of an export column.
type field int

const (
	fieldDate field = iota
	fieldStart
	fieldEnd
	// fieldDecimal is hours as a number (7,5), the tools' exact figure.
	fieldDecimal
	// fieldDuration is hours as the tools display them (7:30, 07:30:00).
	fieldDuration
	fieldEmployee
	// fieldUser is a login, used when the export has no display name.
	fieldUser
	fieldFirstName
	fieldLastName
	fieldActivity
	fieldNote
	fieldProject
	numFields
)

// format is a time-tracking tool's export, known by its header. Every
// column a format does not list (rates, amounts, e-mail, staff numbers,
// tags, billable flags) is never read, so it cannot reach a page or the
// times.csv download.
type format struct {
	name string
	// signs are header sets that identify the format, one per language
	// of the tool; a header with every name of one set is this format.
	signs [][]string
	// columns maps a header name, as normalizeHeader returns it, to its
	// field.
	columns map[string]field
	// loose also matches a header without its unit suffix ("Stunden (h)").
	// Only vitrine's own form is loose: Clockify's "Dauer (h)" and "Dauer
	// (dezimal)" are different columns.
	loose bool
}

// The headers are the tools' own, in every language their exports are
// written in:
//   - Kimai: the default export template (src/Export/DefaultTemplate.php)
//     with the labels of translations/messages.{de,en}.xlf; CSV writes
//     dates as 2024-05-03, times as 07:30, durations as 7:30 or 7:30:00,
//     or decimal when the user chose decimal exports.
//   - Clockify: the detailed report's CSV/Excel export, English and German.
//   - Toggl Track: the detailed report's CSV/Excel export.
//   - Harvest: Reports › Detailed time › Export.
var knownFormats = []*format{
	{
		name: "Clockify",
		signs: [][]string{
			{"start date", "start time", "duration (h)"},
			{"startdatum", "startzeit", "dauer (h)"},
		},
		columns: map[string]field{
			"project": fieldProject, "projekt": fieldProject,
			"description": fieldNote, "beschreibung": fieldNote,
			"task": fieldActivity, "aufgabe": fieldActivity,
			"user": fieldEmployee, "benutzer": fieldEmployee,
			"start date": fieldDate, "startdatum": fieldDate,
			"start time": fieldStart, "startzeit": fieldStart,
			"end time": fieldEnd, "endzeit": fieldEnd,
			"duration (h)": fieldDuration, "dauer (h)": fieldDuration,
			"duration (decimal)": fieldDecimal, "dauer (dezimal)": fieldDecimal,
		},
	},
	{
		name:  "Toggl Track",
		signs: [][]string{{"user", "start date", "start time", "duration"}},
		columns: map[string]field{
			"user": fieldEmployee, "project": fieldProject, "task": fieldActivity,
			"description": fieldNote, "start date": fieldDate, "start time": fieldStart,
			"end time": fieldEnd, "duration": fieldDuration,
		},
	},
	{
		name:  "Harvest",
		signs: [][]string{{"date", "hours", "first name", "last name"}},
		columns: map[string]field{
			"date": fieldDate, "project": fieldProject, "project code": fieldProject,
			"task": fieldActivity, "notes": fieldNote, "hours": fieldDecimal,
			"first name": fieldFirstName, "last name": fieldLastName,
		},
	},
	{
		name: "Kimai",
		signs: [][]string{
			{"datum", "von", "bis", "dauer"},
			{"date", "from", "to", "duration"},
		},
		columns: map[string]field{
			"datum": fieldDate, "date": fieldDate,
			"von": fieldStart, "from": fieldStart,
			"bis": fieldEnd, "to": fieldEnd,
			"dauer": fieldDuration, "duration": fieldDuration,
			"name":     fieldEmployee,
			"benutzer": fieldUser, "user": fieldUser,
			"projekt": fieldProject, "project": fieldProject,
			"projektnummer": fieldProject, "project number": fieldProject,
			"tätigkeit": fieldActivity, "activity": fieldActivity,
			"beschreibung": fieldNote, "description": fieldNote,
		},
	},
}

// vitrineFormat is the office's own spreadsheet (SPEC §3), and every file
// no tool's header identifies. German exports name columns in German,
// tools without umlauts spell Tätigkeit "taetigkeit".
var vitrineFormat = &format{
	name:  "vitrine",
	loose: true,
	columns: map[string]field{
		"date": fieldDate, "datum": fieldDate,
		"start": fieldStart, "beginn": fieldStart,
		"end": fieldEnd, "ende": fieldEnd,
		"hours": fieldDecimal, "stunden": fieldDecimal, "dauer": fieldDecimal,
		"employee": fieldEmployee, "mitarbeiter": fieldEmployee,
		"activity": fieldActivity, "tätigkeit": fieldActivity, "taetigkeit": fieldActivity,
		"note": fieldNote, "notiz": fieldNote, "bemerkung": fieldNote,
		"projekt": fieldProject, "project": fieldProject, "projektnummer": fieldProject,
		"project number": fieldProject, "project code": fieldProject,
	},
}

// detectFormat returns the format whose sign the header heads carries, by
// the header alone: a row never changes what a file is.
func detectFormat(heads []string) *format {
	have := map[string]bool{}
	for _, h := range heads {
		have[normalizeHeader(h)] = true
	}
	for _, f := range knownFormats {
		for _, sign := range f.signs {
			if hasAll(have, sign) {
				return f
			}
		}
	}
	return vitrineFormat
}

// hasAll reports whether every name is in have.
func hasAll(have map[string]bool, names []string) bool {
	for _, n := range names {
		if !have[n] {
			return false
		}
	}
	return true
}

// field returns the meaning of header h in f.
func (f *format) field(h string) (field, bool) {
	n := normalizeHeader(h)
	if c, ok := f.columns[n]; ok {
		return c, true
	}
	if f.loose {
		// A unit names the same quantity ("Stunden (h)") or project
		// ("Projekt (Nr.)"), which must be checked; but a remark on a text
		// column ("Bemerkung (intern)") marks another column, which is
		// never published.
		c, ok := f.columns[strings.TrimSpace(unitSuffix.ReplaceAllString(n, ""))]
		switch c {
		case fieldNote, fieldActivity, fieldEmployee, fieldFirstName, fieldLastName:
			return 0, false
		}
		return c, ok
	}
	return 0, false
}

// unitSuffix matches a unit after a header name, as in "Stunden (h)".
var unitSuffix = regexp.MustCompile(`\s*[(\[][^)\]]*[)\]]$`)

// normalizeHeader lower-cases h, collapses white space ("Project
// Number") and composes umlauts (NFC; macOS writes "Tätigkeit" as a and a
// combining diaeresis), so that headers match however a spreadsheet wrote
// them.
func normalizeHeader(h string) string {
	return strings.Join(strings.Fields(strings.ToLower(norm.NFC.String(h))), " ")
}
