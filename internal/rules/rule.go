package rules

// Rule is one requirement the system checks. Source names the official text
// (document and article or clause) followed by the confidence tag and source
// tags of docs/domain-reference.md, where the fact and its addresses are kept.
type Rule struct {
	ID         string
	Title      string // Chinese
	TitleEN    string
	Source     string
	Confidence string // "C" confirmed, "S" single secondary source, "U" unconfirmed (a setting)
}

// Rule IDs. Findings carry one of these.
const (
	RuleClassSize       = "class.size"
	RuleClassAge        = "class.age"
	RuleClassRatio      = "class.ratio"
	RuleClassMixedRatio = "class.mixed_ratio"

	RuleHomePointCapacity = "homepoint.capacity"
	RuleHomePointRatio    = "homepoint.ratio"
	RuleHomePointLease    = "homepoint.lease"

	RuleHealthStaff              = "staff.health_staff"
	RuleHealthStaffQualification = "staff.health_staff_qualification"
	RuleCooks                    = "staff.cooks"
	RuleFoodSafetyManager        = "staff.food_safety_manager"
	RuleDirector                 = "staff.director"
	RuleDirectorTrainingHours    = "staff.director_training_hours"
	RuleStaffHealthCheck         = "staff.health_check"
	RuleStaffBackground          = "staff.background"
	RuleSecurityGuard            = "staff.security_guard"
	RuleStaffCertificates        = "staff.certificates"

	RulePlaces = "capacity.places"

	RulePremisesLease       = "premises.lease"
	RulePremisesFloor       = "premises.floor"
	RulePremisesBasement    = "premises.basement"
	RulePremisesWindow      = "premises.window"
	RulePremisesRoomArea    = "premises.room_area"
	RuleObservationRoom     = "premises.observation_room"
	RuleCCTV                = "safety.cctv"
	RuleOutdoorTime         = "care.outdoor"
	RuleChildReexam         = "child.reexam"
	RuleChildPeriodicExam   = "child.periodic_exam"
	RuleChildHaemoglobin    = "child.haemoglobin"
	RuleVaccinationCheck    = "child.vaccination_check"
	RuleVaccinationRecheck  = "child.vaccination_recheck"
	RuleFilingReceipt       = "filing.receipt"
	RuleFilingNotice        = "filing.notice"
	RuleQualityAssessment   = "quality.wst821"
	RuleQualityVeto         = "quality.wst821_veto"
	RuleQualityGradeCutoffs = "quality.wst821_grades"
)

const (
	srcSetup     = "托育机构设置标准（试行）（国卫人口发〔2019〕58号）"
	srcManage    = "托育机构管理规范（试行）（国卫人口发〔2019〕58号）"
	srcFiling    = "托育机构登记和备案办法（试行）（国卫办人口发〔2019〕25号）"
	srcHomePoint = "家庭托育点管理办法（试行）（2023年）"
	srcWST821    = "WS/T 821—2023 托育机构质量评估标准"
	src76        = "托儿所幼儿园卫生保健管理办法（卫生部/教育部令第76号）"
	src2012      = "托儿所幼儿园卫生保健工作规范（2012年）"
	src2022      = "国家卫生健康委办公厅 托育机构卫生评价基本标准通知（2022年）"
	srcCheck     = "儿童入托、入学预防接种证查验办法（2021年）"
)

// Rules returns every rule the package checks, in a stable order. The slice
// is new on each call.
func Rules() []Rule {
	return []Rule{
		{RuleClassSize, "班级规模：乳儿班≤10人，托小班≤15人，托大班≤20人，混合班≤18人", "Class size: infant ≤10, young toddler ≤15, older toddler ≤20, mixed ≤18",
			srcSetup + " 第19条 [C] GH-TotSafe, P-lawsummary, GH-policyList (domain-reference §1.1, §12)", "C"},
		{RuleClassAge, "班级年龄段：乳儿班6—12个月，托小班12—24个月，托大班24—36个月，18个月以上可混合编班", "Age bands: infant 6–12 m, young toddler 12–24 m, older toddler 24–36 m, mixed from 18 m",
			srcSetup + " 第19条 [C] GH-TotSafe, P-lawsummary; 边界月份含否 [U] 设置项 (domain-reference §1.1, §12)", "C"},
		{RuleClassRatio, "保育人员与婴幼儿比例不低于：乳儿班1:3，托小班1:5，托大班1:7", "Caregiver-to-child ratio at least 1:3 (infant), 1:5 (young toddler), 1:7 (older toddler)",
			srcSetup + " 第20条 [C] GH-TotSafe, GH-policyList (domain-reference §1.2, §12)", "C"},
		{RuleClassMixedRatio, "混合班保育人员与婴幼儿比例", "Mixed-age class caregiver-to-child ratio",
			srcSetup + " 第20条未规定混合班比例 [C]；默认1:5 为 GH-TotSafe 工具取值 [U] (domain-reference §1.2)", "U"},

		{RuleHomePointCapacity, "家庭托育点收托不超过5人", "Home care point: at most 5 children",
			srcHomePoint + " [C] P-jiating (domain-reference §3.5, §12)", "C"},
		{RuleHomePointRatio, "家庭托育点照护人员与婴幼儿比例不低于1:3", "Home care point: at least 1 carer for every 3 children",
			srcHomePoint + " [C] P-jiating (domain-reference §3.5, §12)", "C"},
		{RuleHomePointLease, "家庭托育点使用自有住宅或租期不少于3年的住宅", "Home care point: own residence or a lease of at least 3 years",
			srcHomePoint + " [C] P-jiating (domain-reference §3.5)", "C"},

		{RuleHealthStaff, "保健人员配备：收托150名及以上至少1名专职；不足150名配专职或兼职；每机构至少1名保健员", "Health staff: ≥150 children need ≥1 full-time; fewer need full- or part-time; at least 1 per institution",
			src76 + " 第12条（经" + srcSetup + "适用）[C] GH-TotSafe, P-train; " + src2022 + " [S] P-weisheng2022 (domain-reference §1.3, §12)", "C"},
		{RuleHealthStaffQualification, "保健人员经妇幼保健机构组织的卫生保健培训合格，高中以上学历", "Health staff: trained by a maternal and child health institution; senior high school or above",
			srcSetup + " 第18条 [C] GH-TotSafe, P-lawsummary; 学历要求 " + src2022 + " [S] P-weisheng2022 (domain-reference §1.3)", "C"},
		{RuleCooks, "炊事人员：自行加工膳食的，50名以内婴幼儿配1名，每增加50名增配1名", "Cooks: on-site cooking needs 1 cook for up to 50 children and 1 more for each further 50",
			srcWST821 + " 5 托育队伍（炊事人员）[C] P-821points, P-bole (domain-reference §2.5, §4.2, §12)", "C"},
		{RuleFoodSafetyManager, "外送餐的配备食品安全管理人员", "External catering needs a food-safety manager",
			srcWST821 + " 5 托育队伍（炊事人员）[C] P-821points, P-bole (domain-reference §2.5)", "C"},
		{RuleDirector, "机构负责人：大专以上学历，3年以上儿童保育、教育或卫生健康管理经验，经托育机构负责人岗位培训合格", "Person in charge: junior college or above, ≥3 years' management experience in child care, education or health, post training passed",
			srcSetup + " 第18条 [C] GH-TotSafe, P-lawsummary; " + srcWST821 + " 5.1 [C] P-821news (domain-reference §1.3)", "C"},
		{RuleDirectorTrainingHours, "负责人岗位培训不少于60学时", "Person in charge: post training of at least 60 class hours",
			srcWST821 + " 5.2.1 [S] GH-TotSafe (domain-reference §2.7)", "S"},
		{RuleStaffHealthCheck, "工作人员上岗前健康检查合格，此后每年健康检查，持有效健康合格证明", "Staff: health examination before starting work and every year after, with a valid certificate",
			srcManage + " 第28条; " + src76 + " 第14条; " + srcWST821 + " 5.1.5 [C] GH-TotSafe, P-821news (domain-reference §2.4, §5.2, §12)", "C"},
		{RuleStaffBackground, "工作人员持无犯罪记录证明", "Staff: certificate of no criminal record",
			srcWST821 + " 5.1.6 [C] P-821news, GH-TotSafe; 家庭托育点照护人员 " + srcHomePoint + " [C] P-jiating (domain-reference §2.7)", "C"},
		{RuleSecurityGuard, "保安人员持公安机关颁发的保安员证", "Security guards hold a security-guard licence issued by public security",
			srcSetup + " 第18条 [C] GH-TotSafe, P-lawsummary (domain-reference §1.3)", "C"},
		{RuleStaffCertificates, "工作人员专业资格证明在有效期内", "Staff qualification certificates are within their validity",
			srcFiling + " 第8条 备案材料（工作人员专业资格证明及健康合格证明）[C] P-bhyg (domain-reference §3.2)", "C"},

		{RulePlaces, "在托婴幼儿人数不超过备案托位数", "Enrolled children do not exceed the filed places",
			srcFiling + " 备案书 托位总数 [S] GH-yban (domain-reference §3.3)", "S"},

		{RulePremisesLease, "场地为自有或租期不少于3年", "Premises owned, or leased for at least 3 years",
			srcSetup + " 第11条 [C] GH-TotSafe, P-lawsummary (domain-reference §1.4, §12)", "C"},
		{RulePremisesFloor, "婴幼儿生活用房设在三层及以下", "Children's living rooms on the 3rd storey or below",
			srcWST821 + " 4 办托条件（环境空间）[C] P-821news, P-821points (domain-reference §1.4, §12)", "C"},
		{RulePremisesBasement, "婴幼儿生活用房不得设在地下室或半地下室", "Children's living rooms never in a basement or semi-basement",
			srcWST821 + " 4 办托条件（环境空间）[C] P-821news, P-821points; " + src2022 + " [S] P-weisheng2022 (domain-reference §1.4, §12)", "C"},
		{RulePremisesWindow, "生活用房窗地面积比不低于20%", "Living-room window area at least 20 % of floor area",
			srcWST821 + " 4 办托条件（环境空间）[C] P-821news, P-weisheng2022 (domain-reference §1.4)", "C"},
		{RulePremisesRoomArea, "乳儿班活动区使用面积≥15m²，托小班、托大班活动室使用面积≥35m²", "Activity space: infant class ≥15 m², toddler classes ≥35 m² usable area",
			srcWST821 + " 4 办托条件（环境空间）[S] P-821points (domain-reference §1.4)", "S"},
		{RuleObservationRoom, "保健观察室建筑面积≥6m²，至少1张观察床", "Health observation room ≥6 m² with at least 1 bed",
			src2022 + " [S] P-weisheng2022 (domain-reference §1.4, §3.4)", "S"},
		{RuleCCTV, "视频监控全覆盖婴幼儿生活和活动区域，录像保存不少于90天", "Video surveillance covers all children's areas; recordings kept at least 90 days",
			srcManage + " 第32条; " + srcWST821 + " 9.4.3 [C] GH-TotSafe, P-821news, P-bole (domain-reference §2.6, §12)", "C"},
		{RuleOutdoorTime, "婴幼儿每日户外活动不少于2小时（寄宿制不少于3小时），遇恶劣天气可酌情调整", "Outdoor activity at least 2 hours a day (boarding 3 hours); may be adjusted in bad weather",
			srcManage + " 第18条 [C] GH-TotSafe; 寄宿制 " + src2012 + " [C] P-2012news (domain-reference §2.3, §12)", "C"},
		{RuleChildReexam, "离园（所）3个月及以上的婴幼儿返回时须重新健康检查", "A child away for 3 months or more is re-examined before returning",
			srcManage + " 第11条; " + src76 + " 第18条 [C] GH-TotSafe, P-2012news (domain-reference §2.2, §5.2, §12)", "C"},
		{RuleChildPeriodicExam, "定期健康检查：1—3岁每年2次（间隔6个月），3岁以上每年1次；1岁以下按0—6岁儿童健康管理（3、6、8、12月龄）", "Periodic exams: 1–3 years twice a year (6 months apart), 3 years and over yearly; under 1 at 3, 6, 8 and 12 months",
			src2012 + " [C] P-szft, P-kg-exam; 1岁以下 国家基本公共卫生服务规范 [C] P-yanliang (domain-reference §5.2, §12)", "C"},
		{RuleChildHaemoglobin, "血红蛋白或血常规每年检查1次", "Haemoglobin or blood routine once a year",
			src2012 + " [C] P-szft (domain-reference §5.2, §12)", "C"},
		{RuleVaccinationCheck, "新入托、转入、插班儿童入托后30日内完成预防接种证查验", "Vaccination certificate checked within 30 days of a child joining",
			srcCheck + " [C] P-chayan, GH-playbook (domain-reference §6.5, §12)", "C"},
		{RuleVaccinationRecheck, "需补种的儿童当年12月31日前完成复验", "Children referred for catch-up are re-checked by 31 December of that year",
			srcCheck + " [C] P-chayan, GH-playbook (domain-reference §6.5, §12)", "C"},
		{RuleFilingReceipt, "卫生健康部门收到备案材料后5个工作日内备案并出具备案回执", "Filing authority files and issues a receipt within 5 working days",
			srcFiling + " [C] P-xp269, GH-TotSafe (domain-reference §3.2, §12)", "C"},
		{RuleFilingNotice, "不符合要求的，15个工作日内告知备案人", "Non-compliant filings: the filer is told within 15 working days",
			srcFiling + " [C] P-xp269, GH-TotSafe (domain-reference §3.2, §12)", "C"},
		{RuleQualityAssessment, "托育机构质量评估：7个维度，满分1000分", "Quality assessment: 7 dimensions, 1,000 points",
			srcWST821 + "（国卫通〔2023〕13号，2024-04-01起实施）[C] P-821news, NHC-821; 分值 [S] GH-TotSafe (domain-reference §4.1)", "S"},
		{RuleQualityVeto, "基本指标一票否决", "Veto indicators",
			srcWST821 + " [S] GH-TotSafe; 清单 [U] (domain-reference §4.1, §14)", "U"},
		{RuleQualityGradeCutoffs, "评估等级A/B/C/D分数线", "Grade cut-offs A/B/C/D",
			srcWST821 + " 等级 [S] GH-TotSafe; 分数线 [U] (domain-reference §4.1, §14)", "U"},
	}
}

// RuleByID returns the rule with the given ID.
func RuleByID(id string) (Rule, bool) {
	for _, r := range Rules() {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}
