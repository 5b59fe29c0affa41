package importer

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

var cols = []Column{
	{Key: "name", Names: []string{"姓名", "Name"}, Required: true},
	{Key: "birth_date", Names: []string{"出生日期", "Birth date"}, Kind: Date},
	{Key: "puhui", Names: []string{"普惠"}, Kind: Bool},
	{Key: "sex", Names: []string{"性别"}, Kind: Enum, Options: map[string]string{"男": "male", "女": "female", "male": "male", "female": "female"}},
	{Key: "id", Names: []string{"证件号码"}},
}

func xlsx(t *testing.T, rows map[int][]any) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for r, vals := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, r)
		if err := f.SetSheetRow("Sheet1", cell, &vals); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestReadXLSX(t *testing.T) {
	data := xlsx(t, map[int][]any{
		1: {"姓名*", "出生日期（YYYY-MM-DD）", "普惠", "性别", "证件号码"},
		2: {"小明", time.Date(2025, 3, 15, 0, 0, 0, 0, time.UTC), "是", "男", "61060220250315001X"},
		// row 3 blank: skipped, numbering kept
		4: {"小红", "2025/4/1", "否", "female", 13912345678},
		5: {"小刚", "2025年5月6日", "maybe", "外星", ""},
	})
	tb, err := Read("roster.xlsx", data, cols, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if tb.Format != FormatXLSX || len(tb.Rows) != 3 {
		t.Fatalf("format %s, rows %+v", tb.Format, tb.Rows)
	}
	r := tb.Rows[0]
	if r.Line != 2 || tb.Value(r, "name") != "小明" || tb.Value(r, "birth_date") != "2025-03-15" || tb.Value(r, "puhui") != "true" || tb.Value(r, "sex") != "male" {
		t.Fatalf("row 2: %+v", r)
	}
	r = tb.Rows[1]
	if r.Line != 4 || tb.Value(r, "birth_date") != "2025-04-01" || tb.Value(r, "puhui") != "false" || tb.Value(r, "sex") != "female" || tb.Value(r, "id") != "13912345678" {
		t.Fatalf("row 4: %+v", r)
	}
	r = tb.Rows[2]
	if r.Line != 5 || tb.Value(r, "birth_date") != "2025-05-06" || tb.Value(r, "sex") != "外星" {
		t.Fatalf("row 5: %+v", r)
	}
	if len(tb.Problems) != 1 || tb.Problems[0] != (Problem{Row: 5, Column: "普惠", Key: "puhui", Reason: ReasonNotBoolean}) {
		t.Fatalf("problems: %+v", tb.Problems)
	}
	if tb.Header("birth_date") != "出生日期（YYYY-MM-DD）" || tb.Header("name") != "姓名*" {
		t.Fatalf("headers as in the file: %q", tb.Headers)
	}
}

func TestHeaderProblems(t *testing.T) {
	data := []byte("出生日期,颜色,出生日期\n2025-01-01,红,2025-01-02\n")
	tb, err := Read("x.csv", data, cols, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	want := []Problem{{Row: 1, Column: "颜色", Reason: ReasonUnknownColumn}, {Row: 1, Column: "出生日期", Key: "birth_date", Reason: ReasonDuplicateColumn},
		{Row: 1, Column: "姓名", Key: "name", Reason: ReasonMissingColumn}}
	if fmt.Sprint(tb.Problems) != fmt.Sprint(want) {
		t.Fatalf("problems %+v, want %+v", tb.Problems, want)
	}
}

func TestReadCSVEncodings(t *testing.T) {
	text := "Name,Birth date,性别,证件号码\n王小明,20250315,男,=\"610602202503150011\"\n"
	gbk, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range map[string][]byte{"utf8": []byte(text), "bom": append([]byte("\xEF\xBB\xBF"), text...), "gb18030": gbk} {
		tb, err := Read("x.csv", data, cols, DefaultLimits)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(tb.Problems) != 0 || len(tb.Rows) != 1 {
			t.Fatalf("%s: %+v", name, tb)
		}
		r := tb.Rows[0]
		if tb.Value(r, "name") != "王小明" || tb.Value(r, "birth_date") != "2025-03-15" || tb.Value(r, "sex") != "male" || tb.Value(r, "id") != "610602202503150011" {
			t.Fatalf("%s: %+v", name, r)
		}
	}
}

func TestLimits(t *testing.T) {
	lim := DefaultLimits
	lim.MaxRows = 3
	_, err := Read("x.csv", []byte("姓名\na\nb\nc\nd\n"), cols, lim)
	var le *LimitError
	if !errors.As(err, &le) || le.Reason != ReasonTooManyRows {
		t.Fatalf("rows: %v", err)
	}
	if _, err := Read("x.csv", []byte("姓名\na\n\n\nb\nc\n"), cols, lim); err != nil {
		t.Fatalf("blank rows count: %v", err)
	}
	wide := "姓名" + strings.Repeat(",x", 60) + "\n"
	if _, err := Read("x.csv", []byte(wide), cols, DefaultLimits); !errors.As(err, &le) || le.Reason != ReasonTooManyColumns {
		t.Fatalf("columns: %v", err)
	}
	big := bytes.Repeat([]byte("a"), int(DefaultLimits.MaxBytes)+1)
	if _, err := Read("x.csv", big, cols, DefaultLimits); !errors.As(err, &le) || le.Reason != ReasonFileTooLarge {
		t.Fatalf("size: %v", err)
	}
	long := "姓名\n" + strings.Repeat("长", 501) + "\n"
	tb, err := Read("x.csv", []byte(long), cols, DefaultLimits)
	if err != nil || len(tb.Problems) != 1 || tb.Problems[0].Reason != ReasonCellTooLong || tb.Problems[0].Row != 2 {
		t.Fatalf("long cell: %v %+v", err, tb)
	}
	var fe *FormatError
	if _, err := Read("x.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0, 0, 0, 0}, cols, DefaultLimits); !errors.As(err, &fe) || fe.Reason != ReasonOldExcel {
		t.Fatalf("xls: %v", err)
	}
	if _, err := Read("x.csv", []byte("姓名\n"), cols, DefaultLimits); !errors.As(err, &fe) || fe.Reason != ReasonNoRows {
		t.Fatalf("no rows: %v", err)
	}
}

// ZipBomb makes a zip whose entries are n bytes of zeros each.
func ZipBomb(t testing.TB, entries int, n int) []byte {
	var b bytes.Buffer
	zw := zip.NewWriter(&b)
	zero := make([]byte, 1<<20)
	for i := range entries {
		w, err := zw.Create(fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1))
		if err != nil {
			t.Fatal(err)
		}
		for left := n; left > 0; left -= len(zero) {
			w.Write(zero[:min(left, len(zero))])
		}
	}
	zw.Close()
	return b.Bytes()
}

func TestZipBombs(t *testing.T) {
	var le *LimitError
	if _, err := Read("bomb.xlsx", ZipBomb(t, 1, 60<<20), cols, DefaultLimits); !errors.As(err, &le) || le.Reason != ReasonZipSize {
		t.Fatalf("60 MiB of zeros: %v", err)
	}
	if _, err := Read("bomb.xlsx", ZipBomb(t, 1, 10<<20), cols, DefaultLimits); !errors.As(err, &le) || le.Reason != ReasonZipRatio {
		t.Fatalf("10 MiB of zeros: %v", err)
	}
	if _, err := Read("many.xlsx", ZipBomb(t, 101, 10), cols, DefaultLimits); !errors.As(err, &le) || le.Reason != ReasonZipEntries {
		t.Fatalf("101 entries: %v", err)
	}
	// A real workbook of the largest allowed size passes.
	rows := map[int][]any{1: {"姓名", "出生日期", "普惠", "性别", "证件号码"}}
	for i := 2; i <= DefaultLimits.MaxRows+1; i++ {
		rows[i] = []any{"王小明", "2025-03-15", "是", "男", "610602202503150011"}
	}
	tb, err := Read("big.xlsx", xlsx(t, rows), cols, DefaultLimits)
	if err != nil || len(tb.Rows) != DefaultLimits.MaxRows {
		t.Fatalf("10,000 identical rows: %v", err)
	}
}

func TestNormalise(t *testing.T) {
	for in, want := range map[string]string{"出生日期（YYYY-MM-DD）": "出生日期", " Birth Date ": "birth_date", "姓名*": "姓名", "guardian-phone": "guardian_phone", "（外）祖父母": "祖父母"} {
		if got := NormaliseHeader(in); got != want {
			t.Errorf("NormaliseHeader(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{"2025-3-5": "2025-03-05", "2025.03.05": "2025-03-05", "20250305": "2025-03-05", "2025-02-30": "2025-02-30",
		"45731": "2025-03-15", "2025-03-05 00:00:00": "2025-03-05", "昨天": "昨天"} {
		if got := normaliseDate(in, true); got != want {
			t.Errorf("normaliseDate(%q) = %q, want %q", in, got, want)
		}
	}
}
