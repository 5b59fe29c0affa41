package rules

import "testing"

func BenchmarkCheckInstitution(b *testing.B) {
	s := National()
	in := compliantCentre()
	in.Classes[0].Caregivers = 2 // one finding, so sources are built too
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.CheckInstitution(in, testAsOf); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRatioStatus(b *testing.B) {
	s := National()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := s.RatioStatus("托小班", 9, 2); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkScore(b *testing.B) {
	tpl, _ := DefaultTemplate()
	ans := answersTotalling(tpl, 820)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Score(tpl, ans); err != nil {
			b.Fatal(err)
		}
	}
}
