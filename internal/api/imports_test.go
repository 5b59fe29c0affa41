package api_test

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"tuoyu/internal/cnid"
	"tuoyu/internal/testkit"
)

// impID makes a valid 18-character resident ID number.
func impID(t testing.TB, county, birth string, seq int) string {
	t.Helper()
	first := fmt.Sprintf("%s%s%03d", county, birth, seq)
	c, err := cnid.ResidentIDCheckChar(first)
	if err != nil {
		t.Fatal(err)
	}
	return first + string(c)
}

// impBadCheck changes the check character of an ID number.
func impBadCheck(id string) string {
	if id[17] == '0' {
		return id[:17] + "1"
	}
	return id[:17] + "0"
}

type impResult struct {
	Kind     string `json:"kind"`
	DryRun   bool   `json:"dry_run"`
	Format   string `json:"format"`
	Rows     int    `json:"rows"`
	Valid    int    `json:"valid"`
	Imported int    `json:"imported"`
	Errors   []struct {
		Row     int    `json:"row"`
		Column  string `json:"column"`
		Message string `json:"message"`
	} `json:"errors"`
	Warnings []string `json:"warnings"`
	Error    *struct {
		Code    string            `json:"code"`
		Message string            `json:"message"`
		Fields  map[string]string `json:"fields"`
	} `json:"error"`
}

func (r impResult) errorList() string {
	var b strings.Builder
	for _, e := range r.Errors {
		fmt.Fprintf(&b, "%d|%s|%s\n", e.Row, e.Column, e.Message)
	}
	return b.String()
}

// impXLSX makes a workbook whose first sheet holds the rows.
func impXLSX(t testing.TB, rows [][]string) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	for i, r := range rows {
		vals := make([]any, len(r))
		for j, v := range r {
			vals[j] = v
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
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

// impPost uploads a roster and checks the status.
func (e *env) impPost(user string, inst int64, query, filename string, data []byte, want int) (impResult, []byte) {
	e.t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	fw, _ := w.CreateFormFile("file", filename)
	fw.Write(data)
	w.Close()
	req, _ := http.NewRequest("POST", fmt.Sprintf("%s/api/v1/institutions/%d/imports?%s", e.srv.URL, inst, query), &buf)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Authorization", "Bearer "+e.login(user))
	var res impResult
	raw := e.send(req, want, nil)
	if len(raw) > 0 && raw[0] == '{' {
		if err := json.Unmarshal(raw, &res); err != nil {
			e.t.Fatalf("decode %s: %v", raw, err)
		}
	}
	return res, raw
}

// impClass creates a class; capacity 0 takes the standard's.
func (e *env) impClass(user string, inst int64, name, typ string, capacity int) int64 {
	e.t.Helper()
	var c struct {
		ID int64 `json:"id"`
	}
	e.do(user, "POST", fmt.Sprintf("/api/v1/institutions/%d/classes", inst),
		map[string]any{"name": name, "type": typ, "capacity": capacity, "caregiver_ids": []int64{}}, 201, &c)
	return c.ID
}

var impChildHeader = []string{"姓名", "性别", "出生日期", "证件类型", "证件号码", "户籍地区", "过敏", "特殊需要", "班级", "托育类型", "入托日期", "普惠",
	"费用（元/月）", "监护人姓名", "关系", "监护人电话", "监护人证件号"}

// impChild is a good roster row for a child born on birth (YYYYMMDD) in class.
func impChild(t testing.TB, class, birth string, seq int) []string {
	return []string{fmt.Sprintf("导入%d", seq), "", "", "居民身份证", impID(t, "610602", birth, seq), "610602", "", "", class, "全日托", "2026-09-01", "否",
		"1800", "王芳", "母亲", fmt.Sprintf("1391234%04d", seq), ""}
}

type impList struct {
	Total int `json:"total"`
	Items []struct {
		ID         int64  `json:"id"`
		Name       string `json:"name"`
		Sex        string `json:"sex"`
		BirthDate  string `json:"birth_date"`
		CertMasked string `json:"cert_masked"`
		Enrolment  *struct {
			ClassName string `json:"class_name"`
			CareType  string `json:"care_type"`
			StartDate string `json:"start_date"`
			FeeFen    int64  `json:"fee_fen"`
		} `json:"enrolment"`
	} `json:"items"`
}

func (e *env) impChildren(inst int64) impList {
	e.t.Helper()
	var l impList
	e.do("director1", "GET", fmt.Sprintf("/api/v1/institutions/%d/children?per_page=200", inst), nil, 200, &l)
	return l
}

func (e *env) impAuditCount(action string) int {
	e.t.Helper()
	var l struct {
		Total int `json:"total"`
	}
	e.do("baota", "GET", "/api/v1/audit?action="+action, nil, 200, &l)
	return l.Total
}

// impBadRoster has a good row, then a wrong check character, an unknown
// class, a bad date and the first row's ID number again.
func impBadRoster(t testing.TB) [][]string {
	good := impChild(t, "托大一班", "20240315", 1)
	badID := impChild(t, "托大一班", "20240316", 2)
	badID[4] = impBadCheck(badID[4])
	noClass := impChild(t, "火星班", "20240317", 3)
	badDate := impChild(t, "托大一班", "20240318", 4)
	badDate[10] = "2026-13-01"
	dup := impChild(t, "托大一班", "20240319", 5)
	dup[4] = good[4]
	return [][]string{impChildHeader, good, badID, noClass, badDate, dup}
}

func TestImportDryRunListsErrorsByRowAndColumn(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			inst := e.inst["baota"]
			e.impClass("director1", inst, "托大一班", "toddler_older", 0)
			data := impXLSX(t, impBadRoster(t))
			res, _ := e.impPost("director1", inst, "kind=children&dry_run=1", "roster.xlsx", data, 200)
			want := "3|证件号码|校验位不正确\n4|班级|本机构没有这个班级\n5|入托日期|日期格式应为 YYYY-MM-DD\n6|证件号码|与第 2 行重复\n"
			if res.errorList() != want || !res.DryRun || res.Rows != 5 || res.Valid != 1 || res.Imported != 0 || res.Format != "xlsx" {
				t.Fatalf("preview:\n%s%+v", res.errorList(), res)
			}
			if l := e.impChildren(inst); l.Total != 0 {
				t.Fatalf("a preview wrote children: %+v", l)
			}
			// English messages
			res, _ = e.impPost("director1", inst, "kind=children&dry_run=1&lang=en", "roster.xlsx", data, 200)
			if len(res.Errors) != 4 || res.Errors[0].Message != "has a wrong check character" || res.Errors[1].Message != "is not a class of this institution" ||
				res.Errors[3].Message != "Repeats row 2" || res.Errors[0].Column != "证件号码" {
				t.Fatalf("English:\n%s", res.errorList())
			}
			// values not allowed list the values that are; a header nobody knows is refused at row 1
			rows := [][]string{impChildHeader, impChild(t, "托大一班", "20240320", 6)}
			rows[1][1], rows[1][9], rows[1][14] = "未知", "包月", "邻居"
			res, _ = e.impPost("director1", inst, "kind=children&dry_run=1", "roster.xlsx", impXLSX(t, rows), 200)
			want = "2|性别|与证件号码不符\n2|托育类型|应为以下之一：全日托、半日托、计时托、临时托\n2|关系|应为以下之一：父亲、母亲、（外）祖父母、其他亲属、其他\n"
			if res.errorList() != want {
				t.Fatalf("not allowed:\n%s", res.errorList())
			}
			rows = [][]string{append([]string{"颜色"}, impChildHeader[1:]...), impChild(t, "托大一班", "20240320", 6)}
			res, _ = e.impPost("director1", inst, "kind=children&dry_run=1", "roster.xlsx", impXLSX(t, rows), 200)
			if res.errorList() != "1|颜色|无法识别的列名（可用的列见模板“说明”页）\n1|姓名|缺少此必填列\n" {
				t.Fatalf("header:\n%s", res.errorList())
			}
		})
	}
}

func TestImportIsAllOrNothing(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			inst := e.inst["baota"]
			e.impClass("director1", inst, "托大一班", "toddler_older", 0)
			// one bad row: nothing is written, 422 with the errors
			rows := [][]string{impChildHeader, impChild(t, "托大一班", "20240315", 1), impChild(t, "托大一班", "20240316", 2), impChild(t, "托大一班", "20240317", 3)}
			rows[2][4] = impBadCheck(rows[2][4])
			res, _ := e.impPost("director1", inst, "kind=children", "roster.xlsx", impXLSX(t, rows), 422)
			if res.Error == nil || res.Error.Code != "invalid" || res.Imported != 0 || res.Valid != 2 || res.errorList() != "3|证件号码|校验位不正确\n" {
				t.Fatalf("refused import: %+v\n%s", res, res.errorList())
			}
			if l := e.impChildren(inst); l.Total != 0 {
				t.Fatalf("a refused import wrote children: %+v", l)
			}
			if n := e.impAuditCount("child.enrol"); n != 0 {
				t.Fatalf("a refused import left %d audit events", n)
			}
			// the corrected file imports every row, each audited
			rows[2] = impChild(t, "托大一班", "20240316", 2)
			rows[3][1], rows[3][2], rows[3][11], rows[3][12], rows[3][16] = "男", "2024-03-17", "否", "2,000.50", impID(t, "610602", "19900101", 7)
			res, _ = e.impPost("director1", inst, "kind=children", "roster.xlsx", impXLSX(t, rows), 201)
			if res.Imported != 3 || res.Rows != 3 || len(res.Errors) != 0 || res.DryRun {
				t.Fatalf("import: %+v", res)
			}
			l := e.impChildren(inst)
			if l.Total != 3 {
				t.Fatalf("children after import: %+v", l)
			}
			for _, c := range l.Items {
				if c.Enrolment == nil || c.Enrolment.ClassName != "托大一班" || c.Enrolment.CareType != "full_day" || c.Enrolment.StartDate != "2026-09-01" ||
					!strings.HasPrefix(c.CertMasked, "610602********") {
					t.Fatalf("imported child: %+v", c)
				}
				if c.Name == "导入3" && (c.Enrolment.FeeFen != 200050 || c.BirthDate != "2024-03-17" || c.Sex != "male") {
					t.Fatalf("row 4: %+v %+v", c, c.Enrolment)
				}
			}
			var child struct {
				Guardians []struct {
					Name     string `json:"name"`
					Relation string `json:"relation"`
					Phone    string `json:"phone"`
					IDMasked string `json:"id_masked"`
				} `json:"guardians"`
			}
			for _, c := range l.Items {
				if c.Name == "导入3" {
					e.do("director1", "GET", fmt.Sprintf("/api/v1/children/%d", c.ID), nil, 200, &child)
				}
			}
			if len(child.Guardians) != 1 || child.Guardians[0].Name != "王芳" || child.Guardians[0].Relation != "mother" || child.Guardians[0].Phone != "13912340003" ||
				child.Guardians[0].IDMasked != cnid.Mask(impID(t, "610602", "19900101", 7)) {
				t.Fatalf("guardian: %+v", child)
			}
			if n, m := e.impAuditCount("child.enrol"), e.impAuditCount("import.children"); n != 3 || m != 1 {
				t.Fatalf("audit: %d enrolments, %d imports", n, m)
			}
			// the same file again: every child is enrolled already
			res, _ = e.impPost("director1", inst, "kind=children", "roster.xlsx", impXLSX(t, rows), 422)
			if len(res.Errors) != 3 || res.Errors[0].Column != "证件号码" || res.Errors[0].Message != "该婴幼儿已在其他机构在托，须先在原机构办理离园" {
				t.Fatalf("again:\n%s", res.errorList())
			}
		})
	}
}

func TestImportCountsClassCapacityOverTheFile(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			inst := e.inst["baota"]
			e.impClass("director1", inst, "小班", "toddler_older", 2)
			e.impClass("director1", inst, "乳儿班", "infant", 0)
			rows := [][]string{impChildHeader}
			for i := 1; i <= 3; i++ {
				rows = append(rows, impChild(t, "小班", fmt.Sprintf("202403%02d", 10+i), i))
			}
			rows = append(rows, impChild(t, "乳儿班", "20240301", 4)) // 30 months old: not an infant
			res, _ := e.impPost("director1", inst, "kind=children&dry_run=1", "roster.xlsx", impXLSX(t, rows), 200)
			if len(res.Errors) != 2 || res.Errors[0].Row != 4 || res.Errors[0].Column != "班级" || res.Errors[0].Message != "班级已满" ||
				res.Errors[1].Row != 5 || res.Errors[1].Column != "班级" || !strings.Contains(res.Errors[1].Message, "乳儿班年龄段") {
				t.Fatalf("capacity and age:\n%s", res.errorList())
			}
			if res.Valid != 2 {
				t.Fatalf("valid rows: %+v", res)
			}
		})
	}
}

func TestImportCSVWithBOMAndEnglishHeaders(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			inst := e.inst["baota"]
			e.impClass("director1", inst, "Sunflowers", "toddler_older", 0)
			var csv bytes.Buffer
			csv.WriteString("\xEF\xBB\xBFname,cert_number,class,care_type,start_date,guardian_name,guardian_relation,guardian_phone,puhui\r\n")
			for i := 1; i <= 2; i++ {
				fmt.Fprintf(&csv, "小朋友%d,%s,Sunflowers,full_day,2026/9/1,李四,father,1381234%04d,no\r\n", i, impID(t, "610602", "20240401", i), i)
			}
			res, _ := e.impPost("director1", inst, "kind=children", "名单.csv", csv.Bytes(), 201)
			if res.Imported != 2 || res.Format != "csv" {
				t.Fatalf("csv: %+v\n%s", res, res.errorList())
			}
			if l := e.impChildren(inst); l.Total != 2 || l.Items[0].Name != "小朋友1" {
				t.Fatalf("children: %+v", l)
			}
		})
	}
}

var impStaffHeader = []string{"姓名", "性别", "出生日期", "证件号码", "电话", "岗位", "全职", "入职日期", "学历", "健康证明发证日期", "健康证明有效期至",
	"无犯罪记录证明日期", "资格证书类型", "资格证书名称", "资格证书编号", "资格证书发证日期", "资格证书有效期至"}

func TestImportStaff(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			inst := e.inst["baota"]
			carerID := impID(t, "610602", "19900512", 12) // even sequence: female
			rows := [][]string{impStaffHeader,
				{"张保育", "女", "1990-05-12", carerID, "13700001111", "保育员", "是", "2026-09-01", "大专", "2026-03-01", "", "2026-02-01",
					"保育职业资格证书", "保育师", "BY-001", "2025-06-01", ""},
				{"李保健", "", "", impID(t, "610602", "19880101", 21), "0911-2345678", "health", "否", "", "bachelor", "2026-01-10", "2027-01-09", "", "", "", "", "", ""},
			}
			// a preview with mistakes
			bad := [][]string{impStaffHeader, append([]string{}, rows[1]...), append([]string{}, rows[2]...), append([]string{}, rows[1]...)}
			bad[1][1], bad[1][5], bad[1][10] = "男", "园丁", "2026-01-01" // sex does not match the ID; unknown post; expiry before issue
			bad[2][3] = impBadCheck(bad[2][3])
			res, _ := e.impPost("director1", inst, "kind=staff&dry_run=1", "staff.xlsx", impXLSX(t, bad), 200)
			want := "2|性别|与证件号码不符\n2|岗位|应为以下之一：负责人、保育员、保健员、保安、炊事员、教师、其他岗位\n2|健康证明有效期至|超出合理范围\n" +
				"3|证件号码|校验位不正确\n4|证件号码|与第 2 行重复\n"
			if res.errorList() != want {
				t.Fatalf("staff preview:\n%s", res.errorList())
			}
			res, _ = e.impPost("director1", inst, "kind=staff", "staff.xlsx", impXLSX(t, rows), 201)
			if res.Imported != 2 {
				t.Fatalf("staff import: %+v\n%s", res, res.errorList())
			}
			var l struct {
				Total int `json:"total"`
				Items []struct {
					Name         string `json:"name"`
					Sex          string `json:"sex"`
					IDMasked     string `json:"id_masked"`
					Phone        string `json:"phone"`
					Post         string `json:"post"`
					FullTime     bool   `json:"full_time"`
					StartDate    string `json:"start_date"`
					Education    string `json:"education"`
					Certificates []struct {
						Kind      string `json:"kind"`
						Name      string `json:"name"`
						IssuedOn  string `json:"issued_on"`
						ExpiresOn string `json:"expires_on"`
					} `json:"certificates"`
				} `json:"items"`
			}
			e.do("director1", "GET", fmt.Sprintf("/api/v1/institutions/%d/staff", inst), nil, 200, &l)
			if l.Total != 2 {
				t.Fatalf("staff: %+v", l)
			}
			for _, s := range l.Items {
				switch s.Name {
				case "张保育":
					if s.Sex != "female" || s.Post != "caregiver" || !s.FullTime || s.Education != "junior_college" || s.IDMasked != cnid.Mask(carerID) ||
						len(s.Certificates) != 3 || s.StartDate != "2026-09-01" {
						t.Fatalf("carer: %+v", s)
					}
				case "李保健":
					if s.Post != "health" || s.FullTime || s.StartDate != "2026-09-30" || len(s.Certificates) != 1 || s.Certificates[0].ExpiresOn != "2027-01-09" {
						t.Fatalf("health staff: %+v", s)
					}
				default:
					t.Fatalf("who? %+v", s)
				}
			}
			if n := e.impAuditCount("staff.hire"); n != 2 {
				t.Fatalf("hires audited: %d", n)
			}
			// a banned person in a roster: the whole import is refused and the attempt recorded
			banned := impID(t, "610602", "19850303", 31)
			e.do("baota", "POST", "/api/v1/blacklist", map[string]any{"id_number": banned, "name": "赵某", "reason": "虐童"}, 201, nil)
			rows = [][]string{impStaffHeader, {"赵某", "", "", banned, "", "保安", "", "", "", "", "", "", "", "", "", "", ""}}
			res, _ = e.impPost("director2", e.inst["ansai"], "kind=staff", "staff.csv", impXLSX(t, rows), 422)
			if res.errorList() != "2|证件号码|该人员在终身禁入名单中，不得聘用\n" {
				t.Fatalf("banned:\n%s", res.errorList())
			}
			var refused struct {
				Total int `json:"total"`
			}
			e.do("ansai", "GET", "/api/v1/audit?action=staff.hire_refused_blacklisted", nil, 200, &refused)
			if refused.Total != 1 {
				t.Fatalf("refused hire not recorded: %+v", refused)
			}
		})
	}
}

func TestImportRefusesOversizedFiles(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			inst := e.inst["baota"]
			// a zip bomb: 60 MiB of zeros in a few KiB
			var bomb bytes.Buffer
			zw := zip.NewWriter(&bomb)
			w, _ := zw.Create("xl/worksheets/sheet1.xml")
			zero := make([]byte, 1<<20)
			for range 60 {
				w.Write(zero)
			}
			zw.Close()
			_, raw := e.impPost("director1", inst, "kind=children&dry_run=1", "bomb.xlsx", bomb.Bytes(), 413)
			if !strings.Contains(string(raw), "解压后超过 50 MiB") {
				t.Fatalf("zip bomb: %s", raw)
			}
			// too many rows
			var csv bytes.Buffer
			csv.WriteString(strings.Join(impChildHeader, ",") + "\n")
			for i := 0; i < 10_001; i++ {
				csv.WriteString("a,,,,1,,,,c,full_day,2026-09-01,,,g,mother,13900000000,\n")
			}
			_, raw = e.impPost("director1", inst, "kind=children&dry_run=1", "big.csv", csv.Bytes(), 413)
			if !strings.Contains(string(raw), "数据超过 10000 行") {
				t.Fatalf("rows: %s", raw)
			}
			// over 5 MiB
			_, raw = e.impPost("director1", inst, "kind=children&dry_run=1&lang=en", "huge.csv", bytes.Repeat([]byte("a,b\n"), 2<<20), 413)
			if !strings.Contains(string(raw), "larger than 5 MiB") {
				t.Fatalf("size: %s", raw)
			}
			// not a roster
			_, raw = e.impPost("director1", inst, "kind=children&dry_run=1", "old.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 1, 2, 3, 4}, 422)
			if !strings.Contains(string(raw), ".xls") {
				t.Fatalf("xls: %s", raw)
			}
			e.impPost("director1", inst, "kind=pets&dry_run=1", "x.csv", []byte("a\n1\n"), 422)
		})
	}
}

func TestImportTemplates(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			inst := e.inst["baota"]
			e.impClass("director1", inst, "托大一班", "toddler_older", 0)
			raw := e.do("director1", "GET", "/api/v1/imports/templates/children.xlsx", nil, 200, nil)
			f, err := excelize.OpenReader(bytes.NewReader(raw))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			sheets := f.GetSheetList()
			if len(sheets) != 2 || sheets[0] != "婴幼儿" || sheets[1] != "说明" {
				t.Fatalf("sheets: %v", sheets)
			}
			header, _ := f.GetRows("婴幼儿")
			if len(header) != 1 || strings.Join(header[0], ",") != strings.Join(impChildHeader, ",") {
				t.Fatalf("header: %v", header)
			}
			notes, _ := f.GetRows("说明")
			text := fmt.Sprint(notes)
			if !strings.Contains(text, "托大一班") || !strings.Contains(text, "全日托、半日托") || !strings.Contains(text, "cert_number") {
				t.Fatalf("notes: %s", text)
			}
			// fill in the template and import it
			vals := []any{}
			for _, v := range impChild(t, "托大一班", "20240315", 1) {
				vals = append(vals, v)
			}
			f.SetSheetRow("婴幼儿", "A2", &vals)
			var filled bytes.Buffer
			f.Write(&filled)
			res, _ := e.impPost("director1", inst, "kind=children", "template.xlsx", filled.Bytes(), 201)
			if res.Imported != 1 {
				t.Fatalf("template import: %+v\n%s", res, res.errorList())
			}

			raw = e.do("director1", "GET", "/api/v1/imports/templates/staff.csv?lang=en", nil, 200, nil)
			if !bytes.HasPrefix(raw, []byte("\xEF\xBB\xBFName,Sex,Birth date,ID number,")) {
				t.Fatalf("staff csv: %q", raw)
			}
			raw = e.do("director1", "GET", "/api/v1/imports/templates/children.csv", nil, 200, nil)
			if !bytes.HasPrefix(raw, []byte("\xEF\xBB\xBF姓名,性别,出生日期")) {
				t.Fatalf("children csv: %q", raw)
			}
			raw = e.do("director1", "GET", "/api/v1/imports/templates/staff.xlsx", nil, 200, nil)
			if _, err := excelize.OpenReader(bytes.NewReader(raw)); err != nil {
				t.Fatal(err)
			}
			e.do("director1", "GET", "/api/v1/imports/templates/pets.xlsx", nil, 404, nil)
			e.do("director1", "GET", "/api/v1/imports/templates/children.pdf", nil, 404, nil)
			e.do("carer1", "GET", "/api/v1/imports/templates/children.xlsx", nil, 403, nil)
			e.do("baota", "GET", "/api/v1/imports/templates/children.xlsx", nil, 403, nil)
		})
	}
}

func TestImportScope(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			e := newEnv(t, b)
			inst := e.inst["baota"]
			e.impClass("director1", inst, "托大一班", "toddler_older", 0)
			data := impXLSX(t, [][]string{impChildHeader, impChild(t, "托大一班", "20240315", 1)})
			e.impPost("director2", inst, "kind=children&dry_run=1", "x.xlsx", data, 404)
			e.impPost("director2", inst, "kind=children", "x.xlsx", data, 404)
			e.impPost("baota", inst, "kind=children&dry_run=1", "x.xlsx", data, 403)
			e.impPost("carer1", inst, "kind=children&dry_run=1", "x.xlsx", data, 403)
			if l := e.impChildren(inst); l.Total != 0 {
				t.Fatalf("children: %+v", l)
			}
			e.impPost("director1", inst, "kind=children", "x.xlsx", data, 201)
		})
	}
}
