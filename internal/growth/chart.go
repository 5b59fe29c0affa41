package growth

import (
	"errors"
	"html"
	"math"
	"sort"
	"strconv"
	"strings"
)

// Point is one measurement of a child on a chart.
type Point struct {
	// X is the age in days, or the length/height in cm for WeightForLength and WeightForHeight (the
	// adjusted value, as passed to ZScore).
	X float64 `json:"x"`
	// Y is the measurement in the indicator's unit.
	Y float64 `json:"y"`
	// Label is shown as the point's tooltip (e.g. the date); it is escaped.
	Label string `json:"label,omitempty"`
}

// Errors returned by ChartSVG.
var (
	ErrInvalidIndicator = errors.New("growth: invalid indicator")
	ErrInvalidSex       = errors.New("growth: invalid sex")
	ErrInvalidPoint     = errors.New("growth: point with a non-finite or non-positive value")
)

const (
	chartW, chartH                       = 760.0, 520.0
	padLeft, padRight, padTop, padBottom = 64.0, 44.0, 44.0, 56.0
)

var chartAxisTitles = [NumIndicators]string{
	WeightForAge:              "体重 Weight (kg)",
	LengthHeightForAge:        "身长/身高 Length/height (cm)",
	WeightForLength:           "体重 Weight (kg)",
	WeightForHeight:           "体重 Weight (kg)",
	BMIForAge:                 "BMI (kg/m²)",
	HeadCircumferenceForAge:   "头围 Head circumference (cm)",
	ArmCircumferenceForAge:    "上臂围 Arm circumference (cm)",
	TricepsSkinfoldForAge:     "三头肌皮褶 Triceps skinfold (mm)",
	SubscapularSkinfoldForAge: "肩胛下皮褶 Subscapular skinfold (mm)",
}

type curveStyle struct {
	z      float64
	label  string
	stroke string
	width  string
	dash   string
}

// The ±1 SD curves are lighter and dashed; ±2 red; ±3 black; the median green.
var chartCurves = []curveStyle{
	{-3, "−3", "#212121", "1.5", ""},
	{-2, "−2", "#c62828", "1.5", ""},
	{-1, "−1", "#9e9e9e", "1", "4 3"},
	{0, "0", "#2e7d32", "2", ""},
	{1, "+1", "#9e9e9e", "1", "4 3"},
	{2, "+2", "#c62828", "1.5", ""},
	{3, "+3", "#212121", "1.5", ""},
}

// ChartSVG draws a WHO growth chart as a self-contained SVG document: the −3, −2, 0, +2 and +3 SD
// curves (and −1, +1 lighter) over the whole range of the indicator's table, axes with labels
// (ages in months), and the child's points joined in order of X. Points outside the table's range
// are left out. The SVG has no scripts or event handlers, and all text is escaped.
func ChartSVG(ind Indicator, sex Sex, points []Point) (string, error) {
	if !ind.Valid() {
		return "", ErrInvalidIndicator
	}
	if !sex.Valid() {
		return "", ErrInvalidSex
	}
	first, last, _ := TableRange(ind)
	pts := make([]Point, 0, len(points))
	for _, p := range points {
		if math.IsNaN(p.X) || math.IsInf(p.X, 0) || math.IsNaN(p.Y) || math.IsInf(p.Y, 0) || p.Y <= 0 {
			return "", ErrInvalidPoint
		}
		if p.X >= first && p.X <= last {
			pts = append(pts, p)
		}
	}
	sort.SliceStable(pts, func(i, j int) bool { return pts[i].X < pts[j].X })

	// Sample the curves: weekly for age tables, every 0.5 cm for length tables. LHFA and BFA change
	// from length to height at 731 days, so their curves are broken there.
	step, breakAfter := 7.0, math.Inf(1)
	if ind.ByLength() {
		step = 0.5
	}
	if ind == LengthHeightForAge || ind == BMIForAge {
		breakAfter = StandingFromDays - 1
	}
	var xs []float64
	for x := first; x < last; x += step {
		if x > breakAfter && len(xs) > 0 && xs[len(xs)-1] < breakAfter {
			// End the length-based segment at 730 days and start the height-based one at 731.
			xs = append(xs, breakAfter)
			if x > breakAfter+1 {
				xs = append(xs, breakAfter+1)
			}
		}
		xs = append(xs, x)
	}
	xs = append(xs, last)
	values := make([][]float64, len(chartCurves))
	ymin, ymax := math.Inf(1), math.Inf(-1)
	for i, c := range chartCurves {
		values[i] = make([]float64, len(xs))
		for j, x := range xs {
			p, _ := LMSAt(ind, sex, x)
			v := p.Value(c.z)
			values[i][j] = v
			ymin, ymax = math.Min(ymin, v), math.Max(ymax, v)
		}
	}
	for _, p := range pts {
		ymin, ymax = math.Min(ymin, p.Y), math.Max(ymax, p.Y)
	}
	ystep := niceStep((ymax - ymin) / 8)
	ymin = math.Floor(ymin/ystep) * ystep
	ymax = math.Ceil(ymax/ystep) * ystep

	plotW, plotH := chartW-padLeft-padRight, chartH-padTop-padBottom
	sx := func(x float64) float64 { return padLeft + (x-first)/(last-first)*plotW }
	sy := func(y float64) float64 { return padTop + (ymax-y)/(ymax-ymin)*plotH }

	var b strings.Builder
	b.Grow(32 << 10)
	title := ind.NameZH() + " " + ind.String() + " · " + map[Sex]string{Male: "男童 Boys", Female: "女童 Girls"}[sex] + " · WHO"
	b.WriteString(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 760 520" width="760" height="520" role="img" font-family="sans-serif" font-size="12" aria-label="`)
	b.WriteString(html.EscapeString(title))
	b.WriteString(`"><title>`)
	b.WriteString(html.EscapeString(title))
	b.WriteString(`</title><rect width="760" height="520" fill="#ffffff"/>`)
	b.WriteString(`<text x="380" y="24" text-anchor="middle" font-size="15">`)
	b.WriteString(html.EscapeString(title))
	b.WriteString(`</text>`)

	// Grid, ticks and tick labels.
	b.WriteString(`<g stroke="#e0e0e0" stroke-width="1">`)
	for y := ymin; y <= ymax+ystep/2; y += ystep {
		line(&b, padLeft, sy(y), padLeft+plotW, sy(y))
	}
	xticks, xlabel := xTicks(ind, first, last)
	for _, t := range xticks {
		line(&b, sx(t.x), padTop, sx(t.x), padTop+plotH)
	}
	b.WriteString(`</g><g fill="#424242">`)
	for y := ymin; y <= ymax+ystep/2; y += ystep {
		text(&b, padLeft-6, sy(y)+4, "end", fmtNum(y, ystep))
	}
	for _, t := range xticks {
		text(&b, sx(t.x), padTop+plotH+18, "middle", t.label)
	}
	text(&b, padLeft+plotW/2, chartH-12, "middle", xlabel)
	b.WriteString(`<text x="16" y="` + fmtCoord(padTop+plotH/2) + `" text-anchor="middle" transform="rotate(-90 16 ` + fmtCoord(padTop+plotH/2) + `)">`)
	b.WriteString(html.EscapeString(chartAxisTitles[ind]))
	b.WriteString(`</text></g>`)
	b.WriteString(`<rect x="` + fmtCoord(padLeft) + `" y="` + fmtCoord(padTop) + `" width="` + fmtCoord(plotW) + `" height="` + fmtCoord(plotH) + `" fill="none" stroke="#616161"/>`)

	// SD curves with their labels at the right end.
	for i, c := range chartCurves {
		b.WriteString(`<path fill="none" stroke="` + c.stroke + `" stroke-width="` + c.width + `"`)
		if c.dash != "" {
			b.WriteString(` stroke-dasharray="` + c.dash + `"`)
		}
		b.WriteString(` d="`)
		for j, x := range xs {
			cmd := "L"
			if j == 0 || (xs[j-1] <= breakAfter && x > breakAfter) {
				cmd = "M"
			}
			b.WriteString(cmd + fmtCoord(sx(x)) + "," + fmtCoord(sy(values[i][j])) + " ")
		}
		b.WriteString(`"/>`)
		text(&b, padLeft+plotW+6, sy(values[i][len(xs)-1])+4, "start", c.label)
	}

	// The child's points.
	if len(pts) > 0 {
		b.WriteString(`<g fill="#1565c0" stroke="#1565c0">`)
		if len(pts) > 1 {
			b.WriteString(`<polyline fill="none" stroke-width="1.5" points="`)
			for _, p := range pts {
				b.WriteString(fmtCoord(sx(p.X)) + "," + fmtCoord(sy(p.Y)) + " ")
			}
			b.WriteString(`"/>`)
		}
		for _, p := range pts {
			b.WriteString(`<circle cx="` + fmtCoord(sx(p.X)) + `" cy="` + fmtCoord(sy(p.Y)) + `" r="3.5"><title>`)
			tip := strconv.FormatFloat(p.Y, 'f', -1, 64) + " " + ind.Unit()
			if p.Label != "" {
				tip = p.Label + ": " + tip
			}
			b.WriteString(html.EscapeString(tip))
			b.WriteString(`</title></circle>`)
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return b.String(), nil
}

type tick struct {
	x     float64
	label string
}

func xTicks(ind Indicator, first, last float64) ([]tick, string) {
	var ticks []tick
	if ind.ByLength() {
		for cm := math.Ceil(first/5) * 5; cm <= last; cm += 5 {
			ticks = append(ticks, tick{cm, strconv.Itoa(int(cm))})
		}
		if ind == WeightForLength {
			return ticks, "身长 Length (cm)"
		}
		return ticks, "身高 Height (cm)"
	}
	for m := 0; float64(m)*daysPerMonth <= last; m += 6 {
		if d := float64(m) * daysPerMonth; d >= first {
			ticks = append(ticks, tick{d, strconv.Itoa(m)})
		}
	}
	return ticks, "年龄（月）Age (months)"
}

// niceStep rounds a raw step up to 1, 2 or 5 times a power of ten.
func niceStep(raw float64) float64 {
	if !(raw > 0) {
		return 1
	}
	p := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if raw <= m*p {
			return m * p
		}
	}
	return 10 * p
}

func fmtCoord(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

func fmtNum(v, step float64) string {
	decimals := 0
	if step < 1 {
		decimals = int(math.Ceil(-math.Log10(step)))
	}
	return strconv.FormatFloat(v, 'f', decimals, 64)
}

func line(b *strings.Builder, x1, y1, x2, y2 float64) {
	b.WriteString(`<line x1="` + fmtCoord(x1) + `" y1="` + fmtCoord(y1) + `" x2="` + fmtCoord(x2) + `" y2="` + fmtCoord(y2) + `"/>`)
}

func text(b *strings.Builder, x, y float64, anchor, s string) {
	b.WriteString(`<text x="` + fmtCoord(x) + `" y="` + fmtCoord(y) + `" text-anchor="` + anchor + `">`)
	b.WriteString(html.EscapeString(s))
	b.WriteString(`</text>`)
}
