package demo_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"testing"
	"time"

	"tuoyu/internal/app"
	"tuoyu/internal/demo"
	"tuoyu/internal/testkit"
)

func TestScratch(t *testing.T) {
	path := os.Getenv("SCRATCH_DB")
	if path == "" {
		t.Skip()
	}
	os.Remove(path)
	a, err := app.Open(context.Background(), app.Config{DB: path, SecretKey: testkit.Secret, Now: testkit.DefaultNow}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	start := time.Now()
	sum, err := demo.Ensure(context.Background(), a.Service, demo.Options{Seed: 1, Scale: 1})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(time.Since(start))
	t.Log(sum)
}
