package growth

import (
	"fmt"
	"math"
)

// WS/T 423—2022《7岁以下儿童生长标准》, Appendix B (SD tables B.1–B.12) and the evaluation rules of
// its section 4 (表2 growth level by SD, 表3 nutritional status by SD), as transcribed and checked
// in shared/data/wst423/README.md.
//
// The standard prints values at whole months (0–24, then every 3 months to 81; head circumference
// to 36) and at whole centimetres; it gives no LMS parameters and says nothing about values between
// rows. This package interpolates the seven SD columns linearly between neighbouring rows (project
// choice, documented in that README). Age in months is age in days / 30.4375.
//
// Length/height-for-age and BMI-for-age switch from lying length to standing height at 24 months:
// rows 0–23 are length-based, rows from 24 height-based. Under 24 months (under 731 days) the
// length rows are used; between 23 and 24 months they are extended linearly from the 22 and 23
// month rows instead of being interpolated towards the height-based 24-month row, which would mix
// the two measurements (boys' median: 87.0 → 88.0 cm lying from 22 to 23 months, but 88.2 cm
// standing at 24).

// WST423Standard names the standard in the output.
const WST423Standard = "WS/T 423—2022"

type wstRow struct {
	x  float64
	sd [7]float64 // −3SD, −2SD, −1SD, median, +1SD, +2SD, +3SD
}

type wstTable struct {
	file      string
	tableIDs  [2]string // boys, girls, e.g. "B.1", "B.2"
	rows      [2][]wstRow
	heightAge float64 // first age (months) of the height-based rows; 0 if no switch
}

// wstTables is filled once by init and never written afterwards. Indexed by Indicator; nil where
// WS/T 423 has no table (arm circumference and skinfolds).
var wstTables [NumIndicators]*wstTable

var wstSources = []struct {
	ind       Indicator
	file      string
	ids       [2]string
	heightAge float64
}{
	{WeightForAge, "weight_for_age.csv", [2]string{"B.1", "B.2"}, 0},
	{LengthHeightForAge, "length_height_for_age.csv", [2]string{"B.3", "B.4"}, 24},
	{WeightForLength, "weight_for_length.csv", [2]string{"B.5", "B.6"}, 0},
	{WeightForHeight, "weight_for_height.csv", [2]string{"B.7", "B.8"}, 0},
	{BMIForAge, "bmi_for_age.csv", [2]string{"B.9", "B.10"}, 24},
	{HeadCircumferenceForAge, "head_circumference_for_age.csv", [2]string{"B.11", "B.12"}, 0},
}

func loadWST423() error {
	header := []string{"sex", "x", "sd_neg3", "sd_neg2", "sd_neg1", "median", "sd_pos1", "sd_pos2", "sd_pos3"}
	for _, src := range wstSources {
		records, err := readCSV("tables/wst423/"+src.file, header)
		if err != nil {
			return fmt.Errorf("%s: %v", src.file, err)
		}
		t := &wstTable{file: src.file, tableIDs: src.ids, heightAge: src.heightAge}
		for line, rec := range records {
			v, err := parseFloats(rec)
			if err != nil {
				return fmt.Errorf("%s row %d: %v", src.file, line+2, err)
			}
			if v[0] != 1 && v[0] != 2 {
				return fmt.Errorf("%s row %d: sex %v", src.file, line+2, v[0])
			}
			r := wstRow{x: v[1]}
			copy(r.sd[:], v[2:])
			for k := 1; k < 7; k++ {
				if !(r.sd[k] > r.sd[k-1]) {
					return fmt.Errorf("%s row %d: SD columns not increasing", src.file, line+2)
				}
			}
			rows := &t.rows[int(v[0])-1]
			if n := len(*rows); n > 0 && !(r.x > (*rows)[n-1].x) {
				return fmt.Errorf("%s row %d: x not increasing", src.file, line+2)
			}
			*rows = append(*rows, r)
		}
		if len(t.rows[0]) < 2 || len(t.rows[1]) < 2 {
			return fmt.Errorf("%s: too few rows", src.file)
		}
		wstTables[src.ind] = t
	}
	return nil
}

func lerpRow(a, b wstRow, x float64) [7]float64 {
	f := (x - a.x) / (b.x - a.x)
	var out [7]float64
	for k := range out {
		out[k] = a.sd[k] + f*(b.sd[k]-a.sd[k])
	}
	return out
}

// WST423Cutoffs returns the seven SD values (−3SD … +3SD) of WS/T 423—2022 at x: age in months for
// the age-based indicators, length/height in cm for WeightForLength (B.5/B.6, 45–100 cm, under
// 2 years) and WeightForHeight (B.7/B.8, 75–130 cm, 2 years and over), interpolated linearly
// between printed rows. For LengthHeightForAge and BMIForAge an age under 24 months gets the
// length-based rows. ok is false outside the printed range or where the standard has no table.
func WST423Cutoffs(ind Indicator, sex Sex, x float64) (cut [7]float64, table string, ok bool) {
	if !ind.Valid() || !sex.Valid() || wstTables[ind] == nil || math.IsNaN(x) {
		return cut, "", false
	}
	t := wstTables[ind]
	rows := t.rows[sex-1]
	table = t.tableIDs[sex-1]
	if t.heightAge > 0 {
		split := 0
		for split < len(rows) && rows[split].x < t.heightAge {
			split++
		}
		if x < t.heightAge {
			rows = rows[:split]
			last := len(rows) - 1
			if x > rows[last].x {
				// Extend the length-based rows up to (not including) 24 months.
				return lerpRow(rows[last-1], rows[last], x), table, true
			}
		} else {
			rows = rows[split:]
		}
	}
	if x < rows[0].x || x > rows[len(rows)-1].x {
		return cut, "", false
	}
	for i := 1; i < len(rows); i++ {
		if x <= rows[i].x {
			if x == rows[i].x {
				return rows[i].sd, table, true
			}
			return lerpRow(rows[i-1], rows[i], x), table, true
		}
	}
	return rows[0].sd, table, true // x == rows[0].x
}

// WST423Indicator is the WS/T 423—2022 assessment of one measurement.
type WST423Indicator struct {
	// Table is the Appendix B table used, e.g. "B.1" (boys' weight-for-age).
	Table string `json:"table"`
	// SDScore places the value among the seven printed SD values by piecewise-linear interpolation
	// (beyond ±3SD, in steps of the 2SD–3SD gap). It is an approximation: the standard has no LMS
	// parameters. Classification uses the cut-off values directly, not this number.
	SDScore float64 `json:"sd_score"`
	// Level is the growth level (表2): "upper" 上 (≥ +2SD), "upper_middle" 中上 (+1SD to < +2SD),
	// "middle" 中 (−1SD to < +1SD), "lower_middle" 中下 (−2SD to < −1SD), "lower" 下 (< −2SD).
	Level   string `json:"level"`
	LevelZH string `json:"level_zh"`
	// Status is the nutritional status (表3), omitted when the standard gives none:
	// weight-for-age "underweight" 低体重 (−3SD to < −2SD), "severe_underweight" 重度低体重 (< −3SD);
	// length/height-for-age "stunting" 生长迟缓, "severe_stunting" 重度生长迟缓 (same bands);
	// weight-for-length/height and BMI-for-age "wasting" 消瘦, "severe_wasting" 重度消瘦 (same bands),
	// "overweight" 超重 (+1SD to < +2SD), "obesity" 肥胖 (+2SD to < +3SD), "severe_obesity" 重度肥胖
	// (≥ +3SD). Head circumference has growth levels only.
	Status   string `json:"status,omitempty"`
	StatusZH string `json:"status_zh,omitempty"`
}

// WST423Result is the WS/T 423—2022 part of an assessment. An indicator without its measurement,
// or outside the printed tables (head circumference after 36 months, weight-for-length outside
// 45–100 cm, weight-for-height outside 75–130 cm), is omitted. The standard does not say whether
// weight-for-length/height or BMI-for-age is preferred for wasting and overweight; both are given.
type WST423Result struct {
	Standard  string           `json:"standard"`
	AgeMonths float64          `json:"age_months"`
	WFA       *WST423Indicator `json:"wfa,omitempty"`
	LHFA      *WST423Indicator `json:"lhfa,omitempty"`
	WFLH      *WST423Indicator `json:"wflh,omitempty"`
	BFA       *WST423Indicator `json:"bfa,omitempty"`
	HCFA      *WST423Indicator `json:"hcfa,omitempty"`
}

var wstLevels = [5]struct{ code, zh string }{
	{"lower", "下"}, {"lower_middle", "中下"}, {"middle", "中"}, {"upper_middle", "中上"}, {"upper", "上"},
}

// WST423Classify assesses value v at x (as for WST423Cutoffs) under WS/T 423—2022. ok is false where
// WST423Cutoffs has no values or v is not a positive finite number.
func (c Config) WST423Classify(ind Indicator, sex Sex, x, v float64) (WST423Indicator, bool) {
	cut, table, ok := WST423Cutoffs(ind, sex, x)
	if !ok || !(v > 0) || math.IsInf(v, 1) {
		return WST423Indicator{}, false
	}
	// atOrAbove decides whether v is in the band starting at cut-off k (0 = −3SD … 6 = +3SD). Bands
	// include their lower bound (WS/T 423 section 4); with WST423BoundaryInUpperBand off, a value at a
	// cut-off above the median joins the band nearer the median instead.
	atOrAbove := func(k int) bool {
		if k > 3 && !c.WST423BoundaryInUpperBand {
			return v > cut[k]
		}
		return v >= cut[k]
	}
	level := 0
	switch {
	case atOrAbove(5):
		level = 4
	case atOrAbove(4):
		level = 3
	case atOrAbove(2):
		level = 2
	case atOrAbove(1):
		level = 1
	}
	out := WST423Indicator{
		Table:   table,
		SDScore: sdScore(cut, v),
		Level:   wstLevels[level].code,
		LevelZH: wstLevels[level].zh,
	}
	var under [2]struct{ code, zh string } // [severe, moderate]
	excess := false
	switch ind {
	case WeightForAge:
		under = [2]struct{ code, zh string }{{"severe_underweight", "重度低体重"}, {"underweight", "低体重"}}
	case LengthHeightForAge:
		under = [2]struct{ code, zh string }{{"severe_stunting", "重度生长迟缓"}, {"stunting", "生长迟缓"}}
	case WeightForLength, WeightForHeight, BMIForAge:
		under = [2]struct{ code, zh string }{{"severe_wasting", "重度消瘦"}, {"wasting", "消瘦"}}
		excess = true
	}
	switch {
	case under[0].code == "":
	case !atOrAbove(0):
		out.Status, out.StatusZH = under[0].code, under[0].zh
	case !atOrAbove(1):
		out.Status, out.StatusZH = under[1].code, under[1].zh
	}
	if excess {
		switch {
		case atOrAbove(6):
			out.Status, out.StatusZH = "severe_obesity", "重度肥胖"
		case atOrAbove(5):
			out.Status, out.StatusZH = "obesity", "肥胖"
		case atOrAbove(4):
			out.Status, out.StatusZH = "overweight", "超重"
		}
	}
	return out, true
}

func sdScore(cut [7]float64, v float64) float64 {
	switch {
	case v >= cut[6]:
		return 3 + (v-cut[6])/(cut[6]-cut[5])
	case v < cut[0]:
		return -3 + (v-cut[0])/(cut[1]-cut[0])
	}
	k := 0
	for k < 5 && v >= cut[k+1] {
		k++
	}
	return float64(k-3) + (v-cut[k])/(cut[k+1]-cut[k])
}
