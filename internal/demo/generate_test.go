package demo

import (
	"bytes"
	"fmt"
	"image/png"
	"math"
	"net/http"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
	"tuoyu/internal/refdata"
)

// yanan builds Yan'an's counties and townships from the embedded
// reference data, as Ensure reads them from the database.
func yanan(t testing.TB) []*county {
	t.Helper()
	regions, err := refdata.Regions()
	if err != nil {
		t.Fatal(err)
	}
	pops, err := refdata.Populations()
	if err != nil {
		t.Fatal(err)
	}
	pop := map[string]int64{}
	for _, p := range pops {
		pop[p.RegionCode] = p.Population // the file lists years in order; the last wins
	}
	var out []*county
	byCode := map[string]*county{}
	for _, r := range regions {
		switch {
		case r.ParentCode == cityCode && r.Level == refdata.LevelCounty:
			p := pop[r.Code]
			c := &county{Region: domain.Region{Code: r.Code, Name: r.Name, Level: string(r.Level), ParentCode: r.ParentCode, Population: &p}, Short: shortCounty(r.Name)}
			out = append(out, c)
			byCode[r.Code] = c
		case r.Level == refdata.LevelTownship && byCode[r.ParentCode] != nil:
			c := byCode[r.ParentCode]
			c.Townships = append(c.Townships, domain.Region{Code: r.Code, Name: r.Name, Level: string(r.Level), ParentCode: r.ParentCode})
		}
	}
	if len(out) != 13 {
		t.Fatalf("Yan'an has %d counties in the reference data, want 13", len(out))
	}
	return out
}

// testToday is testkit.DefaultNow's date.
var testToday = time.Date(2026, 9, 30, 0, 0, 0, 0, time.UTC)

func TestAllocateFollowsPopulation(t *testing.T) {
	counties := yanan(t)
	counts := allocate(counties, BaseInstitutions)
	total := 0
	for i, c := range counties {
		total += counts[i]
		// Quota = 120 × county population / city population, 2020 census
		// figures of docs/domain-reference.md §9.3 (宝塔区 640,951 of 2,282,581
		// gives 33.7). Largest remainders keep a county within one of its
		// quota unless it is lifted to its minimum (one; four in 宝塔区).
		quota := float64(BaseInstitutions) * float64(*c.Region.Population) / 2282581
		floor := 1
		if c.Region.Code == baotaCode {
			floor = baotaSubmitted + 1
		}
		if counts[i] != floor && math.Abs(float64(counts[i])-quota) > 1 {
			t.Errorf("%s gets %d institutions, quota %.1f", c.Region.Name, counts[i], quota)
		}
	}
	if total != BaseInstitutions {
		t.Errorf("allocated %d institutions, want %d", total, BaseInstitutions)
	}
	if got := allocate(counties, 17); got[0] < baotaSubmitted+1 || slicesSum(got) != 17 {
		t.Errorf("allocate(17) = %v, want 宝塔区 ≥ %d and a total of 17", got, baotaSubmitted+1)
	}
	for _, n := range allocate(counties, 17) {
		if n < 1 {
			t.Errorf("allocate(17) = %v leaves a county empty", allocate(counties, 17))
		}
	}
}

func slicesSum(xs []int) int {
	s := 0
	for _, x := range xs {
		s += x
	}
	return s
}

func TestCreditCodesAndIDNumbersAreValid(t *testing.T) {
	strict := cnid.DefaultRules()
	strict.CheckOrganisationCode = true
	r := newRand(42, 99, 0)
	for _, prefix := range []string{prefixPublicUnit, prefixNonProfit, prefixEnterprise} {
		for range 500 {
			code, err := creditCode(r, prefix, "610602")
			if err != nil {
				t.Fatal(err)
			}
			cc, err := strict.ParseCreditCode(code)
			if err != nil {
				t.Fatalf("credit code %s: %v", code, err)
			}
			if cc.Prefix() != prefix || cc.Division != "610602" {
				t.Fatalf("credit code %s: prefix %s division %s", code, cc.Prefix(), cc.Division)
			}
		}
	}
	for range 1000 {
		p := newPerson(r, 0.5)
		id, err := residentID(r, "610603", p)
		if err != nil {
			t.Fatal(err)
		}
		parsed, err := cnid.ParseResidentID(id, testToday)
		if err != nil {
			t.Fatalf("ID number %s: %v", id, err)
		}
		if want := map[bool]cnid.Sex{true: cnid.SexFemale, false: cnid.SexMale}[p.Female]; parsed.Sex != want || parsed.AddressCode != "610603" {
			t.Fatalf("ID number %s of %+v: sex %s, address %s", id, p, parsed.Sex, parsed.AddressCode)
		}
	}
	if _, err := creditCode(r, prefixEnterprise, "61O6O2"); err == nil {
		t.Error("creditCode with a letter O in the division: no error")
	}
	if _, err := residentID(r, "6106x3", person{}); err == nil {
		t.Error("residentID with a letter in the county: no error")
	}
}

func TestOrganisationCheck(t *testing.T) {
	// GB 11714 check as quoted in docs/domain-reference.md §9.2: weights 3 7 9 10 5 8
	// 4 2, check = 11 − sum mod 11 with 10 → X and 11 → 0. D2143569-X is the
	// example commonly quoted from GB 11714-1997 (D = 13: 39+14+9+40+15+40+
	// 24+18 = 199, 199 mod 11 = 1 → 10 → X). The others are worked from the
	// formula: "00000000" sums to 0 → 11 → 0; "10000000" to 3 → 8; "MA000000"
	// to 22×3 + 10×7 = 136, mod 11 = 4 → 7; "00000005" to 10 → 1;
	// "40000000" to 12, mod 11 = 1 → X.
	cases := map[string]byte{"D2143569": 'X', "00000000": '0', "10000000": '8', "MA000000": '7', "00000005": '1', "40000000": 'X',
		"00000001": '9', "01000000": '4', "00010000": '1'}
	for code, want := range cases {
		if got := organisationCheck([]byte(code)); got != want {
			t.Errorf("organisationCheck(%s) = %c, want %c", code, got, want)
		}
	}
}

func TestPDFIsWellFormed(t *testing.T) {
	b := pdfDocument("消防安全检查合格证明", []string{"统一社会信用代码：91610602MA6Y0000X0", "(A) \\ 𠀀"})
	if ct := http.DetectContentType(b); ct != "application/pdf" {
		t.Errorf("content type %s, want application/pdf", ct)
	}
	checkPDF(t, b)
	// The title in Chinese, as UCS-2 code units in the CJK font's encoding.
	if !bytes.Contains(b, []byte("<6D889632")) || !bytes.Contains(b, []byte("/BaseFont /STSong-Light /Encoding /UniGB-UCS2-H")) {
		t.Error("the Chinese title is not set in the standard Chinese font")
	}
	// Brackets need no escaping in a hex string; outside the BMP is '?'.
	if !bytes.Contains(b, []byte("<0028004100290020005C0020003F>")) {
		t.Error("ASCII or a character outside the BMP not encoded")
	}
	if !bytes.Contains(b, []byte("/Title <FEFF6D88")) {
		t.Error("the document title is not UTF-16")
	}
}

// checkPDF follows startxref to the cross-reference table and checks that
// every entry points at its object, and that the trailer's /Size matches
// (PDF 1.4 reference, §3.4.3-3.4.4).
func checkPDF(t *testing.T, b []byte) {
	t.Helper()
	if !bytes.HasPrefix(b, []byte("%PDF-1.")) || !bytes.HasSuffix(bytes.TrimSpace(b), []byte("%%EOF")) {
		t.Fatal("missing the PDF header or the end-of-file marker")
	}
	m := regexp.MustCompile(`startxref\n(\d+)\n%%EOF\s*$`).FindSubmatch(b)
	if m == nil {
		t.Fatal("no startxref")
	}
	off, _ := strconv.Atoi(string(m[1]))
	if off >= len(b) || !bytes.HasPrefix(b[off:], []byte("xref\n0 ")) {
		t.Fatalf("startxref %d does not point at the xref table", off)
	}
	table := b[off+len("xref\n"):]
	var first, count int
	if _, err := fmt.Sscanf(string(table), "%d %d", &first, &count); err != nil {
		t.Fatal(err)
	}
	table = table[bytes.IndexByte(table, '\n')+1:]
	for i := 0; i < count; i++ {
		entry := table[i*20 : i*20+20]
		if !bytes.HasSuffix(entry, []byte("\r\n")) && !bytes.HasSuffix(entry, []byte(" \n")) {
			t.Fatalf("xref entry %d is not 20 bytes: %q", i, entry)
		}
		if entry[17] == 'f' {
			continue
		}
		at, _ := strconv.Atoi(string(entry[:10]))
		if want := fmt.Sprintf("%d 0 obj", first+i); !bytes.HasPrefix(b[at:], []byte(want)) {
			t.Errorf("xref entry %d points at %q, want %q", i, b[at:min(at+12, len(b))], want)
		}
	}
	if !bytes.Contains(table[count*20:], []byte(fmt.Sprintf("/Size %d", count))) {
		t.Errorf("trailer /Size is not %d", count)
	}
	// the content stream's /Length is its byte count
	sm := regexp.MustCompile(`(?s)<< /Length (\d+) >>\nstream\n(.*?)endstream`).FindSubmatch(b)
	if sm == nil {
		t.Fatal("no content stream")
	}
	if n, _ := strconv.Atoi(string(sm[1])); n != len(sm[2]) {
		t.Errorf("stream /Length %d, content %d bytes", n, len(sm[2]))
	}
}

func TestPNGDecodes(t *testing.T) {
	for _, text := range []string{"Premises proof and floor plan", "Staff qualifications\nFiling version 2"} {
		b, err := pngDocument(text)
		if err != nil {
			t.Fatal(err)
		}
		if ct := http.DetectContentType(b); ct != "image/png" {
			t.Errorf("content type %s, want image/png", ct)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("decode: %v", err)
		}
		if s := img.Bounds().Size(); s.X != 160 || s.Y != 120 {
			t.Errorf("size %v, want 160×120", s)
		}
		if len(b) > 5000 {
			t.Errorf("PNG is %d bytes, want under 5 KB", len(b))
		}
	}
	if _, err := newMaterial("no_such_type", false, nil); err == nil {
		t.Error("newMaterial of an unknown type: no error")
	}
}

var feeRanges = map[string][2]float64{domain.CareFullDay: {1200, 2800}, domain.CareHalfDay: {600, 2000}, domain.CareHourly: {20, 40}}

func TestPlanIsValidAndDeterministic(t *testing.T) {
	counties := yanan(t)
	plan := func(seed int64) []*institution {
		insts, err := planInstitutions(seed, BaseInstitutions, counties, testToday)
		if err != nil {
			t.Fatal(err)
		}
		assignScenarios(seed, insts)
		return insts
	}
	a, b, other := plan(1), plan(1), plan(2)
	facts := func(insts []*institution) []string {
		var out []string
		for _, in := range insts {
			out = append(out, fmt.Sprintf("%s|%s|%s|%d|%v|%d", in.Data.Name, in.Data.CreditCode, in.Data.TownshipCode, in.Data.Places, in.Data.CareTypes, in.Scenario))
		}
		return out
	}
	if !reflect.DeepEqual(facts(a), facts(b)) {
		t.Error("the same seed gave different plans")
	}
	if reflect.DeepEqual(facts(a), facts(other)) {
		t.Error("seeds 1 and 2 gave the same plan")
	}

	names, codes := map[string]bool{}, map[string]bool{}
	kinds := map[string]int{}
	for _, in := range a {
		d := in.Data
		p := domain.Problems{}
		d.Validate(testToday, p)
		d.ReadyToSubmit(p)
		if len(p) > 0 {
			t.Errorf("%s: %v", d.Name, p)
		}
		if names[d.Name] || codes[d.CreditCode] {
			t.Errorf("%s / %s repeats", d.Name, d.CreditCode)
		}
		names[d.Name], codes[d.CreditCode] = true, true
		kinds[d.Kind]++
		cc, err := cnid.ParseCreditCode(d.CreditCode)
		if err != nil || !cnid.CreditCodeFitsNature(cc, domain.NatureChinese[d.Nature]) || cc.Division != in.County.Region.Code {
			t.Errorf("%s: credit code %s does not fit %s in %s (%v)", d.Name, d.CreditCode, d.Nature, in.County.Region.Code, err)
		}
		if _, err := cnid.ParseResidentID(d.LegalRepID, testToday); err != nil {
			t.Errorf("%s: legal representative ID %s: %v", d.Name, d.LegalRepID, err)
		}
		if d.RoomFloor < 1 || d.RoomFloor > 3 {
			t.Errorf("%s: room floor %d", d.Name, d.RoomFloor)
		}
		if d.PremisesNature == "leased" && d.LeaseEnd <= testToday.Format(time.DateOnly) {
			t.Errorf("%s: lease ends %s, not in the future", d.Name, d.LeaseEnd)
		}
		if !strings.Contains(d.Address, in.Township.Name) || in.Township.ParentCode != in.County.Region.Code {
			t.Errorf("%s: address %s not in township %s of %s", d.Name, d.Address, in.Township.Name, in.County.Region.Name)
		}
		switch d.Kind {
		case domain.KindHome:
			if d.Places > 5 {
				t.Errorf("%s: home point with %d places", d.Name, d.Places)
			}
		case domain.KindCentre:
			if d.Places < 30 || d.Places > 150 {
				t.Errorf("%s: centre with %d places", d.Name, d.Places)
			}
		}
		for _, c := range d.CareTypes {
			// the brief's ranges: 全日托 1200-2800 a month, 半日托 less, 计时托 20-40 an hour
			r, ok := feeRanges[c.Type]
			if !ok || c.Fee < r[0] || c.Fee > r[1] {
				t.Errorf("%s: %s fee %.0f outside %v", d.Name, c.Type, c.Fee, r)
			}
		}
	}
	if kinds[domain.KindCentre] < len(a)/3 || len(kinds) != len(domain.Kinds) {
		t.Errorf("kinds %v: want every kind, mostly centres", kinds)
	}
	if a[0].County.Region.Code != baotaCode || a[0].Named != "director1" || a[0].Data.Name != "宝塔区小星星托育中心" || a[0].Scenario != scFiledChanged {
		t.Errorf("first institution %s (%s, scenario %d), want director1's 宝塔区小星星托育中心", a[0].Data.Name, a[0].Named, a[0].Scenario)
	}
}
