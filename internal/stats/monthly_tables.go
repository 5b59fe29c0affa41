package stats

import (
	"strings"

	"tuoyu/internal/domain"
)

// ReportTable is one of the standard tables of a monthly report. Key,
// column and row keys name catalog entries (stats.monthly.table.<key>,
// stats.monthly.col.<col>, stats.monthly.row.<row>); a row with a Label
// shows it as recorded (a sick-absence cause).
type ReportTable struct {
	Key     string      `json:"key"`
	Columns []string    `json:"columns"`
	Rows    []ReportRow `json:"rows"`
}

// ReportRow is a row of a standard table.
type ReportRow struct {
	Key   string       `json:"key"`
	Label string       `json:"label,omitempty"`
	Cells []ReportCell `json:"cells"`
}

// ReportCell is one figure: an item as computed and as reported (with the
// correction's reason), or a figure derived from others (a total, an
// average, a share) that no one corrects.
type ReportCell struct {
	Item      string   `json:"item,omitempty"`
	Computed  int64    `json:"computed"`
	Value     int64    `json:"value"`
	Corrected bool     `json:"corrected,omitempty"`
	Reason    string   `json:"reason,omitempty"`
	Money     bool     `json:"money,omitempty"` // in fen
	Ratio     bool     `json:"ratio,omitempty"` // derived: Rate, nil without a denominator
	Rate      *float64 `json:"rate,omitempty"`  // a share in % (Percent) or an average
	Percent   bool     `json:"percent,omitempty"`
}

// ReportTables are the keys of the standard tables, in order.
var ReportTables = []string{"enrolment", "movement", "attendance", "sick", "staff", "ratio", "fees", "puhui"}

func itemCell(f InstFigures, item string) ReportCell {
	c := ReportCell{Item: item, Computed: f.Computed[item], Value: f.Value(item), Money: strings.HasSuffix(item, "_fen")}
	if cor, ok := f.Corrections[item]; ok {
		c.Corrected, c.Reason, c.Computed = true, cor.Reason, cor.Computed
	}
	return c
}

func sumCell(cells []ReportCell) ReportCell {
	var c ReportCell
	for _, x := range cells {
		c.Computed += x.Computed
		c.Value += x.Value
	}
	return c
}

func rateCell(num, den int64, percent bool) ReportCell {
	c := ReportCell{Ratio: true, Percent: percent}
	if den != 0 {
		x := float64(num) / float64(den)
		if percent {
			x *= 100
		}
		c.Rate = &x
	}
	return c
}

func oneColumn(f InstFigures, key, items string, rows ...string) ReportTable {
	t := ReportTable{Key: key, Columns: []string{"count"}}
	for _, r := range rows {
		t.Rows = append(t.Rows, ReportRow{Key: items + "." + r, Cells: []ReportCell{itemCell(f, items+"."+r)}})
	}
	return t
}

// Layout lays a report's figures out as the standard tables.
func Layout(f InstFigures) []ReportTable {
	enrol := ReportTable{Key: "enrolment", Columns: append(append([]string{}, domain.CareTypes...), "total")}
	totals := make([]ReportCell, len(domain.CareTypes)+1)
	for _, class := range domain.ClassTypes {
		row := ReportRow{Key: class}
		for _, care := range domain.CareTypes {
			row.Cells = append(row.Cells, itemCell(f, "enrolled."+class+"."+care))
		}
		row.Cells = append(row.Cells, sumCell(row.Cells))
		for i, c := range row.Cells {
			totals[i].Computed += c.Computed
			totals[i].Value += c.Value
		}
		enrol.Rows = append(enrol.Rows, row)
	}
	enrol.Rows = append(enrol.Rows, ReportRow{Key: "total", Cells: totals})

	movement := oneColumn(f, "movement", "children", "new", "withdrawn", "end")

	att := oneColumn(f, "attendance", "attendance", "present", "days")
	att.Rows = append(att.Rows, ReportRow{Key: "attendance.average", Cells: []ReportCell{rateCell(f.Value("attendance.present"), f.Value("attendance.days"), false)}})
	more := oneColumn(f, "attendance", "attendance", "absent", "sick")
	att.Rows = append(att.Rows, more.Rows...)

	sick := ReportTable{Key: "sick", Columns: []string{"days"}}
	for _, k := range sickCauses(f.Computed) {
		row := ReportRow{Key: "sick.cause", Label: strings.TrimPrefix(k, sickPrefix), Cells: []ReportCell{itemCell(f, k)}}
		if k == sickUnnamed {
			row.Key, row.Label = "sick.unnamed", ""
		}
		sick.Rows = append(sick.Rows, row)
	}

	staff := ReportTable{Key: "staff", Columns: []string{"total", "qualified", "qualified_share"}}
	var staffTotal []ReportCell
	for _, p := range reportPosts {
		t, q := itemCell(f, "staff."+p+".total"), itemCell(f, "staff."+p+".qualified")
		staff.Rows = append(staff.Rows, ReportRow{Key: p, Cells: []ReportCell{t, q, rateCell(q.Value, t.Value, true)}})
		staffTotal = append(staffTotal, t, q)
	}
	var all, qual ReportCell
	for i, c := range staffTotal {
		if i%2 == 0 {
			all.Computed, all.Value = all.Computed+c.Computed, all.Value+c.Value
		} else {
			qual.Computed, qual.Value = qual.Computed+c.Computed, qual.Value+c.Value
		}
	}
	staff.Rows = append(staff.Rows, ReportRow{Key: "total", Cells: []ReportCell{all, qual, rateCell(qual.Value, all.Value, true)}})

	ratio := oneColumn(f, "ratio", "classes", "total", "breach")

	fees := oneColumn(f, "fees", "fees", "bills", "billed_fen", "paid_fen")
	fees.Rows = append(fees.Rows, ReportRow{Key: "fees.collected_share", Cells: []ReportCell{rateCell(f.Value("fees.paid_fen"), f.Value("fees.billed_fen"), true)}})

	puhui := oneColumn(f, "puhui", "puhui", "places", "enrolled")
	puhui.Rows = append(puhui.Rows, ReportRow{Key: "puhui.used_share", Cells: []ReportCell{rateCell(f.Value("puhui.enrolled"), f.Value("puhui.places"), true)}})

	return []ReportTable{enrol, movement, att, sick, staff, ratio, fees, puhui}
}
