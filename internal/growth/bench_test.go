package growth

import (
	"math/rand"
	"testing"
)

type zInput struct {
	ind  Indicator
	sex  Sex
	x, y float64
}

// benchInputs draws plausible measurements across all nine indicators, both sexes and the whole age
// and length range, with about 2 % beyond ±3 SD (the restricted formula's slower path).
func benchInputs(n int) []zInput {
	r := rand.New(rand.NewSource(1))
	in := make([]zInput, n)
	for i := range in {
		ind := Indicator(r.Intn(NumIndicators))
		sex := Sex(1 + r.Intn(2))
		first, last, _ := TableRange(ind)
		x := first + r.Float64()*(last-first)
		if !ind.ByLength() {
			x = float64(int(x))
		}
		p, _ := LMSAt(ind, sex, x)
		in[i] = zInput{ind, sex, x, p.Value(r.NormFloat64() * 1.4)}
	}
	return in
}

var sinkZ float64

// BenchmarkZScore reports z-scores per second on one core ("z/s").
func BenchmarkZScore(b *testing.B) {
	in := benchInputs(4096)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		v := &in[i&4095]
		z, _ := ZScore(v.ind, v.sex, v.x, v.y)
		sinkZ += z
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "z/s")
}

func BenchmarkAssess(b *testing.B) {
	in := AssessInput{Sex: "female", AgeDays: days(500), WeightKg: ptr(9.8), LengthCm: ptr(78.4),
		HeadCm: ptr(45.1), MUACCm: ptr(14.6), TricepsMm: ptr(8.2), SubscapularMm: ptr(6.4)}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if _, err := Assess(in); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "assessments/s")
}

func BenchmarkChartSVG(b *testing.B) {
	pts := []Point{{X: 30, Y: 4.5}, {X: 200, Y: 7.5}, {X: 400, Y: 8.8}}
	for i := 0; i < b.N; i++ {
		if _, err := ChartSVG(WeightForAge, Male, pts); err != nil {
			b.Fatal(err)
		}
	}
}
