package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/vitrine/vitrine/internal/publish"
)

// events is a publish of two objects, 300 bytes in all, and one delete.
var events = []publish.Event{
	{Op: publish.OpUpload, Planned: true, Change: publish.Change{Key: "p/a/style.css", Reason: publish.ReasonNew, Size: 100}},
	{Op: publish.OpUpload, Planned: true, Change: publish.Change{Key: "p/a/index.html", Reason: publish.ReasonNew, Size: 200}},
	{Op: publish.OpDelete, Planned: true, Change: publish.Change{Key: "p/a/old.jpg", Reason: publish.ReasonGone}},
	{Op: publish.OpUpload, Change: publish.Change{Key: "p/a/style.css", Reason: publish.ReasonNew, Size: 100}},
	{Op: publish.OpUpload, Change: publish.Change{Key: "p/a/index.html", Reason: publish.ReasonNew, Size: 200}},
	{Op: publish.OpDelete, Change: publish.Change{Key: "p/a/old.jpg", Reason: publish.ReasonGone}},
}

func TestProgressOnTerminal(t *testing.T) {
	var out bytes.Buffer
	p := &progress{a: &app{stderr: &out}, tty: true}
	for _, e := range events[:4] {
		p.event(e)
	}
	frames := strings.Split(out.String(), "\r\x1b[K")
	if got := frames[len(frames)-1]; got != "[########................] 1/3 objects, 100 B/300 B" {
		t.Fatalf("after one upload the bar is %q", got)
	}
	for _, e := range events[4:] {
		p.event(e)
	}
	p.finish()
	frames = strings.Split(out.String(), "\r\x1b[K")
	if got := frames[len(frames)-2]; got != "[########################] 3/3 objects, 300 B/300 B" {
		t.Fatalf("at the end the bar is %q", got)
	}
	if frames[len(frames)-1] != "" {
		t.Fatalf("finish left %q on the line", frames[len(frames)-1])
	}
}

func TestProgressInLog(t *testing.T) {
	var out bytes.Buffer
	p := &progress{a: &app{stderr: &out}}
	for _, e := range events {
		p.event(e)
	}
	p.finish()
	want := "level=INFO msg=upload key=p/a/style.css reason=new bytes=100\n" +
		"level=INFO msg=upload key=p/a/index.html reason=new bytes=200\n" +
		"level=INFO msg=delete key=p/a/old.jpg reason=\"no longer present\" bytes=0\n"
	if out.String() != want {
		t.Fatalf("log =\n%s\nwant\n%s", out.String(), want)
	}
	out.Reset()
	quiet := &progress{a: &app{stderr: &out, quiet: true}}
	for _, e := range events {
		quiet.event(e)
	}
	if out.Len() != 0 {
		t.Fatalf("--quiet printed %q", out.String())
	}
}
