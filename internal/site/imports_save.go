package site

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/vitrine/vitrine/internal/content"
	"github.com/vitrine/vitrine/internal/lockfile"
	"github.com/vitrine/vitrine/internal/problem"
	"github.com/vitrine/vitrine/internal/project"
	"github.com/vitrine/vitrine/internal/safefile"
)

// SaveImport puts the export data, called base, into the imports folder
// of the site, atomically and under the records lock. It never replaces a
// different file of that name: both could hold hours the pages need, so
// the office decides. It returns the path written and whether the same
// file was there already.
func (s *Site) SaveImport(ctx context.Context, base string, data []byte) (dest string, same bool, err error) {
	if !exportName(base) {
		// A download named export.txt, or one Excel saved as ~$…, would
		// lie in the folder unread while the office thinks it published.
		return "", false, &problem.Problem{
			File: base,
			Msg:  "is not a name vitrine reads in the imports folder",
			Hint: "name the file *.csv or *.xlsx (as it is: a CSV text or an Excel workbook), not starting with . or ~$",
		}
	}
	dir := filepath.Join(s.Config.Path(s.Config.Content), ImportsDir)
	dest = filepath.Join(dir, base)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", false, err
	}
	unlock, err := lockfile.Lock(ctx, s.RecordsLock())
	if err != nil {
		return "", false, err
	}
	defer unlock()
	old, err := os.ReadFile(dest)
	switch {
	case err == nil && bytes.Equal(old, data):
		return dest, true, nil
	case err == nil:
		return "", false, &problem.Problem{
			File: dest,
			Msg:  "exists already with other content",
			Hint: "if the new export replaces it (the same period, corrected), delete the old file first; if it adds a period, give the new file another name",
		}
	case !errors.Is(err, fs.ErrNotExist):
		return "", false, err
	}
	err = safefile.WriteSync(ctx, dest, 0o644, func(w io.Writer) error {
		_, err := w.Write(data)
		return err
	})
	return dest, false, err
}

// SaveTimes adds entries to the times.csv of project p, atomically and
// under the records lock: an entry that is there already counts once
// (MergeTimes). The file is written in vitrine's own form, whatever form
// it had. It returns how many entries were new.
func (s *Site) SaveTimes(ctx context.Context, p *Project, entries []project.TimeEntry) (added int, err error) {
	unlock, err := lockfile.Lock(ctx, s.RecordsLock())
	if err != nil {
		return 0, err
	}
	defer unlock()
	if _, err := os.Lstat(filepath.Join(p.Dir, "times.xlsx")); err == nil {
		// Writing times.csv next to it would leave one of the two unread.
		return 0, &problem.Problem{
			File: filepath.Join(p.Dir, "times.xlsx"),
			Msg:  "holds the project's hours already; vitrine import --project writes times.csv",
			Hint: "put the export into the imports folder instead (vitrine import FILE), or replace times.xlsx by its CSV",
		}
	}
	proj, err := content.Load(ctx, p.Dir)
	if err != nil {
		return 0, err
	}
	merged := MergeTimes(proj.Times, entries)
	err = safefile.WriteSync(ctx, filepath.Join(p.Dir, "times.csv"), 0o644, func(w io.Writer) error {
		return writeTimes(w, merged)
	})
	return len(merged) - len(proj.Times), err
}

// writeTimes writes entries as vitrine's own times.csv: German column
// names and values, as a German office's spreadsheet opens them.
func writeTimes(w io.Writer, entries []project.TimeEntry) error {
	cw := csv.NewWriter(w)
	cw.Comma = ';'
	_ = cw.Write([]string{"Datum", "Beginn", "Ende", "Stunden", "Mitarbeiter", "Tätigkeit", "Bemerkung"})
	for _, e := range entries {
		_ = cw.Write([]string{e.Date.Format("02.01.2006"), e.Start, e.End, hoursText(e.Hours), e.Employee, e.Activity, e.Note})
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("write times.csv: %w", err)
	}
	return nil
}

// hoursText writes hours exactly: as a decimal (7,5 or 0,05) when whole
// minutes allow it, else as hours and minutes (2:20), never as 2,3333.
func hoursText(h float64) string {
	m := int64(math.Round(h * 60))
	if m%3 == 0 {
		return strings.Replace(strconv.FormatFloat(float64(m)/60, 'f', -1, 64), ".", ",", 1)
	}
	return fmt.Sprintf("%d:%02d", m/60, m%60)
}
