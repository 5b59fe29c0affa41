package main

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestServeRefusesWithoutSecretKey(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	err := Run(context.Background(), []string{"serve", "-db", db}, env(nil), nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "TUOYU_SECRET_KEY") {
		t.Fatalf("serve without a key: %v", err)
	}
}

func TestMigrateAndUserAdd(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	var out bytes.Buffer
	if err := Run(context.Background(), []string{"migrate", "-db", db}, env(nil), nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	err := Run(context.Background(), []string{"user", "add", "-db", db, "-username", "baota", "-role", "county_regulator", "-region", "610602"},
		env(nil), strings.NewReader("a-long-password\n"), &out, io.Discard)
	if err != nil || !strings.Contains(out.String(), "created user baota") {
		t.Fatalf("user add: %v\n%s", err, out.String())
	}
	err = Run(context.Background(), []string{"user", "add", "-db", db, "-username", "x1", "-role", "county_regulator", "-region", "999999"},
		env(nil), strings.NewReader("a-long-password\n"), &out, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "region_code") {
		t.Fatalf("bad region accepted: %v", err)
	}
}

// TestServeShutsDownGracefully serves, answers /healthz, and stops cleanly when cancelled.
func TestServeShutsDownGracefully(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	e := env(map[string]string{"TUOYU_SECRET_KEY": strings.Repeat("s", 40), "TUOYU_NOW": "2026-09-30T10:00:00+08:00"})
	go func() {
		done <- Run(ctx, []string{"serve", "-addr", addr, "-db", filepath.Join(t.TempDir(), "t.db")}, e, nil, io.Discard, io.Discard)
	}()
	// Migrating and loading the reference data can take a while under -race
	// on a loaded machine; wait for the server, or for it to fail.
	var resp *http.Response
	deadline := time.Now().Add(2 * time.Minute)
	for time.Now().Before(deadline) {
		resp, err = http.Get("http://" + addr + "/healthz")
		if err == nil {
			break
		}
		select {
		case err := <-done:
			t.Fatalf("server stopped before answering: %v", err)
		case <-time.After(100 * time.Millisecond):
		}
	}
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || strings.TrimSpace(string(body)) != `{"status":"ok"}` {
		t.Fatalf("healthz: %d %s", resp.StatusCode, body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("shutdown: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("server did not stop")
	}
}

// TestGenCommand generates a tiny province on SQLite, builds its statistics
// and refuses to generate over it a second time.
func TestGenCommand(t *testing.T) {
	db := filepath.Join(t.TempDir(), "t.db")
	e := env(map[string]string{"TUOYU_NOW": "2026-09-30T10:00:00+08:00"})
	var out bytes.Buffer
	if err := Run(context.Background(), []string{"gen", "-db", db, "-institutions", "12", "-months", "1"}, e, nil, &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); !strings.Contains(s, "institutions 12") || !strings.Contains(s, "rebuilt 1 months") {
		t.Fatalf("gen said:\n%s", s)
	}
	err := Run(context.Background(), []string{"gen", "-db", db, "-institutions", "12", "-months", "1"}, e, nil, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "already holds institutions") {
		t.Fatalf("second gen: %v", err)
	}
}
