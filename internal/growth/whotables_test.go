package growth

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"
)

// Reference: WHO's published z-score (SD) tables of the Child Growth Standards, as downloaded from
// www.who.int/childgrowth/standards by the repository ewheeler/pygrowup (commit 7ce0954 and earlier;
// files listed in testdata/README.md): weekly tables for 0–13 weeks (age = 7 × week days, rows of
// the daily table), weight-for-length and weight-for-height at 0.5 cm, and the monthly tables of arm
// circumference, triceps and subscapular skinfold for 3–60 months (age = month × 30.4375 days).
// Each row gives WHO's L, M, S and the measurements at −3 … +3 SD, printed to one decimal.

var codeToIndicator = map[string]Indicator{
	"wfa": WeightForAge, "lhfa": LengthHeightForAge, "wfl": WeightForLength, "wfh": WeightForHeight,
	"bfa": BMIForAge, "hcfa": HeadCircumferenceForAge, "acfa": ArmCircumferenceForAge,
	"tsfa": TricepsSkinfoldForAge, "ssfa": SubscapularSkinfoldForAge,
}

type publishedRow struct {
	ind     Indicator
	sex     Sex
	unit    string
	x       float64
	lms     LMS
	sd      [7]float64 // −3 … +3
	rowName string
}

func readPublishedSD(t *testing.T) []publishedRow {
	t.Helper()
	f, err := os.Open("testdata/who_published_sd.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var rows []publishedRow
	for _, rec := range recs[1:] {
		ind, ok := codeToIndicator[rec[0]]
		if !ok {
			t.Fatalf("unknown indicator %q", rec[0])
		}
		v := make([]float64, 0, 11)
		for _, s := range append(rec[3:4], rec[4:]...) {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatalf("%v: %v", rec, err)
			}
			v = append(v, f)
		}
		sex, _ := strconv.Atoi(rec[1])
		r := publishedRow{ind: ind, sex: Sex(sex), unit: rec[2], x: v[0], lms: LMS{v[1], v[2], v[3]},
			rowName: rec[0] + " sex " + rec[1] + " " + rec[2] + " " + rec[3]}
		copy(r.sd[:], v[4:])
		rows = append(rows, r)
	}
	return rows
}

// TestPublishedSDTables checks, for every indicator and both sexes, that the embedded tables hold
// WHO's published L, M and S, and that the SD curves computed from them reproduce WHO's printed
// −3 … +3 SD values (to the printed precision: within 0.05 of the one-decimal value).
func TestPublishedSDTables(t *testing.T) {
	rows := readPublishedSD(t)
	seen := map[[2]int]int{}
	for _, r := range rows {
		seen[[2]int{int(r.ind), int(r.sex)}]++
		var p LMS
		switch r.unit {
		case "week", "cm":
			x := r.x
			if r.unit == "week" {
				x = 7 * r.x
			}
			got, ok := LMSAt(r.ind, r.sex, x)
			if !ok {
				t.Errorf("%s: no table row", r.rowName)
				continue
			}
			if math.Abs(got.L-r.lms.L) > 1e-9 || math.Abs(got.M-r.lms.M) > 1e-9 || math.Abs(got.S-r.lms.S) > 1e-9 {
				t.Errorf("%s: table LMS %v, WHO %v", r.rowName, got, r.lms)
			}
			p = got
			for k := -3; k <= 3; k++ {
				v, ok := ValueAt(r.ind, r.sex, x, float64(k))
				if !ok || math.Abs(v-r.sd[k+3]) > 0.05+1e-9 {
					t.Errorf("%s: SD%+d = %.4f, WHO prints %.1f", r.rowName, k, v, r.sd[k+3])
				}
			}
		case "month":
			// WHO computes the monthly rows at the exact age (month × 30.4375 days), between two daily
			// rows; interpolating the daily L, M, S there must give WHO's monthly L, M, S.
			days := r.x * daysPerMonth
			a, okA := LMSAt(r.ind, r.sex, math.Floor(days))
			b, okB := LMSAt(r.ind, r.sex, math.Floor(days)+1)
			if !okA || !okB {
				t.Errorf("%s: no table rows", r.rowName)
				continue
			}
			f := days - math.Floor(days)
			p = LMS{a.L + f*(b.L-a.L), a.M + f*(b.M-a.M), a.S + f*(b.S-a.S)}
			if math.Abs(p.L-r.lms.L) > 2e-4 || math.Abs(p.M-r.lms.M) > 2e-4 || math.Abs(p.S-r.lms.S) > 2e-5 {
				t.Errorf("%s: interpolated LMS %v, WHO %v", r.rowName, p, r.lms)
			}
			for k := -3; k <= 3; k++ {
				if v := p.Value(float64(k)); math.Abs(v-r.sd[k+3]) > 0.05+1e-9 {
					t.Errorf("%s: SD%+d = %.4f, WHO prints %.1f", r.rowName, k, v, r.sd[k+3])
				}
			}
		default:
			t.Fatalf("unit %q", r.unit)
		}
		// The z-score of the SD value is exactly k: inside ±3 by the LMS formula, beyond it by the
		// restricted formula (values at ±4, ±5 SD as in WHO's expanded tables).
		for k := -5.0; k <= 5; k++ {
			if z := zOf(r.ind, p, p.valueFor(r.ind, k)); math.Abs(z-k) > 1e-9 {
				t.Errorf("%s: z(SD%+g) = %.12f", r.rowName, k, z)
			}
		}
	}
	for ind := Indicator(0); ind < NumIndicators; ind++ {
		for _, sex := range []Sex{Male, Female} {
			if seen[[2]int{int(ind), int(sex)}] == 0 {
				t.Errorf("no published rows for %v %v", ind, sex)
			}
		}
	}
	t.Logf("%d published rows checked", len(rows))
}

func (p LMS) valueFor(ind Indicator, z float64) float64 {
	if ind.Restricted() {
		return p.ValueRestricted(z)
	}
	return p.Value(z)
}

func zOf(ind Indicator, p LMS, y float64) float64 {
	if ind.Restricted() {
		return p.ZRestricted(y)
	}
	return p.Z(y)
}

// TestRestrictedFormula checks WHO's restricted rule on a worked row: boys' weight-for-age at birth,
// L = 0.3487, M = 3.3464, S = 0.14602 (WHO table, day 0). Beyond +3 SD one unit of z is the distance
// SD3 − SD2 in kg; beyond −3 SD it is SD−2 − SD−3. Length/height-for-age uses the plain formula.
func TestRestrictedFormula(t *testing.T) {
	p := LMS{L: 0.3487, M: 3.3464, S: 0.14602}
	sd := func(k float64) float64 { return p.M * math.Pow(1+p.L*p.S*k, 1/p.L) }
	// SD values from the LMS formula of WHO (Methods and development, 2006, ch. 7): SD−2 is the
	// 2.3rd percentile printed as 2.459312 kg in WHO's weight-for-age percentile table (month 0).
	if math.Abs(sd(-2)-2.459312) > 1e-6 {
		t.Fatalf("SD−2 = %.6f, WHO 2.459312", sd(-2))
	}
	for _, tc := range []struct{ y, want float64 }{
		{sd(3) + 0.5*(sd(3)-sd(2)), 3.5},
		{sd(3) + 2*(sd(3)-sd(2)), 5},
		{sd(-3) - 0.5*(sd(-2)-sd(-3)), -3.5},
		{sd(-3) - 1*(sd(-2)-sd(-3)), -4},
		{sd(2.5), 2.5},
	} {
		z, ok := ZScore(WeightForAge, Male, 0, tc.y)
		if !ok || math.Abs(z-tc.want) > 1e-9 {
			t.Errorf("wfa(%.4f kg) = %v, want %v", tc.y, z, tc.want)
		}
	}
	// The plain LMS z differs from the restricted one beyond ±3 (here by more than 0.01).
	y := sd(3) + 2*(sd(3)-sd(2))
	if plain := p.Z(y); math.Abs(plain-5) < 0.01 {
		t.Errorf("plain z %.3f should differ from the restricted 5", plain)
	}
	// Length-for-age is not restricted: 60 cm at birth for a boy is (60/49.8842 − 1)/0.03795 (≈ +5.3).
	z, _ := ZScore(LengthHeightForAge, Male, 0, 60)
	if want := (60/49.8842 - 1) / 0.03795; math.Abs(z-want) > 1e-12 {
		t.Errorf("lhfa = %v, want plain LMS %v", z, want)
	}
}
