package cdn

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestGoneServed(t *testing.T) {
	page := []byte("<!doctype html><p>Dieser Link ist nicht mehr gültig.</p>")
	for _, c := range []struct {
		name   string
		handle http.HandlerFunc
		served bool
		status int
	}{
		{"error page set", func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusNotFound)
			w.Write(page)
		}, true, 404},
		{"S3 error", func(w http.ResponseWriter, _ *http.Request) {
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`<?xml version="1.0"?><Error><Code>AccessDenied</Code></Error>`))
		}, false, 403},
		{"another page", func(w http.ResponseWriter, _ *http.Request) {
			w.Write(append([]byte("<!-- shop -->"), page...))
		}, false, 200},
	} {
		srv := httptest.NewServer(c.handle)
		served, status, err := GoneServed(context.Background(), srv.Client(), srv.URL+"/p/0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e21/", page)
		srv.Close()
		if err != nil || served != c.served || status != c.status {
			t.Errorf("%s: GoneServed = %v, %d, %v; want %v, %d", c.name, served, status, err, c.served, c.status)
		}
	}
	srv := httptest.NewServer(http.NotFoundHandler())
	srv.Close()
	if _, _, err := GoneServed(context.Background(), http.DefaultClient, srv.URL+"/p/x/", page); err == nil {
		t.Error("a server that is down: no error, want one (cannot tell)")
	}
}
