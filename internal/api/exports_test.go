package api_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"tuoyu/internal/authz"
	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
	"tuoyu/internal/testkit"
)

// expRawDB opens the test database directly, to add attendance rows as
// they are stored.
func (e *env) expRawDB() (*sql.DB, func(string) string) {
	e.t.Helper()
	dsn := e.app.Config.DB
	var db *sql.DB
	var err error
	rebind := func(q string) string { return q }
	if store.IsPostgres(dsn) {
		db, err = sql.Open("pgx", dsn)
		rebind = func(q string) string {
			var b strings.Builder
			n := 0
			for _, c := range q {
				if c == '?' {
					n++
					fmt.Fprintf(&b, "$%d", n)
					continue
				}
				b.WriteRune(c)
			}
			return b.String()
		}
	} else {
		db, err = sql.Open("sqlite", "file:"+dsn+"?_pragma=busy_timeout(10000)")
	}
	if err != nil {
		e.t.Fatal(err)
	}
	e.t.Cleanup(func() { db.Close() })
	return db, rebind
}

// expOpen opens a downloaded workbook and returns its sheets' rows.
func expOpen(t *testing.T, raw []byte) (map[string][][]string, []string) {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("open export: %v", err)
	}
	defer f.Close()
	out := map[string][][]string{}
	for _, s := range f.GetSheetList() {
		rows, err := f.GetRows(s)
		if err != nil {
			t.Fatal(err)
		}
		out[s] = rows
	}
	return out, f.GetSheetList()
}

func TestExports(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			inst := e.inst["baota"]
			classID := e.impClass("director1", inst, "托大一班", "toddler_older", 0)
			idA, idB := impID(t, "610602", "20240315", 1), impID(t, "610602", "20240316", 2)
			rows := [][]string{impChildHeader, impChild(t, "托大一班", "20240315", 1), impChild(t, "托大一班", "20240316", 2)}
			e.impPost("director1", inst, "kind=children", "c.xlsx", impXLSX(t, rows), 201)
			staffID := impID(t, "610602", "19900512", 12)
			e.impPost("director1", inst, "kind=staff", "s.xlsx", impXLSX(t, [][]string{impStaffHeader,
				{"张保育", "", "", staffID, "13700001111", "保育员", "是", "2026-09-01", "", "2026-03-01", "", "", "", "", "", "", ""}}), 201)

			// children: masked ID numbers; a regulator sees guardians' phones masked
			for _, user := range []string{"director1", "baota", "yanan"} {
				raw := e.do(user, "GET", fmt.Sprintf("/api/v1/institutions/%d/children.xlsx", inst), nil, 200, nil)
				sheets, names := expOpen(t, raw)
				rs := sheets[names[0]]
				if len(rs) != 3 || rs[0][0] != "班级" || rs[0][6] != "证件号码" {
					t.Fatalf("%s children: %v", user, rs)
				}
				all := fmt.Sprint(rs)
				if strings.Contains(all, idA) || strings.Contains(all, idB) || !strings.Contains(all, cnid.Mask(idA)) || !strings.Contains(all, cnid.Mask(idB)) {
					t.Fatalf("%s: ID numbers not masked: %v", user, rs)
				}
				phone := rs[1][16]
				if (user == "director1") != (phone == "13912340001") || (user != "director1" && phone != cnid.Mask("13912340001")) {
					t.Fatalf("%s: guardian phone %q", user, phone)
				}
				if rs[1][0] != "托大一班" || rs[1][1] != "导入1" || rs[1][2] != "男" || rs[1][3] != "2024-03-15" || rs[1][10] != "全日托" || rs[1][13] != "1800" {
					t.Fatalf("%s: row %v", user, rs[1])
				}
			}
			raw := e.do("director1", "GET", fmt.Sprintf("/api/v1/institutions/%d/children.xlsx?lang=en", inst), nil, 200, nil)
			sheets, names := expOpen(t, raw)
			if names[0] != "Children" || sheets["Children"][0][1] != "Name" || sheets["Children"][1][10] != "Full day" {
				t.Fatalf("English: %v", sheets)
			}

			// staff
			raw = e.do("baota", "GET", fmt.Sprintf("/api/v1/institutions/%d/staff.xlsx", inst), nil, 200, nil)
			sheets, names = expOpen(t, raw)
			rs := sheets[names[0]]
			if len(rs) != 2 || rs[1][0] != "张保育" || rs[1][2] != cnid.Mask(staffID) || rs[1][4] != "保育员" || rs[1][10] != "2027-03-01" ||
				strings.Contains(fmt.Sprint(rs), staffID) {
				t.Fatalf("staff: %v", rs)
			}

			// a month of attendance
			var list impList
			e.do("director1", "GET", fmt.Sprintf("/api/v1/institutions/%d/children", inst), nil, 200, &list)
			ids := map[string]int64{}
			for _, c := range list.Items {
				ids[c.Name] = c.ID
			}
			db, rebind := e.expRawDB()
			ins := rebind(`INSERT INTO attendance (child_id, institution_id, class_id, date, check_in, check_out, absent_reason, symptoms, updated_at)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`)
			at := func(d, hm string) any {
				if hm == "" {
					return nil
				}
				t, _ := time.ParseInLocation("2006-01-02 15:04", d+" "+hm, time.FixedZone("CST", 8*3600))
				return t.UTC()
			}
			now := time.Now().UTC()
			for _, r := range []struct {
				child            string
				date, in, out    string
				reason, symptoms string
			}{
				{"导入1", "2026-09-28", "08:15", "17:00", "", ""},
				{"导入1", "2026-09-27", "09:00", "", "", ""}, // a Sunday with a record
				{"导入2", "2026-09-28", "", "", "sick", "发热"},
				{"导入2", "2026-09-29", "", "", "personal", ""},
			} {
				if _, err := db.Exec(ins, ids[r.child], inst, classID, r.date, at(r.date, r.in), at(r.date, r.out), r.reason, r.symptoms, now); err != nil {
					t.Fatal(err)
				}
			}
			raw = e.do("director1", "GET", fmt.Sprintf("/api/v1/institutions/%d/attendance.xlsx?month=2026-09", inst), nil, 200, nil)
			sheets, names = expOpen(t, raw)
			if len(names) != 2 || names[0] != "考勤汇总" || names[1] != "考勤明细" {
				t.Fatalf("sheets: %v", names)
			}
			sum := sheets["考勤汇总"]
			if len(sum[0]) != 2+30+3 || sum[0][2] != "1" || sum[0][31] != "30" || sum[0][32] != "出勤天数" {
				t.Fatalf("summary header: %v", sum[0])
			}
			if sum[1][1] != "导入1" || sum[1][1+27] != "√" || sum[1][1+28] != "√" || sum[1][32] != "2" || sum[1][33] != "0" {
				t.Fatalf("summary of 导入1: %v", sum[1])
			}
			if sum[2][1] != "导入2" || sum[2][1+28] != "病" || sum[2][1+29] != "事" || sum[2][1+27] != "" || sum[2][32] != "0" || sum[2][33] != "2" {
				t.Fatalf("summary of 导入2: %v", sum[2])
			}
			det := sheets["考勤明细"]
			text := fmt.Sprint(det)
			if !strings.Contains(text, "[2026-09-28 托大一班 导入1 已离园 08:15 17:00]") || !strings.Contains(text, "[2026-09-28 托大一班 导入2 缺勤   病假 发热]") ||
				!strings.Contains(text, "[2026-09-27 托大一班 导入1 在园 09:00]") {
				t.Fatalf("details: %v", det)
			}
			// every child on each working day (and the Sunday record): more than two rows a day
			if len(det) < 1+2*20 {
				t.Fatalf("details rows: %d", len(det))
			}
			e.do("baota", "GET", fmt.Sprintf("/api/v1/institutions/%d/attendance.xlsx", inst), nil, 200, nil)
			e.do("director1", "GET", fmt.Sprintf("/api/v1/institutions/%d/attendance.xlsx?month=2026-10", inst), nil, 422, nil)
			e.do("director1", "GET", fmt.Sprintf("/api/v1/institutions/%d/attendance.xlsx?month=九月", inst), nil, 422, nil)

			// audited, each
			for _, action := range []string{"export.children", "export.staff", "export.attendance"} {
				if n := e.impAuditCount(action); n < 1 {
					t.Fatalf("%s not audited", action)
				}
			}

			// scope and permission
			for _, what := range []string{"children", "staff", "attendance"} {
				path := fmt.Sprintf("/api/v1/institutions/%d/%s.xlsx", inst, what)
				e.do("director2", "GET", path, nil, 404, nil)
				e.do("ansai", "GET", path, nil, 404, nil)
				e.do("carer1", "GET", path, nil, 403, nil)
				e.do("parent1", "GET", path, nil, 403, nil)
				e.do("", "GET", path, nil, 401, nil)
			}
		})
	}
}

// probe is the client of an export: check runs at its first byte.
type probe struct {
	buf   bytes.Buffer
	check func()
	fail  error
}

func (p *probe) Write(b []byte) (int, error) {
	if p.buf.Len() == 0 && p.check != nil {
		p.check()
	}
	if p.fail != nil {
		return 0, p.fail
	}
	return p.buf.Write(b)
}

// Each export is audited before its first byte goes out, streams a
// workbook that opens, and stops with the client's error when the client
// goes away. The institution export has its header row in bold, frozen,
// and numbers as numbers.
func TestExportsAuditedBeforeSent(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			inst := e.inst["baota"]
			svc, ctx, sys := e.app.Service, context.Background(), authz.System("test")
			db, rebind := e.expRawDB()
			audits := func(action string) int {
				var n int
				if err := db.QueryRow(rebind("SELECT COUNT(*) FROM audit_events WHERE action = ?"), action).Scan(&n); err != nil {
					t.Fatal(err)
				}
				return n
			}
			exports := []struct {
				action string
				run    func(io.Writer) error
			}{
				{"export.children", func(w io.Writer) error { _, err := svc.ExportChildren(ctx, sys, inst, "zh", w); return err }},
				{"export.staff", func(w io.Writer) error { _, err := svc.ExportStaff(ctx, sys, inst, "zh", w); return err }},
				{"export.attendance", func(w io.Writer) error {
					_, err := e.app.Daily.ExportAttendance(ctx, sys, inst, "2026-09", "zh", w)
					return err
				}},
				{"institution.export", func(w io.Writer) error {
					_, err := svc.ExportInstitutions(ctx, sys, domain.InstitutionFilter{}, "zh", func(v string) string { return v }, w)
					return err
				}},
			}
			for _, x := range exports {
				before := audits(x.action)
				p := &probe{check: func() {
					if n := audits(x.action); n != before+1 {
						t.Errorf("%s: %d audit events at the first byte, want %d", x.action, n, before+1)
					}
				}}
				if err := x.run(p); err != nil {
					t.Fatalf("%s: %v", x.action, err)
				}
				if p.buf.Len() == 0 {
					t.Fatalf("%s: nothing written", x.action)
				}
				expOpen(t, p.buf.Bytes())

				gone := errors.New("client gone")
				if err := x.run(&probe{fail: gone}); !errors.Is(err, gone) {
					t.Errorf("%s to a client that went away: %v", x.action, err)
				}
			}

			raw := e.do("baota", "GET", "/api/v1/institutions.xlsx", nil, 200, nil)
			f, err := excelize.OpenReader(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := f.GetRows("托育机构")
			if err != nil || len(rows) != 2 || fmt.Sprint(rows[0]) != fmt.Sprint(service.ExportColumns["zh"]) || rows[1][0] != "baota托育中心" || rows[1][7] != "60" {
				t.Fatalf("institutions: %v %v", rows, err)
			}
			if typ, _ := f.GetCellType("托育机构", "H2"); typ != excelize.CellTypeNumber {
				t.Errorf("places are %v, not a number", typ)
			}
			style, _ := f.GetCellStyle("托育机构", "A1")
			if st, err := f.GetStyle(style); err != nil || st.Font == nil || !st.Font.Bold {
				t.Errorf("header not bold: %+v %v", st, err)
			}
			if p, err := f.GetPanes("托育机构"); err != nil || !p.Freeze || p.YSplit != 1 {
				t.Errorf("header not frozen: %+v %v", p, err)
			}
			// a refusal before the first byte is still JSON
			if body := e.do("baota", "GET", "/api/v1/institutions.xlsx?status=bogus", nil, 422, nil); !bytes.HasPrefix(body, []byte(`{"error"`)) {
				t.Errorf("bad filter: %s", body)
			}
		})
	}
}
