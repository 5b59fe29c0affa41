package web

import (
	"testing"

	"tuoyu/internal/domain"
	"tuoyu/internal/service"
)

// TestOpsDynamicKeysInCatalog covers the keys the operations pages build
// at run time from domain values, and the labels of every form field.
func TestOpsDynamicKeysInCatalog(t *testing.T) {
	prefixed := map[string][]string{
		"daily.status.":   domain.AttendanceStates,
		"daily.absent.":   domain.AbsentReasons,
		"daily.item.":     domain.CheckItems,
		"daily.action.":   domain.CheckActions,
		"daily.check.":    domain.CheckKinds,
		"daily.care.":     domain.CareKinds,
		"daily.meal.":     domain.Meals,
		"daily.amount.":   domain.MealAmounts,
		"daily.toilet.":   domain.ToiletTypes,
		"daily.mood.":     domain.Moods,
		"daily.ratio.":    {"green", "amber", "red"},
		"class_type.":     domain.ClassTypes,
		"sex.":            domain.Sexes,
		"relation.":       domain.Relations,
		"consent.":        domain.ConsentPurposes,
		"cert_type.":      opsCertTypes,
		"post.":           domain.Posts,
		"edu.":            domain.EducationLevels,
		"cert.":           domain.CertKinds,
		"fee.unit.":       domain.FeeUnits,
		"bill.status.":    domain.BillStatuses,
		"payment.method.": domain.PaymentMethods,
		"severity.":       {"violation", "warning"},
		"bill.skip.":      {service.SkipStatus, service.SkipPayment, service.SkipNoFeeSchedule, service.SkipNothingToBill, service.SkipBilledElsewhere},
		"ops.tab.":        {"overview", "attendance", "classes", "children", "staff", "compliance", "bills", "fees"},
	}
	for prefix, values := range prefixed {
		for _, v := range values {
			checkKey(t, "ops dynamic", prefix+v)
		}
	}
	var fields []string
	for _, o := range []interface{ FieldOrder() []string }{classFormData{}, enrolFormData{}, childData{}, staffFormData{}, staffData{},
		feeData{}, billListData{}, billData{}, blacklistData{}, myChildrenData{}, myConsentsData{}, checksData{}, careLogData{}, importData{}} {
		fields = append(fields, o.FieldOrder()...)
	}
	fields = append(fields, "check_in", "check_out", "picked_up_by", "absent_reason", "symptoms", "note", "staff_id", "q", "status",
		"class_id", "post", "include_ended", "state", "month", "code", "purpose", "publish", "dry_run", "roster", "file")
	for _, f := range fields {
		for _, lang := range []string{"zh", "en"} {
			if l := opsLabel(lang, f); l == f {
				t.Errorf("field %q has no label in %s", f, lang)
			}
		}
	}
}
