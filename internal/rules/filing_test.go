package rules

import "testing"

// Receipt within 5 working days, non-compliance notice within 15 (备案办法;
// docs/domain-reference.md §3.2, §12).
func TestCheckFilingHandling(t *testing.T) {
	s := National()
	for _, tc := range []struct {
		outcome string
		days    int
		rule    string
	}{
		{FilingFiled, 5, ""}, {FilingFiled, 6, RuleFilingReceipt},
		{FilingReturned, 15, ""}, {FilingReturned, 16, RuleFilingNotice},
	} {
		fs, err := s.CheckFilingHandling(FilingHandling{Subject: "f1", Outcome: tc.outcome, WorkingDaysTaken: tc.days})
		if err != nil {
			t.Fatal(err)
		}
		if tc.rule == "" && len(fs) != 0 || tc.rule != "" && (len(fs) != 1 || fs[0].RuleID != tc.rule) {
			t.Errorf("%s in %d days: %v", tc.outcome, tc.days, fs)
		}
	}
	_, err := s.CheckFilingHandling(FilingHandling{Outcome: "lost"})
	wantField(t, err, "outcome", ErrUnknownOutcome)
	_, err = s.CheckFilingHandling(FilingHandling{Outcome: FilingFiled, WorkingDaysTaken: -1})
	wantField(t, err, "working_days_taken", ErrNegative)
}
