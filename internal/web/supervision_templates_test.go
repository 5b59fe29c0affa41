package web_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"tuoyu/internal/testkit"
)

// templateForm is the version form as the edit page fills it.
func templateForm(t *testing.T, c *client, id int64) url.Values {
	t.Helper()
	body := c.get("/supervision/templates/"+itoa(id)+"/edit").want(t, http.StatusOK).Body
	v := url.Values{"name_zh": {inputValue(body, "name_zh")}, "name_en": {inputValue(body, "name_en")}, "source": {inputValue(body, "source")},
		"rows": {inputValue(body, "rows")}}
	for n := 1; ; n++ {
		pre := "items." + itoa(int64(n)) + "."
		code := inputValue(body, pre+"code")
		if code == "" {
			break
		}
		v.Set(pre+"code", code)
		v.Set(pre+"basis.document", inputValue(body, pre+"basis.document"))
		v.Set(pre+"points", inputValue(body, pre+"points"))
		v.Set(pre+"zh", "检查内容 "+code)
	}
	return v
}

func TestSupervisionTemplateVersionPage(t *testing.T) {
	for _, b := range testkit.Backends() {
		t.Run(b.Name, func(t *testing.T) {
			f := newSvFixture(t, b)
			tpl := f.annualTemplate(t)
			path := "/supervision/templates/" + itoa(tpl.ID)
			// An inspection planned with version 1 keeps it.
			baota := f.client()
			baota.login("baota")
			pl := f.plan(t, baota, tpl)
			baota.get(path).want(t, http.StatusOK).lacks(t, path+"/edit")
			baota.get(path+"/edit").want(t, http.StatusForbidden)

			city := f.client()
			city.login("yanan")
			city.get(path).want(t, http.StatusOK).contains(t, path+"/edit", "制定新版本")
			v := templateForm(t, city, tpl.ID)
			if v.Get("items.1.code") != tpl.Items[0].Code {
				t.Fatalf("form not filled from the version: %v", v)
			}
			// Bad input: a repeated code, an empty code with text, negative points.
			bad := url.Values{}
			for k, x := range v {
				bad[k] = x
			}
			bad.Set("items.2.code", tpl.Items[0].Code)
			bad.Set("items.3.points", "-1")
			n := len(tpl.Items) + 1
			bad.Set("items."+itoa(int64(n))+".zh", "新增项目")
			bad.Set("items."+itoa(int64(n))+".basis.document", "托育机构管理规范")
			p := city.post(path+"/versions", bad).want(t, http.StatusUnprocessableEntity)
			for _, fld := range []string{"items_2_code", "items_3_points", "items_" + itoa(int64(n)) + "_code"} {
				if fieldError(p.Body, fld) == "" {
					t.Errorf("no error on %s: %s", fld, excerpt(p.Body))
				}
			}
			// The refused form shows the rows up to the last filled one and
			// three blank ones: no more, however often it is refused.
			wantRows := `name="rows" value="` + itoa(int64(n+3)) + `"`
			if !strings.Contains(p.Body, wantRows) {
				t.Errorf("refused form rows: want %s", wantRows)
			}
			bad.Set("rows", itoa(int64(n+9)))
			if p := city.post(path+"/versions", bad).want(t, http.StatusUnprocessableEntity); !strings.Contains(p.Body, wantRows) {
				t.Errorf("blank rows piled up: want %s", wantRows)
			}
			if vs, _ := f.app.Supervision.TemplateVersions(f.ctx(), actor(f.city), tpl.Code); len(vs) != 1 {
				t.Fatalf("a refused form made a version: %d", len(vs))
			}
			// Edit an item, add one, remove one.
			v.Set("items.1.zh", "改写的检查内容")
			v.Set("items.1.veto", "on")
			v.Set("items.2.remove", "on")
			pre := "items." + itoa(int64(n)) + "."
			v.Set(pre+"code", "X-NEW")
			v.Set(pre+"zh", "新增项目")
			v.Set(pre+"en", "A new item")
			v.Set(pre+"basis.document", "托育机构管理规范")
			v.Set(pre+"points", "5")
			v.Add(pre+"kinds", "centre")
			v.Set(pre+"photo", "on")
			loc := city.post(path+"/versions", v).want(t, http.StatusSeeOther).Header.Get("Location")
			newID := parseID(t, strings.TrimPrefix(strings.Split(loc, "?")[0], "/supervision/templates/"))
			nt, err := f.app.Supervision.Template(f.ctx(), actor(f.city), newID)
			if err != nil || nt.Version != 2 || len(nt.Items) != len(tpl.Items) {
				t.Fatalf("new version: %+v %v", nt, err)
			}
			if !nt.Items[0].Veto || nt.Items[0].TextZh != "改写的检查内容" || nt.Items[1].Code != tpl.Items[2].Code {
				t.Fatalf("items not edited: %+v", nt.Items[:2])
			}
			last := nt.Items[len(nt.Items)-1]
			if last.Code != "X-NEW" || !last.Photo || last.Points != 5 || len(last.Kinds) != 1 {
				t.Fatalf("item not added: %+v", last)
			}
			city.get(loc).want(t, http.StatusOK).contains(t, "新版本已保存", "全部版本", "第 2 版", path)
			// The old version stays readable; the planned inspection keeps it.
			city.get(path).want(t, http.StatusOK).contains(t, tpl.Items[1].Code)
			in, err := f.app.Supervision.Inspection(f.ctx(), actor(f.baota), pl.Inspections[0].ID)
			if err != nil || in.TemplateID != tpl.ID {
				t.Fatalf("the inspection changed version: %+v %v", in, err)
			}
		})
	}
}
