package i18n

// supervisionWeb holds the strings of the supervision pages
// (internal/web/supervision_*.go) and of the registration batch import;
// catalog_supervision_cases.go adds it. Keys start with "sv.".
var supervisionWeb = map[string]entry{
	"sv.nav.registrations": {"登记推送", "Registrations"},
	"sv.nav.inspections":   {"监督检查", "Inspections"},
	"sv.nav.orders":        {"整改通知", "Rectification orders"},
	"sv.export":            {"导出 Excel", "Export to Excel"},

	"sv.registrations.title":         {"登记推送与备案期限", "Registrations and filing deadlines"},
	"sv.registrations.none":          {"没有符合条件的登记信息。", "No registrations match."},
	"sv.registration.new":            {"录入登记信息", "Record a registration"},
	"sv.registration.record":         {"保存登记信息", "Record"},
	"sv.registration.hint":           {"登记机关推送的托育机构登记信息。按统一社会信用代码匹配已有机构，没有的在机构库中新建为未备案。推送应在登记后 7 个工作日内，备案应在登记后 10 个工作日内。", "A registration pushed by the registration authority. It is matched to an institution by credit code, or creates one, unfiled. The push is due within 7 working days of registration, the filing within 10."},
	"flash.sv_registration_recorded": {"登记信息已保存。", "The registration is recorded."},

	"sv.import.title":    {"批量导入登记信息", "Import registrations"},
	"sv.import.sheet":    {"登记信息", "Registrations"},
	"sv.import.template": {"下载导入模板", "Download the template"},
	"sv.import.hint":     {"上传 Excel（.xlsx）或 CSV 文件，不超过 5 MB。建议先预览：系统按行、按列列出全部问题；正式导入时有任何错误则全部不写入。", "Upload an Excel (.xlsx) or CSV file, up to 5 MB. Preview first: every problem is listed by row and column; an import with any error writes nothing."},

	"sv.col.credit_code":   {"统一社会信用代码", "Credit code"},
	"sv.col.name":          {"机构名称", "Name"},
	"sv.col.nature":        {"机构性质", "Nature"},
	"sv.col.registered_on": {"登记日期", "Registered on"},
	"sv.col.authority":     {"登记机关类别", "Registration authority"},
	"sv.col.address":       {"地址", "Address"},
	"sv.col.township_code": {"乡镇（街道）代码", "Township code"},

	"sv.x.pushed_on":          {"推送日期", "Pushed on"},
	"sv.x.push_late":          {"推送超期", "Pushed late"},
	"sv.x.filing_due":         {"备案期限", "Filing due"},
	"sv.x.institution_status": {"机构状态", "Institution status"},
	"sv.x.overdue":            {"逾期未备案", "Overdue"},
	"sv.x.matched":            {"已匹配机构库", "Matched"},
	"sv.x.escalated":          {"已上报市级", "Escalated to the city"},

	"sv.authority.establishment": {"机构编制部门", "Establishment office"},
	"sv.authority.civil_affairs": {"民政部门", "Civil affairs"},
	"sv.authority.market":        {"市场监管部门", "Market regulation"},
	"sv.authority.approval":      {"行政审批部门", "Administrative approval"},

	"sv.f.q":             {"名称或信用代码", "Name or credit code"},
	"sv.f.overdue":       {"只看逾期未备案", "Overdue only"},
	"sv.f.credit_code":   {"统一社会信用代码", "Credit code"},
	"sv.f.name":          {"名称", "Name"},
	"sv.f.nature":        {"机构性质", "Nature"},
	"sv.f.registered_on": {"登记日期", "Registered on"},
	"sv.f.authority":     {"登记机关类别", "Registration authority"},
	"sv.f.address":       {"地址", "Address"},
	"sv.f.township_code": {"乡镇（街道）", "Township"},
	"sv.f.file":          {"文件", "File"},
	"sv.f.dry_run":       {"只预览，不写入", "Preview only, write nothing"},
	"sv.f.item":          {"检查项 %s", "Item %s"},

	"sv.reason.bad_credit_code":      {"统一社会信用代码不正确", "is not a valid credit code"},
	"sv.reason.nature_mismatch":      {"与信用代码的登记类型不符", "does not fit the credit code"},
	"sv.reason.registered_elsewhere": {"该机构已在其他县（区）登记", "is registered in another county"},
	"sv.reason.taken":                {"该登记信息已录入", "is already recorded"},

	"sv.home.registrations_overdue": {"登记后逾期未备案", "Registered, not filed in time"},
	"sv.home.orders_overdue":        {"逾期未整改", "Orders overdue"},
	"sv.home.complaints_overdue":    {"逾期未办结投诉", "Complaints overdue"},
	"sv.home.filing_due":            {"备案期限 %s", "filing due %s"},
	"sv.home.order_due":             {"整改期限 %s", "due %s"},
	"sv.home.answer_due":            {"答复期限 %s", "answer due %s"},
	"sv.home.all":                   {"查看全部", "See all"},
}
