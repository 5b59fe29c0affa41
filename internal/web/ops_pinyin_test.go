package web_test

import (
	"net/http"
	"strings"
	"testing"

	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// TestOpsNamesSortByPinyin: the children list, its pages and the class's
// attendance sheet order names by pinyin (安 an, 白 bai, 张 zhang), not by
// code point (安 U+5B89, 张 U+5F20, 白 U+767D).
func TestOpsNamesSortByPinyin(t *testing.T) {
	eachOpsBackend(t, func(t *testing.T, f *opsFixture) {
		f.enrol(t, "张小米", childID2)
		f.enrol(t, "安安", childID1)
		f.enrol(t, "白雪", residentID("61060220250210122"))
		order := func(body string, names ...string) {
			t.Helper()
			last := -1
			for _, n := range names {
				at := strings.Index(body, n)
				if at < 0 || at < last {
					t.Errorf("%v not in pinyin order (%s at %d after %d)", names, n, at, last)
					return
				}
				last = at
			}
		}
		d := f.client()
		d.login("director1")
		order(d.get("/institutions/"+itoa(f.inst.ID)+"/children").want(t, http.StatusOK).Body, "安安", "白雪", "张小米")
		order(d.get("/classes/"+itoa(f.class.ID)+"/attendance").want(t, http.StatusOK).Body, "安安", "白雪", "张小米")
		// Pages keep the order: the second of one per page is 白雪.
		kids, total, err := f.svc.Children(f.ctx(), actor(f.director), f.inst.ID, domain.ChildFilter{}, domain.Page{Page: 2, PerPage: 1})
		if err != nil || total != 3 || len(kids) != 1 || kids[0].Name != "白雪" {
			t.Errorf("page 2 of 1: %v of %d (%v)", kids, total, err)
		}
		kids, _, err = f.svc.Children(f.ctx(), actor(f.director), f.inst.ID, domain.ChildFilter{Q: "小"}, domain.Page{PerPage: 10})
		if err != nil || len(kids) != 1 || kids[0].Name != "张小米" {
			t.Errorf("filtered: %v (%v)", kids, err)
		}
		staff, total, err := f.svc.InstitutionStaff(f.ctx(), actor(f.director), store.StaffFilter{InstitutionID: f.inst.ID, IncludeEnded: true}, domain.Page{PerPage: 10})
		if err != nil || total < 1 || len(staff) != total {
			t.Errorf("staff: %d of %d (%v)", len(staff), total, err)
		}
	})
}
