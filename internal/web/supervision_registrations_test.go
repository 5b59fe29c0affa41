package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
	"tuoyu/internal/testkit"
)

func TestSupervisionRegistrationPages(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newFixture(t, b)
			baota := f.client()
			baota.login("baota")
			baota.get("/supervision/registrations").want(t, http.StatusOK).contains(t, "登记推送与备案期限", "没有符合条件的登记信息")
			baota.get("/supervision/registrations/new").want(t, http.StatusOK).contains(t, `name="credit_code"`, "宝塔山街道")

			// Bad input names its field and records nothing.
			bad := baota.post("/supervision/registrations", url.Values{"credit_code": {"123"}, "name": {""}, "nature": {"private"},
				"registered_on": {"2026-09-01"}, "authority": {"market"}, "address": {"宝塔区1号"}, "township_code": {baotaTownship}})
			bad.want(t, http.StatusUnprocessableEntity).contains(t, "统一社会信用代码不正确", "名称")
			baota.get("/supervision/registrations").contains(t, "没有符合条件的登记信息")

			// Registered on 1 September, recorded on 30 September: pushed
			// late and not filed within 10 working days.
			baota.post("/supervision/registrations", url.Values{"credit_code": {creditCodeB}, "name": {"宝塔区新苗托育园"}, "nature": {"private"},
				"registered_on": {"2026-09-01"}, "authority": {"market"}, "address": {"宝塔区2号"}, "township_code": {baotaTownship}}).want(t, http.StatusSeeOther)
			list := baota.get("/supervision/registrations?overdue=on").want(t, http.StatusOK)
			list.contains(t, "宝塔区新苗托育园", creditCodeB, "推送超期", "逾期未备案", "2026-09-15")
			home := baota.get("/").want(t, http.StatusOK)
			home.contains(t, `id="sv-registrations-overdue"`, "宝塔区新苗托育园", "登记后逾期未备案")

			x := baota.get("/supervision/registrations.xlsx?overdue=on").want(t, http.StatusOK)
			if !strings.HasPrefix(x.Body, "PK") || !strings.Contains(x.Header.Get("Content-Type"), "spreadsheetml") {
				t.Fatalf("export: %s %q", x.Header.Get("Content-Type"), excerpt(x.Body))
			}

			// Scope: Ansai sees none of Baota's; a director has no such page.
			ansai := f.client()
			ansai.login("ansai")
			ansai.get("/supervision/registrations").want(t, http.StatusOK).lacks(t, "宝塔区新苗托育园")
			director := f.client()
			director.login("director1")
			director.get("/supervision/registrations").want(t, http.StatusForbidden)
			// The registration authority (行政审批) of Baota sees the overdue one on its home.
			if _, err := f.svc.AddUser(f.ctx(), system, service.NewUser{Username: "shenpi", DisplayName: "行政审批局", Password: password, Role: domain.RolePartner,
				RegionCode: baotaCounty, Department: string(authz.DutyApproval)}); err != nil {
				t.Fatal(err)
			}
			partner := f.client()
			partner.login("shenpi")
			partner.get("/").want(t, http.StatusOK).contains(t, `id="sv-registrations-overdue"`, "宝塔区新苗托育园")

			// A batch: one good row, one bad; the preview lists the bad
			// cell by row and column, and the import writes nothing.
			baota.get("/supervision/registrations/import").want(t, http.StatusOK).contains(t, "下载导入模板")
			tpl := baota.get("/supervision/registrations/import/template.xlsx").want(t, http.StatusOK)
			if !strings.HasPrefix(tpl.Body, "PK") {
				t.Fatal("template is not a workbook")
			}
			csv := "统一社会信用代码,机构名称,机构性质,登记日期,登记机关类别,地址,乡镇（街道）代码\n" +
				creditCodeC + ",宝塔区小太阳托育,民办,2026-09-28,市场监管部门,宝塔区3号," + baotaTownship + "\n" +
				creditCodeD + ",宝塔区星星托育,民办,2026-09-28,市场监管部门,宝塔区4号,999999999\n"
			pv := baota.uploadForm("/supervision/registrations/import", url.Values{"dry_run": {"on"}}, "batch.csv", []byte(csv))
			pv.want(t, http.StatusUnprocessableEntity).contains(t, `id="import-result"`, "乡镇（街道）代码", "没有这个行政区划")
			all := baota.uploadForm("/supervision/registrations/import", url.Values{}, "batch.csv", []byte(csv))
			all.want(t, http.StatusUnprocessableEntity)
			baota.get("/supervision/registrations").lacks(t, "宝塔区小太阳托育")

			good := strings.Replace(csv, "999999999", baotaTownship, 1)
			baota.uploadForm("/supervision/registrations/import", url.Values{"dry_run": {"on"}}, "batch.csv", []byte(good)).want(t, http.StatusOK)
			baota.get("/supervision/registrations").lacks(t, "宝塔区小太阳托育")
			baota.uploadForm("/supervision/registrations/import", url.Values{}, "batch.csv", []byte(good)).want(t, http.StatusOK).contains(t, "名单已导入")
			baota.get("/supervision/registrations").contains(t, "宝塔区小太阳托育", "宝塔区星星托育")
			// The same batch again: each row is already recorded.
			baota.uploadForm("/supervision/registrations/import", url.Values{}, "batch.csv", []byte(good)).want(t, http.StatusUnprocessableEntity).contains(t, "该登记信息已录入")
		})
	}
}
