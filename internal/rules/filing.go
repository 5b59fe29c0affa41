package rules

import "fmt"

// Filing outcomes.
const (
	FilingFiled    = "filed"    // filed, receipt issued
	FilingReturned = "returned" // not compliant, filer told
)

// FilingHandling is how long the filing authority took over one filing, in
// working days from receipt of the materials (count them with the workday
// package, which knows the official holidays).
type FilingHandling struct {
	Subject          string
	Outcome          string
	WorkingDaysTaken int
}

// CheckFilingHandling checks the authority's handling time: a receipt within
// Filing.ReceiptWorkingDays, a notice of non-compliance within
// Filing.NoticeWorkingDays.
func (s Standard) CheckFilingHandling(h FilingHandling) ([]Finding, error) {
	if err := s.Validate(); err != nil {
		return nil, err
	}
	if h.WorkingDaysTaken < 0 {
		return nil, fieldErr("working_days_taken", ErrNegative)
	}
	f := findings{s: s}
	switch h.Outcome {
	case FilingFiled:
		if limit := s.Filing.ReceiptWorkingDays; h.WorkingDaysTaken > limit {
			f.add(RuleFilingReceipt, Violation, h.Subject,
				fmt.Sprintf("备案用时%d个工作日，超过%d个工作日", h.WorkingDaysTaken, limit),
				fmt.Sprintf("filing took %d working days, more than %d", h.WorkingDaysTaken, limit))
		}
	case FilingReturned:
		if limit := s.Filing.NoticeWorkingDays; h.WorkingDaysTaken > limit {
			f.add(RuleFilingNotice, Violation, h.Subject,
				fmt.Sprintf("不予备案告知用时%d个工作日，超过%d个工作日", h.WorkingDaysTaken, limit),
				fmt.Sprintf("notice of non-compliance took %d working days, more than %d", h.WorkingDaysTaken, limit))
		}
	case "":
		return nil, fieldErr("outcome", ErrRequired)
	default:
		return nil, fieldErr("outcome", ErrUnknownOutcome)
	}
	return f.out, nil
}
