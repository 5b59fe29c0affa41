package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

var (
	dayInRe  = regexp.MustCompile(`id="check-in">([^<]*)<`)
	dayOutRe = regexp.MustCompile(`id="check-out">([^<]*)<`)
	// kidTimesRe is the first row's times on the grid.
	kidTimesRe = regexp.MustCompile(`<span class="kid-times">([^<]*)</span>`)
)

// dayTimes reads the check-in and check-out times of the guardian's day
// page ("" when none is shown).
func dayTimes(t *testing.T, body string) (in, out string) {
	t.Helper()
	mi, mo := dayInRe.FindStringSubmatch(body), dayOutRe.FindStringSubmatch(body)
	if mi == nil || mo == nil {
		t.Fatalf("no check-in or check-out on the guardian's day:\n%s", excerpt(body))
	}
	return mi[1], mo[1]
}

// A caregiver undoes a mistaken check-out, then the check-in, from the
// grid: the grid and the guardian's day show the record as it stands, each
// undo is audited, and an undo with nothing to undo is refused at the row.
func TestOpsGridUndo(t *testing.T) {
	eachOpsBackend(t, func(t *testing.T, f *opsFixture) {
		child := f.enrol(t, "张小米", childID2)
		d := f.client()
		d.login("director1")
		g := f.guardianFor(t, d, child, "parent1")
		c := f.client()
		c.login("carer1")
		grid := "/classes/" + itoa(f.class.ID) + "/attendance"
		tap := grid + "/" + itoa(child.ID)
		today := f.svc.Today().Format("2006-01-02")
		full, _ := f.svc.Child(f.ctx(), actor(f.director), child.ID)
		mother := "guardian:" + itoa(full.Guardians[0].ID)

		// Nothing to undo before the first tap.
		if page := c.get(grid).want(t, http.StatusOK); strings.Contains(page.Body, `name="clear"`) {
			t.Errorf("an undo is offered before any tap")
		}
		c.post(tap, url.Values{"action": {"in"}, "date": {today}, "time": {"08:00"}}).want(t, http.StatusSeeOther)
		page := c.get(grid).want(t, http.StatusOK).contains(t, "08:00 入园", "撤销入园")
		if !strings.Contains(page.Body, `name="clear" value="check_in"`) {
			t.Errorf("no undo of the check-in on the grid")
		}
		c.post(tap, url.Values{"action": {"out"}, "date": {today}, "time": {"09:30"}, "picked_up_by": {mother}}).want(t, http.StatusSeeOther)
		page = c.get(grid).want(t, http.StatusOK).contains(t, "已离园", "撤销离园")
		if m := kidTimesRe.FindStringSubmatch(page.Body); m == nil || m[1] != "08:00 入园 · 09:30 离园 · 张小米妈妈" {
			t.Errorf("the grid shows %v", m)
		}
		if !strings.Contains(page.Body, `name="clear" value="check_out"`) || strings.Contains(page.Body, `value="check_in"`) {
			t.Errorf("the grid of a child gone home should offer the undo of the check-out only")
		}
		if in, out := dayTimes(t, g.get("/my/children/"+itoa(child.ID)).want(t, http.StatusOK).Body); in != "08:00" || out != "09:30" {
			t.Fatalf("the guardian's day shows %q–%q", in, out)
		}

		// The check-in cannot be undone while the check-out stands.
		c.post(tap, url.Values{"action": {"undo"}, "date": {today}, "clear": {"check_in"}}).want(t, http.StatusUnprocessableEntity).
			contains(t, "已记录离园，请先撤销离园")
		// The check-out is undone: the child is present again, collected by no one.
		undo := c.post(tap, url.Values{"action": {"undo"}, "date": {today}, "clear": {"check_out"}}).want(t, http.StatusSeeOther)
		if loc := undo.Header.Get("Location"); loc != grid+"?date="+today+"#child-"+itoa(child.ID) {
			t.Errorf("after the undo: %q", loc)
		}
		page = c.get(grid).want(t, http.StatusOK).contains(t, "在园", "撤销入园")
		if m := kidTimesRe.FindStringSubmatch(page.Body); m == nil || m[1] != "08:00 入园" {
			t.Errorf("after the undo the grid shows %v, want the check-in only", m)
		}
		day := g.get("/my/children/"+itoa(child.ID)).want(t, http.StatusOK).contains(t, "在园")
		if in, out := dayTimes(t, day.Body); in != "08:00" || out != "" {
			t.Errorf("after the undo the guardian's day shows %q–%q", in, out)
		}
		if strings.Contains(day.Body, "张小米妈妈") {
			t.Errorf("the guardian's day still names who collected the child")
		}

		// Then the check-in: the child is not in, and a second undo has nothing to undo.
		c.post(tap, url.Values{"action": {"undo"}, "date": {today}, "clear": {"check_in"}}).want(t, http.StatusSeeOther)
		c.get(grid).want(t, http.StatusOK).contains(t, "未入园")
		if in, out := dayTimes(t, g.get("/my/children/"+itoa(child.ID)).want(t, http.StatusOK).contains(t, "未入园").Body); in != "" || out != "" {
			t.Errorf("after undoing the check-in the guardian's day shows %q–%q", in, out)
		}
		c.post(tap, url.Values{"action": {"undo"}, "date": {today}, "clear": {"check_in"}}).want(t, http.StatusUnprocessableEntity).
			contains(t, "撤销：没有可撤销的记录")
		c.post(tap, url.Values{"action": {"undo"}, "date": {today}, "clear": {"absent_reason"}}).want(t, http.StatusUnprocessableEntity)

		// Two taps and two undos: four audited batches.
		if n := f.count(t, "SELECT COUNT(*) FROM audit_events WHERE action = 'attendance.record' AND institution_id = ?", f.inst.ID); n != 4 {
			t.Errorf("%d attendance audit events, want 4", n)
		}
		if n := f.count(t, "SELECT COUNT(*) FROM audit_events WHERE action = 'attendance.record' AND CAST(detail AS TEXT) LIKE ?", `%"clear":%"check_out"%`); n != 1 {
			t.Errorf("%d audited undos of a check-out, want 1", n)
		}
		// A director of another institution cannot undo here.
		o := f.client()
		o.login("director2")
		o.post(tap, url.Values{"action": {"undo"}, "date": {today}, "clear": {"check_in"}}).want(t, http.StatusNotFound)
	})
}

// On a past day each tap comes with a time input filled with the opening
// time (check-in) or the closing time of the daily settings
// (check-out); the typed time is checked by the server, and a day in the
// future is refused rather than taken for today.
func TestOpsGridPastDay(t *testing.T) {
	eachOpsBackend(t, func(t *testing.T, f *opsFixture) {
		child := f.enrol(t, "张小米", childID2)
		c := f.client()
		c.login("carer1")
		grid := "/classes/" + itoa(f.class.ID) + "/attendance"
		tap := grid + "/" + itoa(child.ID)
		yesterday := f.svc.Today().AddDate(0, 0, -1).Format("2006-01-02")
		tomorrow := f.svc.Today().AddDate(0, 0, 1).Format("2006-01-02")
		if _, err := f.app.Daily.SetDailySettings(f.ctx(), authz.System("test"), domain.DailySettings{FeverThreshold: 37.3, CheckinDeadline: "09:00", ClosingTime: "17:30", OpeningTime: "07:40"}); err != nil {
			t.Fatal(err)
		}

		past := c.get(grid+"?date="+yesterday).want(t, http.StatusOK).contains(t, "未入园")
		if !strings.Contains(past.Body, `<input type="time" name="time" value="07:40" required`) {
			t.Fatalf("the check-in of a past day has no prefilled time:\n%s", excerpt(past.Body))
		}
		// Today's grid needs no time: the tap is now.
		if strings.Contains(c.get(grid).want(t, http.StatusOK).Body, `type="time"`) {
			t.Errorf("today's grid asks for a time")
		}

		// The prefilled form as the browser sends it.
		in := c.post(tap, url.Values{"action": {"in"}, "date": {yesterday}, "time": {"08:00"}}).want(t, http.StatusSeeOther)
		if loc := in.Header.Get("Location"); loc != grid+"?date="+yesterday+"#child-"+itoa(child.ID) {
			t.Errorf("after the check-in: %q", loc)
		}
		past = c.get(grid+"?date="+yesterday).want(t, http.StatusOK).contains(t, "在园", "08:00 入园", "撤销入园")
		if !strings.Contains(past.Body, `<input type="time" name="time" value="17:30" required`) {
			t.Fatalf("the check-out of a past day is not prefilled with the closing time:\n%s", excerpt(past.Body))
		}
		full, _ := f.svc.Child(f.ctx(), actor(f.director), child.ID)
		mother := "guardian:" + itoa(full.Guardians[0].ID)
		// The server checks the time it is given.
		c.post(tap, url.Values{"action": {"out"}, "date": {yesterday}, "time": {"25:00"}, "picked_up_by": {mother}}).
			want(t, http.StatusUnprocessableEntity).contains(t, "时间格式不对")
		c.post(tap, url.Values{"action": {"out"}, "date": {yesterday}, "time": {"07:00"}, "picked_up_by": {mother}}).
			want(t, http.StatusUnprocessableEntity).contains(t, "离园时间须晚于入园时间")
		c.post(tap, url.Values{"action": {"out"}, "date": {yesterday}, "picked_up_by": {mother}}).
			want(t, http.StatusUnprocessableEntity).contains(t, "请填写时间")
		c.post(tap, url.Values{"action": {"out"}, "date": {yesterday}, "time": {"17:30"}, "picked_up_by": {mother}}).want(t, http.StatusSeeOther)
		c.get(grid+"?date="+yesterday).want(t, http.StatusOK).contains(t, "已离园", "08:00 入园 · 17:30 离园", "撤销离园")

		// A day in the future is refused and nothing is recorded, for that day or today.
		c.post(tap, url.Values{"action": {"in"}, "date": {tomorrow}, "time": {"08:00"}}).want(t, http.StatusUnprocessableEntity).contains(t, "日期：不能晚于今天")
		c.post(tap, url.Values{"action": {"in"}, "date": {"2026-13-01"}}).want(t, http.StatusUnprocessableEntity).contains(t, "日期：")
		if n := f.count(t, "SELECT COUNT(*) FROM attendance WHERE child_id = ?", child.ID); n != 1 {
			t.Errorf("%d attendance records, want yesterday's only", n)
		}
		// A child who came in after the closing time gets no prefilled check-out.
		other := f.enrol(t, "赵小雨", residentID("61060220250601141"))
		c.post(grid+"/"+itoa(other.ID), url.Values{"action": {"in"}, "date": {yesterday}, "time": {"18:10"}}).want(t, http.StatusSeeOther)
		row := c.get(grid+"?date="+yesterday).want(t, http.StatusOK).Body
		row = row[strings.Index(row, `id="child-`+itoa(other.ID)+`"`):]
		if !strings.Contains(row[:strings.Index(row, "</li>")], `<input type="time" name="time" value="" required`) {
			t.Errorf("a check-out before the check-in is prefilled:\n%s", row[:strings.Index(row, "</li>")])
		}
	})
}
