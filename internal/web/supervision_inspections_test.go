package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"tuoyu/internal/domain"
	"tuoyu/internal/store"
	"tuoyu/internal/supervision"
	"tuoyu/internal/testkit"
)

// svFixture is the base fixture with a second Baota inspector, a second
// institution with its own director, and both institutions filed.
type svFixture struct {
	*fixture
	inspector2 domain.User
	other      domain.Institution
	director2  domain.User
}

func newSvFixture(t *testing.T, b testkit.Backend) *svFixture {
	f := &svFixture{fixture: newFixture(t, b)}
	f.inspector2 = f.user("baota2", domain.RoleCountyRegulator, baotaCounty, 0)
	f.other = f.institution("宝塔区彩虹托育园", creditCodeC)
	f.director2 = f.user("director2", domain.RoleDirector, "", f.other.ID)
	if err := f.app.DB.Tx(f.ctx(), func(q store.Q) error {
		_, err := q.Exec(f.ctx(), "UPDATE institutions SET status = ?", domain.StatusFiled)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	return f
}

// annualTemplate is the current annual checklist.
func (f *svFixture) annualTemplate(t *testing.T) supervision.Template {
	ts, err := f.app.Supervision.Templates(f.ctx(), actor(f.baota))
	if err != nil {
		t.Fatal(err)
	}
	for _, tpl := range ts {
		if tpl.Kind == supervision.KindAnnual {
			return tpl
		}
	}
	t.Fatal("no annual checklist")
	return supervision.Template{}
}

// plan creates a plan through the form: one institution drawn with seed 42.
func (f *svFixture) plan(t *testing.T, c *client, tpl supervision.Template) supervision.Plan {
	t.Helper()
	resp := c.post("/supervision/plans", url.Values{"name": {"2026年度检查"}, "template_id": {itoa(tpl.ID)}, "period_start": {"2026-09-30"},
		"period_end": {"2026-10-30"}, "method": {"draw"}, "draw_count": {"1"}, "seed": {"42"}, "pool": {itoa(f.baota.ID), itoa(f.inspector2.ID)},
		"inspectors_each": {"2"}}).want(t, http.StatusSeeOther)
	loc := resp.Header.Get("Location")
	id := parseID(t, strings.TrimPrefix(strings.Split(loc, "?")[0], "/supervision/plans/"))
	pl, err := f.app.Supervision.Plan(f.ctx(), actor(f.baota), id)
	if err != nil || len(pl.Inspections) != 1 {
		t.Fatalf("plan %d: %v %+v", id, err, pl)
	}
	return pl
}

// postAccept posts a form asking for JSON, as the inspection page's script does.
func (c *client) postAccept(path string, form url.Values) (page, map[string]any) {
	c.t.Helper()
	req, _ := http.NewRequest("POST", c.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	p := c.do(req)
	var body map[string]any
	if err := json.Unmarshal([]byte(p.Body), &body); err != nil {
		c.t.Fatalf("%s: not JSON: %s", path, excerpt(p.Body))
	}
	return p, body
}

func TestSupervisionInspectionPages(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newSvFixture(t, b)
			tpl := f.annualTemplate(t)
			baota := f.client()
			baota.login("baota")
			baota.get("/supervision/plans").want(t, http.StatusOK).contains(t, "还没有检查计划")
			baota.get("/supervision/templates").want(t, http.StatusOK).contains(t, tpl.NameZh)
			baota.get("/supervision/templates/"+itoa(tpl.ID)).want(t, http.StatusOK).contains(t, tpl.Items[0].Code, tpl.Items[0].Basis.Document)
			baota.get("/supervision/plans/new").want(t, http.StatusOK).contains(t, "宝塔区阳光托育中心", "宝塔区彩虹托育园", "baota2")
			// One inspector is too few; the form says so at its field.
			baota.post("/supervision/plans", url.Values{"name": {"x"}, "template_id": {itoa(tpl.ID)}, "period_start": {"2026-09-30"},
				"period_end": {"2026-10-30"}, "method": {"draw"}, "draw_count": {"1"}, "pool": {itoa(f.baota.ID)}, "inspectors_each": {"1"}}).
				want(t, http.StatusUnprocessableEntity).contains(t, "每次检查至少 2 人")
			pl := f.plan(t, baota, tpl)
			n := pl.Inspections[0]
			baota.get("/supervision/plans/"+itoa(pl.ID)).want(t, http.StatusOK).contains(t, `id="plan-seed">42<`, n.InstitutionName, "随机抽取（双随机）", "已公示")
			baota.get("/supervision/plans").contains(t, "2026年度检查")
			baota.get("/supervision/inspections?month=2026-10").want(t, http.StatusOK).contains(t, n.InstitutionName)
			baota.get("/supervision/inspections?month=2026-13").want(t, http.StatusUnprocessableEntity)

			path := "/supervision/inspections/" + itoa(n.ID)
			form := baota.get(path).want(t, http.StatusOK)
			form.contains(t, "data-autosave", "完成检查", tpl.Items[0].TextZh)

			// The institutions: the one drawn sees its inspection, not the
			// checklist form nor the plan and its pool; the other sees nothing.
			drawnDirector, otherDirector := "director1", "director2"
			if n.InstitutionID == f.other.ID {
				drawnDirector, otherDirector = otherDirector, drawnDirector
			}
			drawn := f.client()
			drawn.login(drawnDirector)
			drawn.get(path).want(t, http.StatusOK).lacks(t, "data-autosave", "baota2")
			drawn.get("/").want(t, http.StatusOK).contains(t, `id="sv-announced"`, `href="`+path+`"`)
			drawn.get("/supervision/plans/"+itoa(pl.ID)).want(t, http.StatusForbidden)
			other := f.client()
			other.login(otherDirector)
			other.get(path).want(t, http.StatusNotFound)
			other.get("/supervision/inspections").want(t, http.StatusOK).lacks(t, n.InstitutionName)
			ansai := f.client()
			ansai.login("ansai")
			ansai.get(path).want(t, http.StatusNotFound)
			ansai.get("/supervision/plans/"+itoa(pl.ID)).want(t, http.StatusNotFound)

			// Item by item, as the page's script sends them.
			inst, err := f.svc.Institution(f.ctx(), actor(f.baota), n.InstitutionID)
			if err != nil {
				t.Fatal(err)
			}
			var items []supervision.Item
			for _, it := range tpl.Items {
				if it.AppliesTo(inst.Kind) {
					items = append(items, it)
				}
			}
			resp, body := baota.postAccept(path+"/items", url.Values{"item_code": {"NO-SUCH"}, "outcome": {"pass"}})
			if resp.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body["fields"].(map[string]any)["item_code"].(string), "检查表中没有这一项") {
				t.Fatalf("unknown item: %d %v", resp.StatusCode, body)
			}
			failed := items[0]
			for i, it := range items {
				outcome := "pass"
				if i == 0 {
					outcome = "fail"
				}
				resp, body := baota.postAccept(path+"/items", url.Values{"item_code": {it.Code}, "outcome": {outcome}, "note": {"现场查看 " + it.Code},
					"latitude": {"36.585"}, "longitude": {"109.489"}})
				if resp.StatusCode != http.StatusOK || body["status"] != "in_progress" {
					t.Fatalf("save %s: %d %v", it.Code, resp.StatusCode, body)
				}
			}
			// A photo that is not an image is refused; a PNG is kept.
			bad := baota.uploadForm(path+"/photos", url.Values{"item_code": {failed.Code}}, "x.png", pdfScan())
			bad.want(t, http.StatusUnprocessableEntity).contains(t, "只接受 JPEG 或 PNG 照片")
			baota.uploadForm(path+"/photos", url.Values{"item_code": {failed.Code}}, "photo.png", pngScan()).want(t, http.StatusSeeOther)
			page := baota.get(path).contains(t, "现场查看 "+failed.Code, `<img src="/supervision/files/`, "36.58500, 109.48900")
			if strings.Count(page.Body, `class="card sv-item done"`) != len(items) {
				t.Fatalf("not every item shows as saved")
			}
			photo := regexpFind(page.Body, `/supervision/files/(\d+)`)
			baota.get("/supervision/files/"+photo).want(t, http.StatusOK)
			other.get("/supervision/files/"+photo).want(t, http.StatusNotFound)

			// Completion without the representative names the field.
			baota.post(path+"/complete", url.Values{"summary": {"整体良好"}}).want(t, http.StatusUnprocessableEntity).contains(t, "机构代表签认（姓名）")
			baota.post(path+"/complete", url.Values{"representative": {"李四"}, "summary": {"整体良好"}}).want(t, http.StatusSeeOther)
			done := baota.get(path).want(t, http.StatusOK).lacks(t, "data-autosave")
			if failed.Veto {
				done.contains(t, "不合格")
			} else {
				done.contains(t, "基本合格，限期整改")
			}
			done.contains(t, "李四", failed.TextZh)
			baota.get("/supervision/findings?open=on").want(t, http.StatusOK).contains(t, failed.TextZh, n.InstitutionName)
			drawn.get("/supervision/findings").want(t, http.StatusOK).contains(t, failed.TextZh)
			other.get("/supervision/findings").want(t, http.StatusOK).lacks(t, failed.TextZh)
			// A completed inspection takes no more entries.
			if resp, _ := baota.postAccept(path+"/items", url.Values{"item_code": {failed.Code}, "outcome": {"pass"}}); resp.StatusCode != http.StatusConflict {
				t.Fatalf("save after completion: %d", resp.StatusCode)
			}

			for _, x := range []string{"/supervision/plans.xlsx", "/supervision/inspections.xlsx?kind=annual", "/supervision/findings.xlsx"} {
				got := baota.get(x).want(t, http.StatusOK)
				if !strings.HasPrefix(got.Body, "PK") {
					t.Fatalf("%s is not a workbook", x)
				}
			}
		})
	}
}

// regexpFind is the first group of the first match of pattern in s ("" when none).
func regexpFind(s, pattern string) string {
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	if len(m) < 2 {
		return ""
	}
	return m[1]
}
