package daily

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/i18n"
	"tuoyu/internal/service"
	"tuoyu/internal/store"
)

// attendanceSummary is one child's month on the summary sheet: a mark per
// day, kept as small codes so the summary costs a few bytes a child-day.
type attendanceSummary struct {
	class, name string
	marks       []byte // per day: 0 nothing, 'p' present, 's' sick, 'l' leave, 'o' other absence, 'n' no record on a working day
}

// ExportAttendance writes a month ("YYYY-MM", "" the current one) of an
// institution's attendance as an .xlsx workbook with two sheets: a summary
// (a row per child: class, name, a mark per day, days present, absent and
// without a record) and the details (a row per child and day: the working
// days of the official calendar for every child enrolled that day, and any
// other day with a record). Days are read one at a time and the details
// streamed, so memory stays bounded by the number of children, not of
// child-days; the workbook is streamed to w as it is written. Days after
// today are left out. The export is audited.
func (s *Service) ExportAttendance(ctx context.Context, a authz.Actor, institutionID int64, month, lang string, w io.Writer) (int, error) {
	inst, err := s.core.ExportInstitution(ctx, a, institutionID)
	if err != nil {
		return 0, err
	}
	today := s.core.Today()
	first := time.Date(today.Year(), today.Month(), 1, 0, 0, 0, 0, time.UTC)
	if month != "" {
		m, err := time.Parse("2006-01", month)
		if err != nil {
			return 0, domain.Invalid("month", domain.ReasonDate)
		}
		if m.After(today) {
			return 0, domain.Invalid("month", domain.ReasonFuture)
		}
		first = m
	}
	last := first.AddDate(0, 1, -1)
	if last.After(today) {
		last = today
	}
	days := int(last.Sub(first).Hours()/24) + 1

	summary := i18n.T(lang, "export.attendance.summary")
	details := i18n.T(lang, "export.attendance.details")
	q := s.db.Read()
	var b *service.ExportBook
	children := map[int64]*attendanceSummary{}
	pickups := map[int64][]domain.PickupOption{}
	n := 0
	for d := 0; d < days; d++ {
		day := first.AddDate(0, 0, d)
		date := day.Format(time.DateOnly)
		working := s.core.Calendar.IsWorkday(day)
		items, err := q.AttendanceSheet(ctx, a.Scope(), store.AttendanceFilter{InstitutionID: inst.ID, Date: date})
		if err != nil {
			return 0, err
		}
		if b == nil {
			// Only now, with the first day read, is anything sent: until
			// here a failure is still an error response.
			if b, err = s.core.BeginExport(ctx, a, inst, audit.ExportAttendance, map[string]any{"month": first.Format("2006-01"), "days": days}, w, summary, details); err != nil {
				return 0, err
			}
			if err := b.Start(details, []float64{12, 14, 10, 10, 8, 8, 10, 20, 12, 20},
				i18n.T(lang, "export.attendance.date"), service.ColumnName(service.ImportChildren, "class", lang), service.ColumnName(service.ImportChildren, "name", lang),
				i18n.T(lang, "export.attendance.status"), i18n.T(lang, "daily.check_in"), i18n.T(lang, "daily.check_out"),
				i18n.T(lang, "export.attendance.absent_reason"), i18n.T(lang, "daily.symptoms"), i18n.T(lang, "daily.picked_up_by"),
				i18n.T(lang, "export.attendance.note")); err != nil {
				return 0, err
			}
		}
		// who collected each child, read once per child for the month
		var need []int64
		for _, it := range items {
			if _, ok := pickups[it.ChildID]; !ok && it.PickedUpBy != "" {
				need = append(need, it.ChildID)
			}
		}
		if len(need) > 0 {
			opts, err := q.PickupOptions(ctx, a.Scope(), need)
			if err != nil {
				return 0, err
			}
			for _, id := range need {
				pickups[id] = opts[id]
				if pickups[id] == nil {
					pickups[id] = []domain.PickupOption{}
				}
			}
		}
		for _, it := range items {
			if !working && it.ID == 0 {
				continue
			}
			sum := children[it.ChildID]
			if sum == nil {
				sum = &attendanceSummary{class: it.ClassName, name: it.ChildName, marks: make([]byte, days)}
				children[it.ChildID] = sum
			}
			sum.class = it.ClassName
			sum.marks[d] = attendanceMark(it)
			pickedUp := ""
			for _, o := range pickups[it.ChildID] {
				if o.Key == it.PickedUpBy {
					pickedUp = o.Name
				}
			}
			if err := b.Add(date, it.ClassName, it.ChildName, i18n.T(lang, "daily.status."+it.Status), clock(it.CheckIn), clock(it.CheckOut),
				service.Label(lang, "daily.absent.", it.AbsentReason), it.Symptoms, pickedUp, it.Note); err != nil {
				return 0, err
			}
			n++
		}
	}

	// The summary (the first sheet, written second), by class and name.
	order := make([]*attendanceSummary, 0, len(children))
	for _, c := range children {
		order = append(order, c)
	}
	sort.Slice(order, func(i, j int) bool {
		if order[i].class != order[j].class {
			return order[i].class < order[j].class
		}
		return order[i].name < order[j].name
	})
	header := []string{service.ColumnName(service.ImportChildren, "class", lang), service.ColumnName(service.ImportChildren, "name", lang)}
	widths := []float64{14, 10}
	for d := 0; d < days; d++ {
		header = append(header, fmt.Sprint(d+1))
		widths = append(widths, 4)
	}
	header = append(header, i18n.T(lang, "export.attendance.present_days"), i18n.T(lang, "export.attendance.absent_days"),
		i18n.T(lang, "export.attendance.unrecorded_days"))
	if err := b.Start(summary, append(widths, 10, 10, 10), header...); err != nil {
		return 0, err
	}
	marks := map[byte]string{'p': "√", 's': i18n.T(lang, "export.attendance.mark_sick"), 'l': i18n.T(lang, "export.attendance.mark_leave"),
		'o': i18n.T(lang, "export.attendance.mark_other"), 'n': "", 0: ""}
	for _, c := range order {
		row := make([]any, 0, days+5)
		row = append(row, c.class, c.name)
		present, absent, none := 0, 0, 0
		for _, m := range c.marks {
			row = append(row, marks[m])
			switch m {
			case 'p':
				present++
			case 's', 'l', 'o':
				absent++
			case 'n':
				none++
			}
		}
		if err := b.Add(append(row, present, absent, none)...); err != nil {
			return 0, err
		}
	}
	if err := b.Add(); err != nil { // a blank row before the legend
		return 0, err
	}
	if err := b.Add(i18n.T(lang, "export.attendance.legend")); err != nil {
		return 0, err
	}
	return n, b.Finish()
}

func attendanceMark(it domain.Attendance) byte {
	switch it.Status {
	case domain.AttendancePresent, domain.AttendanceLeft:
		return 'p'
	case domain.AttendanceAbsent:
		switch it.AbsentReason {
		case domain.AbsentSick:
			return 's'
		case domain.AbsentPersonal:
			return 'l'
		}
		return 'o'
	}
	return 'n'
}

// clock is an instant as HH:MM in service.China ("" when none).
func clock(t *time.Time) string {
	if t == nil {
		return ""
	}
	return strings.TrimSpace(t.In(service.China).Format("15:04"))
}
