package growth

import (
	"encoding/xml"
	"errors"
	"io"
	"math"
	"strings"
	"testing"
)

// parseSVG checks that the document is well-formed XML and collects element names and attributes.
func parseSVG(t *testing.T, svg string) (elements map[string]int, attrs []xml.Attr, text string) {
	t.Helper()
	elements = map[string]int{}
	var sb strings.Builder
	d := xml.NewDecoder(strings.NewReader(svg))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("invalid XML: %v", err)
		}
		switch v := tok.(type) {
		case xml.StartElement:
			elements[v.Name.Local]++
			attrs = append(attrs, v.Attr...)
		case xml.CharData:
			sb.Write(v)
		}
	}
	return elements, attrs, sb.String()
}

func TestChartSVGAllIndicators(t *testing.T) {
	for ind := Indicator(0); ind < NumIndicators; ind++ {
		for _, sex := range []Sex{Male, Female} {
			first, last, _ := TableRange(ind)
			mid := (first + last) / 2
			p, _ := LMSAt(ind, sex, mid)
			svg, err := ChartSVG(ind, sex, []Point{{X: mid, Y: p.M, Label: "2024-05-01"}, {X: first, Y: p.Value(-2)}})
			if err != nil {
				t.Fatalf("%v %v: %v", ind, sex, err)
			}
			el, attrs, text := parseSVG(t, svg)
			if el["svg"] != 1 || el["path"] != 7 || el["circle"] != 2 || el["polyline"] != 1 {
				t.Errorf("%v %v: elements %v", ind, sex, el)
			}
			for _, a := range attrs {
				if strings.HasPrefix(strings.ToLower(a.Name.Local), "on") || strings.Contains(strings.ToLower(a.Value), "javascript:") {
					t.Errorf("%v %v: attribute %s=%q", ind, sex, a.Name.Local, a.Value)
				}
			}
			if el["script"] != 0 || el["foreignObject"] != 0 {
				t.Errorf("%v %v: active content %v", ind, sex, el)
			}
			for _, label := range []string{"+3", "+2", "0", "−2", "−3", ind.NameZH()} {
				if !strings.Contains(text, label) {
					t.Errorf("%v %v: label %q missing", ind, sex, label)
				}
			}
		}
	}
}

// Length/height-for-age changes from length to height at 731 days: the curves are broken there.
func TestChartSVGLengthHeightBreak(t *testing.T) {
	svg, err := ChartSVG(LengthHeightForAge, Male, nil)
	if err != nil {
		t.Fatal(err)
	}
	// Each of the 7 curves has a second "M" (move) for the height segment.
	if n := strings.Count(svg, `d="M`); n != 7 {
		t.Fatalf("%d paths", n)
	}
	if n := strings.Count(svg, " M"); n != 7 {
		t.Errorf("%d breaks, want 7", n)
	}
}

func TestChartSVGEscapesAndErrors(t *testing.T) {
	svg, err := ChartSVG(WeightForAge, Female, []Point{{X: 100, Y: 6, Label: `<script>alert("x")</script> & "q"`}})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(svg, "<script") || !strings.Contains(svg, "&lt;script&gt;") || !strings.Contains(svg, "&amp;") {
		t.Errorf("label not escaped: %s", svg[strings.Index(svg, "<circle"):])
	}
	_, _, text := parseSVG(t, svg)
	if !strings.Contains(text, `<script>alert("x")</script> & "q": 6 kg`) {
		t.Errorf("tooltip text lost")
	}
	// Points outside the table range are left out.
	svg, _ = ChartSVG(ArmCircumferenceForAge, Male, []Point{{X: 30, Y: 12}, {X: 2000, Y: 15}, {X: 400, Y: 14}})
	if el, _, _ := parseSVG(t, svg); el["circle"] != 1 || el["polyline"] != 0 {
		t.Errorf("out-of-range points: %v", el)
	}
	for _, tc := range []struct {
		ind  Indicator
		sex  Sex
		pts  []Point
		want error
	}{
		{Indicator(42), Male, nil, ErrInvalidIndicator},
		{WeightForAge, 0, nil, ErrInvalidSex},
		{WeightForAge, Male, []Point{{X: math.NaN(), Y: 3}}, ErrInvalidPoint},
		{WeightForAge, Male, []Point{{X: 10, Y: math.Inf(1)}}, ErrInvalidPoint},
		{WeightForAge, Male, []Point{{X: 10, Y: -1}}, ErrInvalidPoint},
	} {
		if _, err := ChartSVG(tc.ind, tc.sex, tc.pts); !errors.Is(err, tc.want) {
			t.Errorf("%+v: %v, want %v", tc, err, tc.want)
		}
	}
}
