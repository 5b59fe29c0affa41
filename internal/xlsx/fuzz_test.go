package xlsx_test

import (
	"bytes"
	"strings"
	"testing"

	"tuoyu/internal/xlsx"
)

// Any text makes a well-formed workbook and reads back as itself, less
// the characters XML cannot hold:
//
//	go test -fuzz FuzzText ./internal/xlsx
func FuzzText(f *testing.F) {
	for _, s := range []string{"", "plain", `<&>"'`, "a\x00b\x1f\r\n\t", "_x0041_", "_x005F_x0041_", "\xff\xfe", "\uFFFE\uFFFF😀", " lead", "]]>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if len(s) > 4096 {
			return // long text is cut, which TestLongText covers
		}
		var buf bytes.Buffer
		w, err := xlsx.NewWriter(&buf, "S")
		if err != nil {
			t.Fatal(err)
		}
		if err := w.StartSheet("S", xlsx.Sheet{Header: []string{s}}); err != nil {
			t.Fatal(err)
		}
		if err := w.WriteRow(s, 1); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		wellFormed(t, buf.Bytes())
		want := strings.Map(func(r rune) rune {
			if r == 0x09 || r == 0x0A || r == 0x0D || 0x20 <= r && r <= 0xD7FF || 0xE000 <= r && r <= 0xFFFD || 0x10000 <= r && r <= 0x10FFFF {
				return r
			}
			return -1
		}, strings.ToValidUTF8(s, ""))
		file := open(t, buf.Bytes())
		for _, cell := range []string{"A1", "A2"} {
			got, err := file.GetCellValue("S", cell)
			if err != nil {
				t.Fatal(err)
			}
			if got != want {
				t.Fatalf("%s: %q read back as %q, want %q", cell, s, got, want)
			}
		}
	})
}
