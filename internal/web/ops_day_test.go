package web_test

import (
	"net/http"
	"testing"
)

// TestOpsDayNotices: a grid, check or care-log page asked for a day to come
// or a date that is not one says so and shows today; a holiday or a rest
// day is named as such; today and a make-up working day say nothing.
func TestOpsDayNotices(t *testing.T) {
	eachOpsBackend(t, func(t *testing.T, f *opsFixture) {
		c := f.client()
		c.login("carer1")
		base := "/classes/" + itoa(f.class.ID)
		for _, page := range []string{"/attendance", "/checks", "/care-log"} {
			u := base + page
			c.get(u+"?date=2026-10-02").want(t, http.StatusOK).contains(t, "2026-10-02 还没有到", "显示的是今天（2026-09-30）")
			c.get(u+"?date=abc").want(t, http.StatusOK).contains(t, "日期格式不对", "显示的是今天（2026-09-30）")
			c.get(u+"?date=2026-09-25").want(t, http.StatusOK).contains(t, "2026-09-25 是法定节假日（中秋节），不是工作日")
			c.get(u+"?date=2026-09-19").want(t, http.StatusOK).contains(t, "2026-09-19 是休息日")
			for _, quiet := range []string{"", "?date=2026-09-30", "?date=2026-09-20"} {
				c.get(u+quiet).want(t, http.StatusOK).lacks(t, "还没有到", "不是工作日", "日期格式不对")
			}
		}
	})
}

// TestOpsClockShowsState: the caregiver sees whether they are clocked in
// and since when, and only the button that applies; the director sees each
// caregiver's state on their button.
func TestOpsClockShowsState(t *testing.T) {
	eachOpsBackend(t, func(t *testing.T, f *opsFixture) {
		grid := "/classes/" + itoa(f.class.ID) + "/attendance"
		in, out := `action="/classes/`+itoa(f.class.ID)+`/clock-in"`, `action="/classes/`+itoa(f.class.ID)+`/clock-out"`
		c := f.client()
		c.login("carer1")
		c.get(grid).want(t, http.StatusOK).contains(t, "未打卡", in).lacks(t, out, "起在岗")
		c.post("/classes/"+itoa(f.class.ID)+"/clock-in", nil).want(t, http.StatusSeeOther)
		c.get(grid).want(t, http.StatusOK).contains(t, "10:00 起在岗", out).lacks(t, in, "未打卡")

		d := f.client()
		d.login("director1")
		d.get(grid).want(t, http.StatusOK).contains(t, "王保育 · 10:00 起在岗 · 下班打卡", out)
		c.post("/classes/"+itoa(f.class.ID)+"/clock-out", nil).want(t, http.StatusSeeOther)
		c.get(grid).want(t, http.StatusOK).contains(t, "未打卡", in).lacks(t, out)
		d.get(grid).want(t, http.StatusOK).contains(t, "王保育 · 未打卡 · 上班打卡")
	})
}
