package api_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"

	"tuoyu/internal/demo"
	"tuoyu/internal/testkit"
)

// BenchmarkInstitutionAPI measures the read paths a regulator and the
// public use most, over HTTP on SQLite, against the demo data at scale 10
// (1,200 institutions, ~7,000 materials).
//
//	go test -run '^$' -bench InstitutionAPI ./internal/api
func BenchmarkInstitutionAPI(b *testing.B) {
	a := testkit.NewApp(b, testkit.Backends()[0], testkit.DefaultNow)
	if _, err := demo.Ensure(context.Background(), a.Service, demo.Options{Seed: 1, Scale: 10, Days: 1}); err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(a.Handler())
	defer srv.Close()
	res, err := a.Service.Login(context.Background(), "yanan", demo.Password, "", "")
	if err != nil {
		b.Fatal(err)
	}
	get := func(b *testing.B, path string, auth bool) {
		b.ReportAllocs()
		for b.Loop() {
			req, _ := http.NewRequest("GET", srv.URL+path, nil)
			if auth {
				req.Header.Set("Authorization", "Bearer "+res.Token)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil || resp.StatusCode != 200 {
				b.Fatalf("%s: %v %v", path, err, resp.Status)
			}
			resp.Body.Close()
		}
	}
	b.Run("city list page", func(b *testing.B) { get(b, "/api/v1/institutions?per_page=20&page=3", true) })
	b.Run("city list filtered", func(b *testing.B) { get(b, "/api/v1/institutions?region=610602&status=filed&q=托育", true) })
	b.Run("worklist", func(b *testing.B) { get(b, "/api/v1/filings?status=submitted", true) })
	b.Run("public directory", func(b *testing.B) {
		get(b, "/api/v1/public/institutions?region=610600&care_type=full_day&puhui=true", false)
	})
	b.Run("export xlsx", func(b *testing.B) { get(b, "/api/v1/institutions.xlsx", true) })
}
