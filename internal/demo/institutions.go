package demo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"strconv"
	"strings"
	"time"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
)

// BaseInstitutions is the number of institutions at scale 1, about Yan'an's
// size.
const BaseInstitutions = 120

// Counties and townships of the named demo accounts.
const (
	cityCode       = "610600" // 延安市
	baotaCode      = "610602" // 宝塔区
	ansaiCode      = "610603" // 安塞区
	director1Town  = "610602001"
	director2Town  = "610603002" // 金明街道
	guideTownship  = "610602001" // 宝塔山街道
	baotaSubmitted = 3           // submitted filings 宝塔区 has at least, one overdue
)

// county is a county-level division with its townships.
type county struct {
	Region    domain.Region
	Short     string
	Townships []domain.Region
}

// institution is one generated institution: its facts, its story
// (scenario) and, while the story runs, its records.
type institution struct {
	Index    int
	County   *county
	Township domain.Region
	Seq      int // number within the county, from 1
	Data     domain.FilingData
	Scenario scenario
	Named    string // "director1", "director2" or ""
	Username string // the director's account
	rng      *rand.Rand

	// Set by the story: the day the first filing was filed (zero when
	// the institution is never filed), and the carer drawn for carer1.
	Filed time.Time
	Carer person
	// Registered is the day the county entered it in the registry.
	Registered time.Time

	// Set while the story runs.
	ID        int64
	Director  authz.Actor
	FilingID  int64
	Materials map[string]int64 // material type → id on the open filing
}

// kind shares at scale 1; centres dominate, as in Yan'an's plan.
var kindWeights = []struct {
	kind   string
	weight float64
}{
	{domain.KindCentre, 55}, {domain.KindKindergarten, 14}, {domain.KindHome, 10}, {domain.KindCommunity, 13}, {domain.KindEmployer, 8},
}

// natureWeights gives the natures each kind is run under.
var natureWeights = map[string][]struct {
	nature string
	weight float64
}{
	domain.KindCentre:       {{domain.NaturePrivate, 65}, {domain.NaturePublicPrivate, 12}, {domain.NaturePrivatePublic, 13}, {domain.NaturePublic, 10}},
	domain.KindKindergarten: {{domain.NaturePublic, 50}, {domain.NaturePrivate, 40}, {domain.NaturePrivatePublic, 10}},
	domain.KindHome:         {{domain.NaturePrivate, 100}},
	domain.KindCommunity:    {{domain.NaturePublic, 50}, {domain.NaturePublicPrivate, 40}, {domain.NaturePrivatePublic, 10}},
	domain.KindEmployer:     {{domain.NatureEmployerRun, 100}},
}

// pinned fixes the facts of the named directors' institutions.
type pinned struct {
	Named, Township, Name, Kind, Nature, Prefix string
}

var pins = map[string]pinned{
	baotaCode: {Named: "director1", Township: director1Town, Name: "宝塔区" + director1Brand + "托育中心", Kind: domain.KindCentre, Nature: domain.NaturePrivate, Prefix: prefixEnterprise},
	ansaiCode: {Named: "director2", Township: director2Town, Name: "安塞区金明街道社区托育点", Kind: domain.KindCommunity, Nature: domain.NaturePublicPrivate, Prefix: prefixNonProfit},
}

// institutionCount is the number of institutions at a scale: at least one
// per county and enough in 宝塔区 for its named cases.
func institutionCount(scale float64, counties int) int {
	return max(int(math.Round(BaseInstitutions*scale)), counties+baotaSubmitted+1)
}

// allocate spreads n institutions over the counties by population with the
// largest-remainder method, at least one each and 1+baotaSubmitted in 宝塔区.
func allocate(counties []*county, n int) []int {
	weights := make([]float64, len(counties))
	total := 0.0
	for i, c := range counties {
		weights[i] = 100000 // a county without a population figure counts as a small one
		if c.Region.Population != nil && *c.Region.Population > 0 {
			weights[i] = float64(*c.Region.Population)
		}
		total += weights[i]
	}
	counts := make([]int, len(counties))
	minimum := func(i int) int {
		if counties[i].Region.Code == baotaCode {
			return baotaSubmitted + 1
		}
		return 1
	}
	left := n
	for i := range counties {
		counts[i] = minimum(i)
		left -= counts[i]
	}
	// share the rest by population, then hand out remainders largest first
	type rem struct {
		i int
		r float64
	}
	rems := make([]rem, len(counties))
	given := 0
	for i := range counties {
		exact := float64(n)*weights[i]/total - float64(minimum(i))
		whole := max(0, int(math.Floor(exact)))
		whole = min(whole, left-given)
		counts[i] += whole
		given += whole
		rems[i] = rem{i, exact - math.Floor(exact)}
	}
	sort.SliceStable(rems, func(a, b int) bool { return rems[a].r > rems[b].r })
	for k := 0; given < left; k = (k + 1) % len(rems) {
		counts[rems[k].i]++
		given++
	}
	return counts
}

// planner generates institution facts; it remembers names and codes so
// none repeats.
type planner struct {
	r            *rand.Rand
	today        time.Time
	names        map[string]bool
	codes        map[string]bool
	publicCentre map[string]bool // county → has its 托育综合服务中心
	brands       map[string]bool // county code + brand → used
}

// planInstitutions generates the facts of n institutions spread over the
// counties. It reads no clock and no database: the same inputs give the
// same institutions.
func planInstitutions(seed int64, n int, counties []*county, today time.Time) ([]*institution, error) {
	p := &planner{r: newRand(seed, streamInstitutions, 0), today: today, names: map[string]bool{}, codes: map[string]bool{}, publicCentre: map[string]bool{}, brands: map[string]bool{}}
	p.names["宝塔区"+director1Brand+"托育中心"] = true
	p.brands[baotaCode+director1Brand] = true
	var out []*institution
	for ci, count := range allocate(counties, n) {
		c := counties[ci]
		if len(c.Townships) == 0 {
			return nil, fmt.Errorf("demo: county %s has no townships: %w", c.Region.Code, ErrNoReferenceData)
		}
		for seq := 1; seq <= count; seq++ {
			in := &institution{Index: len(out), County: c, Seq: seq}
			pin, isPinned := pins[c.Region.Code]
			isPinned = isPinned && seq == 1
			var err error
			if isPinned {
				err = p.fill(in, &pin)
			} else {
				err = p.fill(in, nil)
			}
			if err != nil {
				return nil, err
			}
			in.Username = fmt.Sprintf("dir-%s-%03d", c.Region.Code, seq)
			if isPinned {
				in.Named, in.Username = pin.Named, pin.Named
			}
			out = append(out, in)
		}
	}
	return out, nil
}

func (p *planner) township(c *county, code string) domain.Region {
	for _, t := range c.Townships {
		if t.Code == code {
			return t
		}
	}
	// 街道 are busier than 镇, and 镇 than 乡
	total := 0.0
	weight := func(t domain.Region) float64 {
		switch {
		case isSubdistrict(t.Code):
			return 4
		case t.Code[6] == '1':
			return 1.5
		}
		return 0.7
	}
	for _, t := range c.Townships {
		total += weight(t)
	}
	x := p.r.Float64() * total
	for _, t := range c.Townships {
		if x -= weight(t); x < 0 {
			return t
		}
	}
	return c.Townships[len(c.Townships)-1]
}

func (p *planner) kind() string {
	total := 0.0
	for _, k := range kindWeights {
		total += k.weight
	}
	x := p.r.Float64() * total
	for _, k := range kindWeights {
		if x -= k.weight; x < 0 {
			return k.kind
		}
	}
	return domain.KindCentre
}

func (p *planner) nature(kind string) string {
	list := natureWeights[kind]
	total := 0.0
	for _, n := range list {
		total += n.weight
	}
	x := p.r.Float64() * total
	for _, n := range list {
		if x -= n.weight; x < 0 {
			return n.nature
		}
	}
	return list[0].nature
}

// employer is a work unit that runs a childcare point for its staff.
type employer struct{ Name, Prefix string }

func employers(c *county) []employer {
	list := []employer{
		{c.Region.Name + "人民医院", prefixPublicUnit},
		{c.Region.Name + "中医医院", prefixPublicUnit},
		{c.Region.Name + "妇幼保健院", prefixPublicUnit},
		{c.Region.Name + "机关事务服务中心", prefixPublicUnit},
		{"国网" + c.Region.Name + "供电公司", prefixEnterprise},
		{"延长石油" + c.Short + "采油厂", prefixEnterprise},
	}
	if c.Region.Code == baotaCode { // the city's own units sit in 宝塔区
		list = append(list, employer{"延安大学", prefixPublicUnit}, employer{"延安大学附属医院", prefixPublicUnit},
			employer{"延安市人民医院", prefixPublicUnit}, employer{"延安市中医医院", prefixPublicUnit})
	}
	return list
}

// name invents a name for the institution; it returns the name and, for
// employer-run points, the employer's registration prefix.
func (p *planner) name(c *county, t domain.Region, kind, nature string) (string, string) {
	r := p.r
	var candidate func() (string, string)
	switch kind {
	case domain.KindCentre:
		candidate = func() (string, string) {
			if nature == domain.NaturePublic {
				if !p.publicCentre[c.Region.Code] && isSubdistrict(t.Code) { // the county's own centre sits in town
					return c.Region.Name + "托育综合服务中心", ""
				}
				return c.Region.Name + t.Name + "托育服务中心", ""
			}
			return c.Region.Name + p.brand(c) + pick(r, centreSuffixes), ""
		}
	case domain.KindKindergarten:
		candidate = func() (string, string) {
			if nature == domain.NaturePrivate {
				return c.Region.Name + p.brand(c) + "幼儿园托班", ""
			}
			if isSubdistrict(t.Code) {
				return c.Region.Name + "第" + pick(r, chineseOrdinals) + "幼儿园托班", ""
			}
			return c.Region.Name + t.Name + "中心幼儿园托班", ""
		}
	case domain.KindHome:
		candidate = func() (string, string) { return c.Region.Name + t.Name + p.brand(c) + "家庭托育点", "" }
	case domain.KindCommunity:
		candidate = func() (string, string) { return c.Region.Name + t.Name + pick(r, communities) + "社区托育点", "" }
	default:
		candidate = func() (string, string) {
			e := pick(r, employers(c))
			return e.Name + "职工托育点", e.Prefix
		}
	}
	name, prefix := candidate()
	for try := 0; p.names[name] && try < 30; try++ {
		name, prefix = candidate()
	}
	if p.names[name] { // every candidate taken: a further branch (二部, 三部, ...) of one of them
		base, tail := name, ""
		if strings.HasSuffix(name, "幼儿园托班") {
			base, tail = strings.TrimSuffix(name, "托班"), "托班"
		}
		for k := 2; p.names[name]; k++ {
			ordinal := strconv.Itoa(k)
			if k <= len(chineseOrdinals) {
				ordinal = chineseOrdinals[k-1]
			}
			name = base + ordinal + "部" + tail
		}
	}
	p.names[name] = true
	if strings.HasSuffix(name, "托育综合服务中心") {
		p.publicCentre[c.Region.Code] = true
	}
	for _, b := range brands {
		if strings.Contains(name, b) {
			p.brands[c.Region.Code+b] = true
		}
	}
	return name, prefix
}

// brand picks a trade name not yet used in the county, while any is left.
func (p *planner) brand(c *county) string {
	b := pick(p.r, brands)
	for try := 0; p.brands[c.Region.Code+b] && try < 20; try++ {
		b = pick(p.r, brands)
	}
	return b
}

// registrationPrefix chooses the credit-code prefix that fits the nature:
// 12 for public units, 52 or 91 for private operators.
func (p *planner) registrationPrefix(nature, employerPrefix string) string {
	switch nature {
	case domain.NaturePublic:
		return prefixPublicUnit
	case domain.NatureEmployerRun:
		return employerPrefix
	case domain.NaturePrivate:
		if chance(p.r, 0.7) {
			return prefixEnterprise
		}
		return prefixNonProfit
	default:
		if chance(p.r, 0.5) {
			return prefixEnterprise
		}
		return prefixNonProfit
	}
}

func registrationAuthority(c *county, prefix string) string {
	switch prefix {
	case prefixPublicUnit:
		return c.Region.Name + "机构编制委员会办公室"
	case prefixNonProfit:
		return c.Region.Name + "民政局"
	}
	return "延安市" + c.Region.Name + "市场监督管理局"
}

// round1 rounds to one decimal, as areas are written.
func round1(x float64) float64 { return math.Round(x*10) / 10 }

// roundTo rounds a fee to a multiple of step.
func roundTo(x float64, step float64) float64 { return math.Round(x/step) * step }

func uniform(r *rand.Rand, lo, hi float64) float64 { return lo + r.Float64()*(hi-lo) }

// fill generates every fact of the filing form for one institution.
func (p *planner) fill(in *institution, pin *pinned) error {
	r, c := p.r, in.County
	var kind, nature, name, prefix string
	if pin != nil {
		in.Township = p.township(c, pin.Township)
		kind, nature, name, prefix = pin.Kind, pin.Nature, pin.Name, pin.Prefix
		p.names[name] = true
	} else {
		in.Township = p.township(c, "")
		kind = p.kind()
		nature = p.nature(kind)
		var employerPrefix string
		name, employerPrefix = p.name(c, in.Township, kind, nature)
		prefix = p.registrationPrefix(nature, employerPrefix)
	}
	code, err := creditCode(r, prefix, c.Region.Code)
	for err == nil && p.codes[code] {
		code, err = creditCode(r, prefix, c.Region.Code)
	}
	if err != nil {
		return err
	}
	p.codes[code] = true

	d := domain.FilingData{Name: name, CreditCode: code, Kind: kind, Nature: nature, TownshipCode: in.Township.Code,
		ForProfit: prefix == prefixEnterprise && nature != domain.NatureEmployerRun, RegistrationAuthority: registrationAuthority(c, prefix)}

	legal := newPerson(r, 0.45)
	head := legal
	if kind != domain.KindHome && chance(r, 0.6) {
		head = newPerson(r, 0.85)
	}
	d.LegalRep, d.PersonInCharge = legal.Name, head.Name
	if d.LegalRepID, err = residentID(r, c.Region.Code, legal); err != nil {
		return err
	}
	if kind != domain.KindHome && (nature == domain.NaturePublic || nature == domain.NatureEmployerRun || chance(r, 0.15)) {
		d.Phone = landline(r)
	} else {
		d.Phone = mobile(r)
	}

	p.capacity(&d)
	p.premises(&d, kind, nature)
	d.Address = address(r, c.Region.Name, in.Township.Name, isSubdistrict(in.Township.Code), kind == domain.KindHome, d.RoomFloor)
	p.careOffers(&d)
	d.ServesFood = chance(r, map[string]float64{domain.KindCentre: 0.85, domain.KindKindergarten: 1, domain.KindEmployer: 0.7, domain.KindCommunity: 0.4, domain.KindHome: 0.1}[kind])
	d.Intro = intro(&d, in.Township.Name)
	d.Commitment = true
	in.Data = d
	return nil
}

// capacity sets places, 普惠 places, enrolment and staff.
func (p *planner) capacity(d *domain.FilingData) {
	r := p.r
	switch d.Kind {
	case domain.KindHome:
		d.Places = between(r, 3, domain.HomePointMaxPlaces)
	case domain.KindKindergarten:
		d.Places = between(r, 3, 8) * 5
	case domain.KindCommunity:
		d.Places = between(r, 4, 12) * 5
	case domain.KindEmployer:
		d.Places = between(r, 4, 16) * 5
	default:
		if d.Nature == domain.NaturePublic {
			d.Places = between(r, 12, 30) * 5
		} else {
			d.Places = between(r, 6, 30) * 5
		}
	}
	puhuiShare := 0.0
	switch {
	case d.Nature != domain.NaturePrivate:
		puhuiShare = uniform(r, 0.6, 1)
	case d.Kind == domain.KindHome:
		if chance(r, 0.2) {
			puhuiShare = 1
		}
	case chance(r, 0.35):
		puhuiShare = uniform(r, 0.3, 0.8)
	}
	d.PuhuiPlaces = int(math.Round(float64(d.Places) * puhuiShare))
	d.Enrolled = int(math.Round(float64(d.Places) * uniform(r, 0.45, 0.95)))
	d.Vacancies = d.Places - d.Enrolled
	d.PuhuiEnrolled = min(d.Enrolled, int(math.Round(float64(d.PuhuiPlaces)*uniform(r, 0.5, 0.95))))

	if d.Kind == domain.KindHome { // one carer for at most three children
		d.Caregivers = (d.Places + 2) / 3
		d.FullTimeStaff = d.Caregivers + r.IntN(2)
		return
	}
	d.Caregivers = (d.Places+4)/5 + r.IntN(3)
	d.FullTimeStaff = d.Caregivers + between(r, 2, 6)
	d.SecurityStaff = between(r, 1, 2)
}

// premises sets the kind of premises, the lease and the areas.
func (p *planner) premises(d *domain.FilingData, kind, nature string) {
	r := p.r
	switch {
	case kind == domain.KindEmployer:
		d.PremisesNature = "provided"
	case kind == domain.KindHome:
		d.PremisesNature = pick(r, []string{"owned", "owned", "owned", "leased", "leased"})
	case nature == domain.NaturePublic:
		d.PremisesNature = pick(r, []string{"owned", "provided"})
	case kind == domain.KindCommunity:
		d.PremisesNature = pick(r, []string{"provided", "provided", "leased"})
	default:
		d.PremisesNature = pick(r, []string{"leased", "leased", "leased", "leased", "owned"})
	}
	if d.PremisesNature == "leased" { // leases run at least three years and have years left
		d.LeaseEnd = p.today.AddDate(0, 0, between(r, 200, 2500)).Format(time.DateOnly)
	}
	places := float64(d.Places)
	switch kind {
	case domain.KindHome:
		d.BuildingArea = round1(uniform(r, 80, 160))
		if chance(r, 0.5) {
			d.OutdoorArea = round1(uniform(r, 10, 30))
		}
		d.LivingArea = round1(uniform(r, 30, 60))
	default:
		d.BuildingArea = round1(places*uniform(r, 7, 11) + uniform(r, 30, 120))
		d.OutdoorArea = round1(places * uniform(r, 1.5, 4))
		d.LivingArea = round1(d.BuildingArea * uniform(r, 0.5, 0.7))
	}
	d.RoomFloor = pick(r, []int{1, 1, 1, 1, 1, 1, 2, 2, 2, 3})
}

// careOffers sets the care types and fees: 全日托 1200-2800 yuan a month
// (less where places are 普惠), 半日托 about 60 % of it, 计时托 20-40
// yuan an hour.
func (p *planner) careOffers(d *domain.FilingData) {
	r := p.r
	full := uniform(r, 1600, 2800)
	if d.Nature != domain.NaturePrivate || d.Kind == domain.KindKindergarten || d.PuhuiPlaces > 0 {
		full = uniform(r, 1200, 1800)
	}
	full = roundTo(full, 50)
	halfShare := map[string]float64{domain.KindCentre: 0.6, domain.KindCommunity: 0.5, domain.KindHome: 0.3, domain.KindKindergarten: 0.1, domain.KindEmployer: 0.3}[d.Kind]
	hourlyShare := map[string]float64{domain.KindCentre: 0.4, domain.KindCommunity: 0.5, domain.KindHome: 0.4}[d.Kind]
	offers := []domain.CareOffer{}
	if d.Kind != domain.KindCommunity || chance(r, 0.8) {
		offers = append(offers, domain.CareOffer{Type: domain.CareFullDay, Fee: full})
	}
	if chance(r, halfShare) || len(offers) == 0 {
		offers = append(offers, domain.CareOffer{Type: domain.CareHalfDay, Fee: roundTo(full*uniform(r, 0.55, 0.7), 50)})
	}
	if chance(r, hourlyShare) {
		offers = append(offers, domain.CareOffer{Type: domain.CareHourly, Fee: roundTo(uniform(r, 20, 40), 5)})
	}
	d.CareTypes = offers
}

var careNames = map[string]string{domain.CareFullDay: "全日托", domain.CareHalfDay: "半日托", domain.CareHourly: "计时托", domain.CareTemporary: "临时托"}

var kindNames = map[string]string{domain.KindCentre: "托育机构", domain.KindKindergarten: "幼儿园托班", domain.KindHome: "家庭托育点", domain.KindCommunity: "社区托育点", domain.KindEmployer: "用人单位托育点"}

func intro(d *domain.FilingData, township string) string {
	var care []string
	for _, c := range d.CareTypes {
		care = append(care, careNames[c.Type])
	}
	s := fmt.Sprintf("本%s位于%s，设托位%d个", kindNames[d.Kind], township, d.Places)
	if d.PuhuiPlaces > 0 {
		s += fmt.Sprintf("（其中普惠托位%d个）", d.PuhuiPlaces)
	}
	s += "，提供" + strings.Join(care, "、") + "服务"
	if d.ServesFood {
		s += "，自设厨房供应膳食"
	}
	return s + "。"
}

// newInstitution is the registry entry a county regulator creates.
func (in *institution) newInstitution() service.NewInstitution {
	d := in.Data
	return service.NewInstitution{Name: d.Name, CreditCode: d.CreditCode, Kind: d.Kind, Nature: d.Nature, ForProfit: d.ForProfit,
		RegionCode: in.County.Region.Code, TownshipCode: d.TownshipCode, Address: d.Address, Phone: d.Phone, LegalRep: d.LegalRep,
		PersonInCharge: d.PersonInCharge, Places: d.Places, CareTypes: d.CareTypes}
}
