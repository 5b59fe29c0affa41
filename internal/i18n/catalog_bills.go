package i18n

func init() {
	add(map[string]entry{
		// Fee units.
		"fee.unit.monthly": {"按月", "Monthly"},
		"fee.unit.daily":   {"按天", "Daily"},
		"fee.unit.hourly":  {"按小时", "Hourly"},

		// Bill states.
		"bill.status.issued":    {"待缴费", "Issued"},
		"bill.status.part_paid": {"部分缴费", "Part paid"},
		"bill.status.paid":      {"已缴清", "Paid"},
		"bill.status.waived":    {"已减免", "Waived"},

		// Payment methods (recorded by hand).
		"payment.method.cash":          {"现金", "Cash"},
		"payment.method.bank_transfer": {"银行转账", "Bank transfer"},
		"payment.method.wechat":        {"微信", "WeChat"},
		"payment.method.alipay":        {"支付宝", "Alipay"},
		"payment.method.other":         {"其他方式", "Other"},

		// Billing rules named on bill lines.
		"bill.rule.monthly_fee":              {"月托费", "Monthly fee"},
		"bill.rule.prorated_enrolment":       {"按在托工作日折算", "Pro-rated by working days enrolled"},
		"bill.rule.daily_attendance":         {"按出勤天数计费", "Per day attended"},
		"bill.rule.hourly_attendance":        {"按记录时长计费", "By the hours recorded"},
		"bill.rule.hourly_missing_check_out": {"缺离园记录未计费", "Not billed: no check-out"},
		"bill.rule.meal_fee_expected_days":   {"伙食费（应到工作日）", "Meal fee (working days expected)"},
		"bill.rule.meal_fee_attended_days":   {"伙食费（出勤天数）", "Meal fee (days attended)"},
		"bill.rule.meal_refund_absence":      {"缺勤退伙食费", "Meal fee refunded for absence"},
		"bill.rule.enrolment_agreed_fee":     {"入托约定收费", "Fee agreed at enrolment"},
		"bill.rule.puhui_price_cap":          {"普惠限价", "Puhui price cap"},

		// Bill line descriptions (the rule stated with its figures).
		"bill.line.monthly_full":     {"%s月托费（%s 整月在托，%d 个工作日）", "%s monthly fee (enrolled the whole of %s, %d working days)"},
		"bill.line.monthly_prorated": {"%s月托费，按在托工作日折算：%d/%d 个工作日（%s 至 %s）", "%s monthly fee pro-rated by working days enrolled: %d of %d (%s to %s)"},
		"bill.line.daily":            {"%s按出勤天数计费：%d 天", "%s billed per day attended: %d days"},
		"bill.line.hourly":           {"%s按记录时长计费：%s 小时（每天离园减入园时间，按 %d 分钟向上取整；共 %d 天）", "%s billed by the time recorded: %s hours (check-out minus check-in each day, rounded up to %d minutes; %d days)"},
		"bill.line.hourly_missing":   {"%d 天只有入园、没有离园记录，未计费：%s", "%d days with a check-in but no check-out, not billed: %s"},
		"bill.line.meal_expected":    {"伙食费：应到 %d 个工作日", "Meal fee: %d working days expected"},
		"bill.line.meal_attended":    {"伙食费：出勤 %d 天", "Meal fee: %d days attended"},
		"bill.line.meal_refund":      {"缺勤退伙食费：%d 个应到未到的工作日（%s）", "Meal fee refunded for %d working days absent (%s)"},
		"bill.line.agreed":           {"；按入托约定 %s 元（收费标准 %s 元）", "; at the fee agreed at enrolment, %s yuan (schedule %s yuan)"},
		"bill.line.capped":           {"；普惠限价 %s 元（%s，%s 起执行）", "; puhui price cap %s yuan (%s, from %s)"},

		// Generation outcomes.
		"bill.skip.status":           {"账单已缴费或已减免，未重新生成", "The bill is paid, part paid or waived: not regenerated"},
		"bill.skip.payment":          {"账单已有缴费记录，未重新生成", "The bill has a payment: not regenerated"},
		"bill.skip.no_fee_schedule":  {"该服务形式没有生效的收费标准", "No fee schedule in force for the care type"},
		"bill.skip.nothing_to_bill":  {"本月无应收费用", "Nothing to bill this month"},
		"bill.skip.billed_elsewhere": {"本月已在其他机构出账", "Billed by another institution this month"},

		// Reasons of the billing checks.
		"bill_above_price_cap":        {"超过本县（区）普惠托育限价", "Above the county's puhui price cap"},
		"bill_cap_other_unit":         {"普惠收费须按限价的计费单位定价", "A puhui fee must be set in the unit of the price cap"},
		"bill_unit_not_for_care_type": {"该服务形式不能使用此计费单位", "This unit is not allowed for the care type"},
		"bill_exceeds_outstanding":    {"超过未缴金额", "More than is outstanding"},
		"bill_amount_not_positive":    {"金额须大于零", "The amount must be more than zero"},
		"bill_bad_amount":             {"金额格式应为元，最多两位小数", "An amount is in yuan with at most two decimals"},
		"bill_bad_month":              {"月份格式应为 YYYY-MM", "A month is written YYYY-MM"},
		"bill_not_a_county":           {"限价按县（区）设定", "Price caps are set per county"},
		"bill_rounding_not_allowed":   {"取整单位须为 1、5、10、15、30 或 60 分钟", "Rounding is 1, 5, 10, 15, 30 or 60 minutes"},
	})
}
