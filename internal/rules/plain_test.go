package rules

import (
	"go/ast"
	"go/parser"
	"go/token"
	"math/rand"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"tuoyu/internal/i18n"
)

// TestRulesSpeakPlainly holds every rule and every finding the engine can
// produce to what users may read: each rule has a legal basis (document and
// clause) and plain titles; every message the code can build (each string
// literal of each finding, read from the source) and every message actually
// rendered for a wide set of institutions, classes, children and filings has
// no rule code, source tag or English word in Chinese, and no Chinese in
// English.
func TestRulesSpeakPlainly(t *testing.T) {
	plain := func(where, zh, en string) {
		t.Helper()
		for _, p := range i18n.PlainZh(zh) {
			t.Errorf("%s zh %q: %s", where, zh, p)
		}
		for _, p := range i18n.PlainEn(en) {
			t.Errorf("%s en %q: %s", where, en, p)
		}
	}
	known := map[string]bool{}
	for _, r := range Rules() {
		known[r.ID] = true
		b := LegalBasis(r.ID)
		if b.Zh == "" || b.En == "" || !strings.Contains(b.Zh, "《") {
			t.Errorf("%s: no legal basis %+v", r.ID, b)
		}
		plain(r.ID+" basis", b.Zh, b.En)
		plain(r.ID+" title", r.Title, r.TitleEN)
		// No notes for the people who keep the rules ("设置项", "a setting").
		for _, note := range []string{"设置项", "未确认", "a setting", "unconfirmed"} {
			if strings.Contains(r.Title+r.TitleEN, note) {
				t.Errorf("%s: title carries the internal note %q", r.ID, note)
			}
		}
	}
	for id := range legalBases {
		if !known[id] {
			t.Errorf("legal basis for %s, which is not a rule", id)
		}
	}

	// Every finding the source can build: the literals of each add call.
	emitted := map[string]bool{}
	files, _ := filepath.Glob("*.go")
	fset := token.NewFileSet()
	calls := 0
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(f, func(n ast.Node) bool {
			c, ok := n.(*ast.CallExpr)
			if !ok || len(c.Args) != 5 {
				return true
			}
			if sel, ok := c.Fun.(*ast.SelectorExpr); !ok || sel.Sel.Name != "add" {
				return true
			}
			calls++
			if id, ok := c.Args[0].(*ast.Ident); ok && strings.HasPrefix(id.Name, "Rule") {
				emitted[id.Name] = true
			}
			where := fset.Position(c.Pos()).String()
			for i, lang := range []string{"zh", "en"} {
				ast.Inspect(c.Args[3+i], func(n ast.Node) bool {
					if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
						s, _ := strconv.Unquote(lit.Value)
						if lang == "zh" {
							plain(where, s, "")
						} else {
							plain(where, "", s)
						}
					}
					return true
				})
			}
			return true
		})
	}
	if calls < 40 || len(emitted) < 25 {
		t.Fatalf("found %d finding calls for %d rules: is the scan broken?", calls, len(emitted))
	}

	// Every finding rendered, over many variations of each check.
	s := National()
	seen := map[string]int{}
	var all []Finding
	keep := func(fs []Finding, err error) {
		if err == nil {
			all = append(all, fs...)
		}
	}
	rnd := rand.New(rand.NewSource(9))
	for i := 0; i < 400; i++ {
		in := compliantCentre()
		mutate(rnd, &in)
		for i := range in.Classes {
			in.Classes[i].Children = named(in.Classes[i].Children)
		}
		keep(s.CheckInstitution(in, testAsOf))
		home := InstitutionFacts{Kind: KindHome, Places: 6, EnrolledChildren: rnd.Intn(9), Catering: CateringNone,
			Premises: Premises{LeaseStart: day(2024, 1, 1), LeaseEnd: day(2026, time.Month(1+rnd.Intn(12)), 1)},
			Staff:    []StaffMember{{ID: "a", Post: PostCaregiver, Certificates: certs(testAsOf.AddDate(-rnd.Intn(2), 0, 0), CertHealth)}}}
		keep(s.CheckInstitution(home, testAsOf))
		keep(s.CheckHomeGroup(5, rnd.Intn(8), rnd.Intn(3)), nil)
		types := ClassTypes()
		keep(s.CheckClass(Class{Name: "一班", Type: types[rnd.Intn(len(types))], Capacity: 5 + rnd.Intn(25), Caregivers: rnd.Intn(4),
			Children: named(children(testAsOf, randomAges(rnd)...))}, testAsOf))
		keep(s.CheckOutdoor(OutdoorDay{Subject: "一班", Date: testAsOf, Minutes: rnd.Intn(200), Boarding: rnd.Intn(2) == 0}))
		birth := testAsOf.AddDate(0, -rnd.Intn(40), -rnd.Intn(30))
		joined := testAsOf.AddDate(0, -rnd.Intn(12), -rnd.Intn(30))
		c := ChildHealthFacts{ID: "c", BirthDate: birth, Joined: joined, CatchUpNeeded: rnd.Intn(2) == 0}
		if rnd.Intn(2) == 0 {
			c.LastExam = testAsOf.AddDate(0, -rnd.Intn(14), 0)
			c.LastHaemoglobin = testAsOf.AddDate(0, -rnd.Intn(14), 0)
		}
		if rnd.Intn(2) == 0 {
			c.VaccinationCheckedOn = joined.AddDate(0, 0, rnd.Intn(60))
		}
		if rnd.Intn(3) == 0 {
			c.AbsentFrom, c.ReturnedOn = testAsOf.AddDate(0, -5, 0), testAsOf.AddDate(0, -rnd.Intn(3), 0)
		}
		keep(s.CheckChild(c, testAsOf))
		keep(s.CheckFilingHandling(FilingHandling{Outcome: []string{FilingFiled, FilingReturned}[rnd.Intn(2)], WorkingDaysTaken: rnd.Intn(25)}))
	}
	for _, f := range all {
		seen[f.RuleID]++
		if f.Basis.Zh == "" || f.Basis.En == "" {
			t.Errorf("%s finding without a legal basis", f.RuleID)
		}
		plain(f.RuleID+" finding", f.Message, f.MessageEN)
		plain(f.RuleID+" basis", f.Basis.Zh, f.Basis.En)
	}
	// The variations reach every rule the source emits.
	byName := map[string]string{}
	for name, id := range ruleConstants(t) {
		byName[name] = id
	}
	var missing []string
	for name := range emitted {
		if seen[byName[name]] == 0 {
			missing = append(missing, name)
		}
		// Each says what to do, not only what is wrong.
		if r, ok := remedies[byName[name]]; !ok || r[0] == "" || r[1] == "" {
			t.Errorf("%s: no remedy", name)
		} else {
			plain(name+" remedy", r[0], r[1])
		}
	}
	sort.Strings(missing)
	if len(missing) > 0 {
		t.Errorf("no rendered finding of %v (%d findings in all)", missing, len(all))
	}
}

// mutate breaks a few things of a compliant centre at random.
func mutate(rnd *rand.Rand, in *InstitutionFacts) {
	for n := 1 + rnd.Intn(5); n > 0; n-- {
		switch rnd.Intn(16) {
		case 0:
			in.Classes[1].Children = children(testAsOf, repeatAge(30, 21+rnd.Intn(5))...)
		case 1:
			in.Classes[0].Children[0].BirthDate = bornMonthsBefore(testAsOf, 5+rnd.Intn(30))
		case 2:
			in.Classes[0].Caregivers = rnd.Intn(3)
			in.Classes = append(in.Classes, Class{Name: "混合", Type: ClassMixed, Capacity: 18, Children: children(testAsOf, 20, 22, 24, 26, 28, 30), Caregivers: 1})
		case 3:
			setHealthStaff(in, rnd.Intn(2) == 0, rnd.Intn(2) == 0)
		case 4:
			in.Places, in.EnrolledChildren = 60, 35+rnd.Intn(30)
		case 5:
			in.Premises.LeaseStart = day(2026, 1, 2)
			in.Premises.LeaseEnd = testAsOf.AddDate(0, rnd.Intn(8)-2, 0)
		case 6:
			in.Premises.Rooms[0].Storey = 4
			in.Premises.Rooms[1].Storey = -1
			in.Premises.Rooms[2].AreaM2, in.Premises.Rooms[2].WindowAreaM2 = 10, 1
			in.Premises.Rooms[0].AreaM2 = 20
		case 7:
			in.CCTV = CCTV{Installed: rnd.Intn(2) == 0, FullCoverage: rnd.Intn(2) == 0, RetentionDays: rnd.Intn(120)}
		case 8:
			in.Staff[4].Certificates[0].IssuedOn = testAsOf.AddDate(-1, rnd.Intn(2), 0)
		case 9:
			m := &in.Staff[rnd.Intn(len(in.Staff))]
			m.Certificates = m.Certificates[:rnd.Intn(len(m.Certificates)+1)]
		case 10:
			d := &in.Staff[0]
			d.Education, d.ManagementYears, d.TrainingHours = EducationSeniorHigh, 1, 20
		case 11:
			in.Staff[1].Education = EducationJuniorHigh
		case 12:
			in.Catering = CateringExternal
		case 13:
			in.Premises.ObservationRoomM2, in.Premises.ObservationBeds = float64(rnd.Intn(8)), rnd.Intn(2)
		case 14:
			in.Staff[5].Certificates = append(in.Staff[5].Certificates,
				Certificate{Kind: CertOther, Number: "2024-001", IssuedOn: day(2020, 1, 1), ExpiresOn: testAsOf.AddDate(0, 0, rnd.Intn(60)-20)})
		case 15:
			in.EnrolledChildren = in.Places + 1 + rnd.Intn(5)
		}
	}
}

// named numbers children (a name is data and may be in either language; the
// letters of the other tests read as English words).
func named(cs []ChildInClass) []ChildInClass {
	for i := range cs {
		cs[i].ID = strconv.Itoa(1001 + i)
	}
	return cs
}

func randomAges(rnd *rand.Rand) []int {
	ages := make([]int, rnd.Intn(25))
	for i := range ages {
		ages[i] = 4 + rnd.Intn(36)
	}
	return ages
}

// ruleConstants maps the Rule* constant names of rule.go to their IDs.
func ruleConstants(t *testing.T) map[string]string {
	f, err := parser.ParseFile(token.NewFileSet(), "rule.go", nil, 0)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	ast.Inspect(f, func(n ast.Node) bool {
		if v, ok := n.(*ast.ValueSpec); ok && len(v.Values) == len(v.Names) {
			for i, name := range v.Names {
				if lit, ok := v.Values[i].(*ast.BasicLit); ok && strings.HasPrefix(name.Name, "Rule") {
					out[name.Name], _ = strconv.Unquote(lit.Value)
				}
			}
		}
		return true
	})
	return out
}
