// Package nip is the children's schedule of the National Immunization Programme
// (国家免疫规划疫苗儿童免疫程序). Given a birth date, an "as of" date and the doses on the
// vaccination certificate, [Check] lists every dose of the schedule with its earliest
// date, its "complete before" date and a status (done, due, overdue, upcoming), and
// answers the admission check (入托查验): complete, or the list of catch-up doses.
//
// The schedule editions are data: editions/*.json, embedded in the binary, each dose
// with its source in docs/domain-reference.md §6 (see editions/README.md).
//
// # Which edition applies
//
// The edition in force on the as-of date governs every dose not yet given; a dose
// already given is kept as it was given. This follows §6.3 (general principles: late
// doses are caught up, never restarted) and §6.1 (the DTaP change is in force from
// 2025-01-01 and moves DTaP to 2, 4, 6 and 18 months and 6 years): a child born in
// 2024 who had DTaP 1 and 2 at 3 and 4 months under the 2021 edition keeps them and
// gets dose 3 at 6 months and dose 5 at 6 years under the new schedule. The birth
// date does not pick the edition, because an edition applies to every child still
// being vaccinated from its effective date. Editions before 2021 are not modelled: the
// 2021 edition also serves as-of dates before it.
//
// A dose already given is shown with the earliest and complete-before dates of the
// edition in force on the day it was given (so DTaP 3 given at 5 months in 2024 is
// not shown as given before its earliest date). Across the DTaP change, the 6-year DT
// dose of the 2021 edition and DTaP dose 5 count for each other (§6.1: the 6-year DT
// dose is replaced by DTaP).
//
// # Dates
//
// Ages and intervals in months are calendar months from the birth date (or from the
// previous dose), clamped to the end of a shorter month: born 2024-01-31, one month
// is 2024-02-29, three months is 2024-04-30. Years are 12 months. Days are days.
//
// "Complete before" (推荐年龄前完成, §6.3) is exclusive: "< 12 months" means the dose
// is given while the child is under 12 months, so CompleteBefore is the date the child
// turns 12 months and the last day on time is the day before it. A dose is overdue
// from the CompleteBefore date on. The HepB birth dose ("within 24 h of birth") is
// complete before birth date + 2 days: with calendar dates and no birth time, a dose
// on the day after the birth date may still be within 24 hours. Doses for which §6.3
// gives no age (HepB 2, IPV 1-2, DTaP 1-2, JE-I 2, HPV 2) have no CompleteBefore and
// are never overdue by themselves.
//
// # Statuses
//
// done: a recorded dose fills it. Otherwise overdue when the as-of date is on or after
// CompleteBefore; due when the earliest date is on or before the as-of date; upcoming
// otherwise. The earliest date of a dose not given is the latest of: birth + minimum
// age (§6.2: table ages are minimum ages); the previous dose of the series + the
// minimum interval (§6.3), where a previous dose not yet given is assumed given on its
// own earliest date but not before the as-of date; and, for live injectable vaccines,
// 28 days after another live injectable vaccine given on a different day (§6.3). So a
// dose whose interval after the previous dose has not elapsed is upcoming, not due.
// Where §6.3 gives no interval between two doses of a series the interval is
// Settings.UnstatedIntervalDays (default 28 days, the interval §6.3 gives for
// multi-dose primary series) — an assumption, hence a setting.
//
// BCG is not listed once the child is 4 years old without it (§6.3: ≥ 4 years no
// catch-up). HPV (girls) is listed when the child is a girl, or, when the sex is not
// given, when an HPV dose is recorded.
//
// # Alternatives
//
// JE-L or JE-I, HepA-L or HepA-I: the live vaccine is the default. When the child has
// a record of the inactivated vaccine and none of the live one, the inactivated
// series applies: its doses that match a live dose count towards it (JE-I 1 → JE-L 1,
// JE-I 3 → JE-L 2, HepA-I 1 → HepA-L 1, after the pairings in §6.3) and are reported
// with GivenAs; its other doses (JE-I 2, JE-I 4, HepA-I 2) are listed under their
// own code. Polio is one series of four doses (IPV 1-2, bOPV 3-4, §6.2): a polio dose
// of the same number given as the other polio vaccine counts (§6.2 caveats; §6.4).
//
// # Admission check
//
// Complete means every listed dose whose minimum age (birth + minimum age) is on or
// before the as-of date is done; CatchUp lists those that are not, whatever their
// status (a dose held back by an interval is still missing). Doses of later ages, for
// example those at 4 or 6 years for a child under 3, are upcoming and not missing
// (§2.2: age-appropriate vaccinations; §6.5). The engine does not judge whether a
// recorded dose was valid (given too early or too close to another): the vaccination
// unit's record on the certificate is taken as it is, and records that fill no dose of
// the schedule (a private vaccine, an extra dose) are ignored. Special groups (preterm,
// HIV-exposed, HBsAg-positive mothers, low birth weight) are not modelled.
package nip
