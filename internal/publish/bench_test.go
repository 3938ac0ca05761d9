package publish

import (
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"testing"

	"github.com/google/uuid"

	"github.com/vitrine/vitrine/internal/render"
	"github.com/vitrine/vitrine/internal/storage"
)

// benchLinks is the number of links of the plan benchmarks: issue 11's
// nightly publish of a large office.
const benchLinks = 10000

// BenchmarkPlan plans a publish of benchLinks links of four objects each,
// one in ten of them deactivated, over a storage that holds them all: the
// listing indexed, the plan, and each link's diff with one changed object.
func BenchmarkPlan(b *testing.B) {
	var list []storage.ObjectInfo
	records := make([]Record, benchLinks)
	desired := make([][]render.File, benchLinks)
	for i := range records {
		id := uuid.NewString()
		records[i] = Record{ID: id, Active: i%10 != 0, Reason: ReasonDeactivated}
		for _, name := range []string{"icon.svg", "index.html", "style.css", "times.csv"} {
			body := fmt.Sprintf("%s of %s", name, id)
			list = append(list, storage.ObjectInfo{Key: "p/" + id + "/" + name, Size: int64(len(body)), MD5: md5Hex(body)})
			if name == "index.html" {
				body += " changed"
			}
			desired[i] = append(desired[i], render.File{Path: name, ContentType: "text/plain", Body: []byte(body)})
		}
	}
	for b.Loop() {
		remote := NewRemote("p", list)
		plan := PlanLinks(records, remote, false)
		if len(plan.Render) != benchLinks*9/10 || len(plan.Revoke) != benchLinks/10*4 {
			b.Fatalf("plan renders %d links and deletes %d objects", len(plan.Render), len(plan.Revoke))
		}
		for i, rec := range records {
			if !rec.Active {
				continue
			}
			objs, err := Objects("p", rec.ID, "public, no-cache", desired[i])
			if err != nil {
				b.Fatal(err)
			}
			if d := Diff(objs, remote.Objects(rec.ID)); len(d.Upload) != 1 {
				b.Fatalf("link %s: %d uploads, want 1", rec.ID, len(d.Upload))
			}
		}
	}
}

func md5Hex(s string) string {
	sum := md5.Sum([]byte(s))
	return hex.EncodeToString(sum[:])
}
