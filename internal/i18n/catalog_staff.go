package i18n

func init() {
	add(map[string]entry{
		// Staff posts (岗位).
		"post.director":  {"负责人", "Person in charge"},
		"post.caregiver": {"保育员", "Caregiver"},
		"post.health":    {"保健员", "Health staff"},
		"post.security":  {"保安", "Security guard"},
		"post.cook":      {"炊事员", "Cook"},
		"post.teacher":   {"教师", "Teacher"},
		"post.other":     {"其他岗位", "Other post"},

		// Certificate kinds.
		"cert.health":                  {"健康合格证明", "Health certificate"},
		"cert.no_criminal_record":      {"无犯罪记录证明", "Certificate of no criminal record"},
		"cert.director_training":       {"负责人岗位培训合格证明", "Person-in-charge training certificate"},
		"cert.health_staff_training":   {"卫生保健培训合格证明", "Health-care training certificate"},
		"cert.security_guard":          {"保安员证", "Security-guard licence"},
		"cert.caregiver_qualification": {"保育职业资格证书", "Caregiver qualification"},
		"cert.teacher_qualification":   {"教师资格证", "Teacher qualification"},
		"cert.training":                {"培训记录", "Training record"},
		"cert.other":                   {"其他证书", "Other certificate"},

		// Education levels.
		"edu.junior_high":    {"初中及以下", "Junior high or below"},
		"edu.senior_high":    {"高中（中专）", "Senior high"},
		"edu.junior_college": {"大专", "Junior college"},
		"edu.bachelor":       {"本科", "Bachelor"},
		"edu.postgraduate":   {"研究生", "Postgraduate"},

		// Staff fields.
		"staff.field.id_number":        {"身份证件号码", "ID number"},
		"staff.field.id_masked":        {"身份证件号码", "ID number"},
		"staff.field.post":             {"岗位", "Post"},
		"staff.field.education":        {"学历", "Education"},
		"staff.field.management_years": {"相关管理经验（年）", "Management experience (years)"},
		"staff.field.full_time":        {"专职", "Full time"},
		"staff.field.start_date":       {"入职日期", "Start date"},
		"staff.field.end_date":         {"离职日期", "End date"},
		"staff.field.training_hours":   {"培训学时", "Training hours"},
		"staff.field.certificates":     {"证书", "Certificates"},
		"staff.field.issued_on":        {"发证日期", "Issued on"},
		"staff.field.expires_on":       {"有效期至", "Expires on"},
		"staff.field.hours":            {"学时", "Hours"},
		"staff.field.number":           {"证书编号", "Number"},
		"staff.field.within":           {"天数", "Days"},
		"staff.field.lift_reason":      {"解除理由", "Reason for lifting"},

		// Refusals.
		"employed_elsewhere":      {"该人员正在其他机构任职，须先在原机构办理离职", "is employed by another institution; that employment must end first"},
		"already_employed":        {"该人员已在本机构任职", "is already employed here"},
		"blacklisted":             {"该人员在终身禁入名单中，不得聘用", "is on the lifetime ban list and may not be hired"},
		"already_blacklisted":     {"该人员已在禁入名单中", "is already on the blacklist"},
		"before_employment_start": {"早于入职日期", "is before the start date"},
		"error.blacklisted":       {"该人员在托育从业人员终身禁入名单中，不得聘用。此次聘用尝试已记录。", "This person is on the lifetime ban list for child-care work and may not be hired. The attempt has been recorded."},

		// Blacklist, compliance, home pages.
		"blacklist.title":                       {"终身禁入名单", "Lifetime ban list"},
		"blacklist.active":                      {"生效中", "Active"},
		"blacklist.lifted":                      {"已解除", "Lifted"},
		"blacklist.refused_hires":               {"被拒绝的禁入人员聘用", "Refused hires of banned persons"},
		"staff.title":                           {"工作人员", "Staff"},
		"staff.expiring":                        {"即将到期或已过期的证书", "Certificates expiring or expired"},
		"staff.expired":                         {"已过期", "Expired"},
		"staff.days_left":                       {"剩余%d天", "%d days left"},
		"compliance.title":                      {"合规检查", "Compliance"},
		"compliance.ranking":                    {"机构合规排名", "Institutions ranked by findings"},
		"compliance.violations":                 {"违规", "Violations"},
		"compliance.warnings":                   {"预警", "Warnings"},
		"compliance.none":                       {"未发现问题", "No findings"},
		"severity.violation":                    {"违规", "Violation"},
		"severity.warning":                      {"预警", "Warning"},
		"compliance.field.rule":                 {"规则", "Rule"},
		"compliance.field.severity":             {"严重程度", "Severity"},
		"compliance.field.subject":              {"对象", "Subject"},
		"compliance.field.source":               {"依据", "Source"},
		"entity.staff":                          {"工作人员", "Staff member"},
		"entity.blacklist":                      {"禁入名单", "Blacklist entry"},
		"action.staff.hire":                     {"聘用工作人员", "Hired a staff member"},
		"action.staff.leave":                    {"工作人员离职", "Ended an employment"},
		"action.staff.certificate_add":          {"添加证书", "Added a certificate"},
		"action.staff.hire_refused_blacklisted": {"拒绝聘用禁入人员", "Refused to hire a banned person"},
		"action.blacklist.add":                  {"列入禁入名单", "Added to the blacklist"},
		"action.blacklist.lift":                 {"解除禁入", "Lifted a ban"},
	})
}
