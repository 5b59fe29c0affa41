package rules

import "strings"

// Basis is the legal basis of a rule as users read it: the documents and
// their clauses, in Chinese and in English, without the confidence and
// source tags of Rule.Source (those are for the people who keep the rules,
// in docs/domain-reference.md).
type Basis struct {
	Zh, En string
}

// Text is the basis in a language ("zh" or "en").
func (b Basis) Text(lang string) string {
	if lang == "en" {
		return b.En
	}
	return b.Zh
}

// A document a rule rests on, named as it is published.
type document struct{ zh, en string }

var (
	docSetup     = document{"《托育机构设置标准（试行）》", "Setting-up Standard for Childcare Institutions (Trial)"}
	docManage    = document{"《托育机构管理规范（试行）》", "Management Rules for Childcare Institutions (Trial)"}
	docFiling    = document{"《托育机构登记和备案办法（试行）》", "Registration and Filing Measures for Childcare Institutions (Trial)"}
	docHomePoint = document{"《家庭托育点管理办法（试行）》", "Measures for Home-based Childcare Points (Trial)"}
	docWST821    = document{"《托育机构质量评估标准》（WS/T 821—2023）", "Quality Assessment Standard for Childcare Institutions (WS/T 821—2023)"}
	doc76        = document{"《托儿所幼儿园卫生保健管理办法》", "Measures for Health Care in Nurseries and Kindergartens"}
	doc2012      = document{"《托儿所幼儿园卫生保健工作规范》", "Work Norms for Health Care in Nurseries and Kindergartens"}
	doc2022      = document{"《托育机构卫生评价基本标准》", "Basic Standard for the Health Evaluation of Childcare Institutions"}
	docCheck     = document{"《儿童入托、入学预防接种证查验办法》", "Measures for Checking Vaccination Certificates at Admission"}
	docPublic    = document{"《国家基本公共卫生服务规范》", "National Basic Public Health Service Norms"}
)

// A clause of a document: an article ("第十九条", "Article 19"), a clause
// of a standard ("5.1.5"), or none (the document as a whole).
type clause struct {
	doc    document
	zh, en string
}

func article(d document, zh string, n int) clause {
	return clause{d, zh, "Article " + itoa(n)}
}

func section(d document, c string) clause { return clause{d, c, "clause " + c} }

func whole(d document) clause { return clause{doc: d} }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}

// legalBases holds every rule's documents and clauses, from the sources of
// Rules() (docs/domain-reference.md §12 and the sections it names).
var legalBases = map[string][]clause{
	RuleClassSize:       {article(docSetup, "第十九条", 19)},
	RuleClassAge:        {article(docSetup, "第十九条", 19)},
	RuleClassRatio:      {article(docSetup, "第二十条", 20)},
	RuleClassMixedRatio: {article(docSetup, "第二十条", 20)},

	RuleHomePointCapacity: {whole(docHomePoint)},
	RuleHomePointRatio:    {whole(docHomePoint)},
	RuleHomePointLease:    {whole(docHomePoint)},

	RuleHealthStaff:              {article(doc76, "第十二条", 12), whole(doc2022)},
	RuleHealthStaffQualification: {article(docSetup, "第十八条", 18), whole(doc2022)},
	RuleCooks:                    {section(docWST821, "5")},
	RuleFoodSafetyManager:        {section(docWST821, "5")},
	RuleDirector:                 {article(docSetup, "第十八条", 18), section(docWST821, "5.1")},
	RuleDirectorTrainingHours:    {section(docWST821, "5.2.1")},
	RuleStaffHealthCheck:         {article(docManage, "第二十八条", 28), article(doc76, "第十四条", 14), section(docWST821, "5.1.5")},
	RuleStaffBackground:          {section(docWST821, "5.1.6"), whole(docHomePoint)},
	RuleSecurityGuard:            {article(docSetup, "第十八条", 18)},
	RuleStaffCertificates:        {article(docFiling, "第八条", 8)},

	RulePlaces: {article(docFiling, "第八条", 8)},

	RulePremisesLease:       {article(docSetup, "第十一条", 11)},
	RulePremisesFloor:       {section(docWST821, "4")},
	RulePremisesBasement:    {section(docWST821, "4"), whole(doc2022)},
	RulePremisesWindow:      {section(docWST821, "4")},
	RulePremisesRoomArea:    {section(docWST821, "4")},
	RuleObservationRoom:     {whole(doc2022)},
	RuleCCTV:                {article(docManage, "第三十二条", 32), section(docWST821, "9.4.3")},
	RuleOutdoorTime:         {article(docManage, "第十八条", 18), whole(doc2012)},
	RuleChildReexam:         {article(docManage, "第十一条", 11), article(doc76, "第十八条", 18)},
	RuleChildPeriodicExam:   {whole(doc2012), whole(docPublic)},
	RuleChildHaemoglobin:    {whole(doc2012)},
	RuleVaccinationCheck:    {whole(docCheck)},
	RuleVaccinationRecheck:  {whole(docCheck)},
	RuleFilingReceipt:       {whole(docFiling)},
	RuleFilingNotice:        {whole(docFiling)},
	RuleQualityAssessment:   {whole(docWST821)},
	RuleQualityVeto:         {whole(docWST821)},
	RuleQualityGradeCutoffs: {whole(docWST821)},
}

// LegalBasis is the documents and clauses a rule rests on, for users:
// "《托育机构设置标准（试行）》第十九条". An unknown rule has none.
func LegalBasis(ruleID string) Basis {
	var zh, en []string
	for _, c := range legalBases[ruleID] {
		zh = append(zh, c.doc.zh+c.zh)
		e := c.doc.en
		if c.en != "" {
			e += ", " + c.en
		}
		en = append(en, e)
	}
	return Basis{Zh: strings.Join(zh, "、"), En: strings.Join(en, "; ")}
}

// BasisFor is LegalBasis with the local rules that tightened the rule for
// this standard, named by the source their regulator gave.
func (s Standard) BasisFor(ruleID string) Basis {
	b := LegalBasis(ruleID)
	for _, a := range s.Applied {
		if a.RuleID != ruleID {
			continue
		}
		b.Zh += "；地方从严：" + a.Source
		b.En += "; tightened locally: " + a.Source
	}
	return b
}

// remedies say what to do about a finding of each rule; a finding's message
// is what is wrong, then this.
var remedies = map[string][2]string{
	RuleClassSize:       {"请减少本班人数或分设班级", "reduce the class or split it"},
	RuleClassAge:        {"请将婴幼儿调整到相应年龄段的班级", "move the child to a class of the right age band"},
	RuleClassRatio:      {"请为本班增配保育人员", "assign more caregivers to the class"},
	RuleClassMixedRatio: {"请为本班增配保育人员", "assign more caregivers to the class"},

	RuleHomePointCapacity: {"请减少收托人数", "take fewer children"},
	RuleHomePointRatio:    {"请增配照护人员", "add carers"},
	RuleHomePointLease:    {"请使用自有住宅或签订不少于3年的租约", "use one's own home or a lease of at least 3 years"},

	RuleHealthStaff:              {"请配备符合要求的保健人员", "appoint health staff as required"},
	RuleHealthStaffQualification: {"请安排保健人员参加培训并登记学历", "have the health staff trained and record their education"},
	RuleCooks:                    {"请增配炊事人员", "add cooks"},
	RuleFoodSafetyManager:        {"请配备食品安全管理人员", "appoint a food-safety manager"},
	RuleDirector:                 {"请安排符合条件的负责人或补充培训", "appoint a qualified person in charge or complete the training"},
	RuleDirectorTrainingHours:    {"请安排负责人完成岗位培训", "complete the person in charge's post training"},
	RuleStaffHealthCheck:         {"请安排体检并登记健康合格证明", "arrange the health examination and record the certificate"},
	RuleStaffBackground:          {"请登记无犯罪记录证明", "record the certificate of no criminal record"},
	RuleSecurityGuard:            {"请登记保安员证", "record the security guard licence"},
	RuleStaffCertificates:        {"请及时换发证书", "renew the certificate in time"},

	RulePlaces: {"请办理备案变更增加托位，或减少收托", "file a change for more places, or take fewer children"},

	RulePremisesLease:      {"请续签不少于3年的租约", "renew the lease for at least 3 years"},
	RulePremisesFloor:      {"请将婴幼儿生活用房调整到三层及以下", "move the children's rooms to the 3rd storey or below"},
	RulePremisesBasement:   {"请将婴幼儿生活用房移出地下室", "move the children's rooms out of the basement"},
	RulePremisesWindow:     {"请增加采光面积", "enlarge the windows"},
	RulePremisesRoomArea:   {"请调整到面积足够的活动用房", "use a room large enough"},
	RuleObservationRoom:    {"请设置符合要求的保健观察室", "set up an observation room as required"},
	RuleCCTV:               {"请完善视频监控，录像保存不少于90天", "complete the video surveillance and keep recordings at least 90 days"},
	RuleOutdoorTime:        {"请保证每日户外活动时间", "give the children their daily outdoor time"},
	RuleChildReexam:        {"请安排返园前的健康检查", "arrange the health examination before the child returns"},
	RuleChildPeriodicExam:  {"请安排定期健康检查", "arrange the periodic examination"},
	RuleChildHaemoglobin:   {"请安排血红蛋白检查", "arrange the haemoglobin test"},
	RuleVaccinationCheck:   {"请尽快查验预防接种证", "check the vaccination certificate soon"},
	RuleVaccinationRecheck: {"请在年底前完成复验", "re-check it by the end of the year"},
	RuleFilingReceipt:      {"请尽快办结备案并出具回执", "complete the filing and issue the receipt"},
	RuleFilingNotice:       {"请尽快告知备案人", "tell the filer now"},
}
