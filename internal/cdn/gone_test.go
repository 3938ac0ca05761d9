package cdn

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestAnswer(t *testing.T) {
	page := "<!doctype html><p>Dieser Link ist nicht mehr gültig.</p>"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(page + r.URL.Path))
	}))
	body, status, err := Answer(context.Background(), srv.Client(), srv.URL+"/p/0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e21/")
	srv.Close()
	if err != nil || status != http.StatusNotFound || string(body) != page+"/p/0b6c1f5e-4a53-4f0e-9a3c-3c1d5f1f7e21/" {
		t.Errorf("Answer = %q, %d, %v", body, status, err)
	}
	if _, _, err := Answer(context.Background(), http.DefaultClient, srv.URL+"/p/x/"); err == nil {
		t.Error("a server that is down: no error, want one (cannot tell)")
	}
}
