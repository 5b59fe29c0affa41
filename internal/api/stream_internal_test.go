package api

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"tuoyu/internal/domain"
)

// A streamed download: a failure before the first byte is an ordinary
// error response; one after it drops the connection, so the client never
// takes a cut file for a whole one.
func TestStreamFailure(t *testing.T) {
	a := &API{log: slog.New(slog.DiscardHandler)}
	var fail error
	var sent int
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a.stream(w, r, xlsxType, "x.xlsx", func(out io.Writer) error {
			chunk := []byte(strings.Repeat("PK", 4096))
			for i := 0; i < sent; i++ {
				if _, err := out.Write(chunk); err != nil {
					return err
				}
			}
			return fail
		})
	}))
	defer srv.Close()
	get := func() (*http.Response, []byte, error) {
		resp, err := http.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		return resp, body, err
	}

	fail, sent = domain.Invalid("month", domain.ReasonDate), 0
	resp, body, err := get()
	var e errorBody
	if err != nil || resp.StatusCode != http.StatusUnprocessableEntity || json.Unmarshal(body, &e) != nil || e.Error.Fields["month"] == "" ||
		resp.Header.Get("Content-Disposition") != "" {
		t.Fatalf("refusal before the first byte: %d %q %s %v", resp.StatusCode, resp.Header.Get("Content-Disposition"), body, err)
	}

	fail, sent = errors.New("database gone"), 10
	resp, body, err = get()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != xlsxType || !strings.Contains(resp.Header.Get("Content-Disposition"), `filename="x.xlsx"`) {
		t.Fatalf("headers: %d %v", resp.StatusCode, resp.Header)
	}
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Fatalf("failure while sending: %d bytes read, error %v", len(body), err)
	}

	fail, sent = nil, 10
	if resp, body, err = get(); err != nil || resp.StatusCode != http.StatusOK || len(body) != 10*8192 {
		t.Fatalf("whole download: %d bytes, %v", len(body), err)
	}
}
