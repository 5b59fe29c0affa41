// Package growth assesses the growth of children under five: WHO Child Growth Standards z-scores
// and percentiles for nine indicators, WHO biologically-implausible-value flags, the WHO
// classification (stunting, underweight, wasting, overweight, obesity), and the Chinese standard
// WS/T 423—2022 (growth level and nutritional status from its SD tables). It also draws growth
// charts as SVG.
//
// The package is pure: no I/O, no clock, no global mutable state. The reference tables are embedded
// (see tables/README.md for their sources) and parsed once at start-up into slices indexed by day or
// by 0.1 cm, so a z-score costs a table lookup and one or two math.Pow calls, with no allocation.
//
// Rules and their sources (WHO rules as implemented by WHO's own software, the R package anthro and
// the igrowup macros; summarised in shared/data/who-growth/README.md):
//
//   - Age is a whole number of days (date of measurement minus date of birth). Age-based tables are
//     looked up at that exact day, without interpolation.
//   - z = ((y/M)^L − 1)/(L·S). For weight-for-age, weight-for-length, weight-for-height, BMI-for-age,
//     arm circumference, triceps and subscapular skinfold (the indicators whose L is not 1) WHO's
//     restricted rule applies beyond ±3 SD: z = ±3 + (y − SD±3)/(SD3 − SD2 distance). Length/height-
//     for-age and head circumference-for-age use the plain formula at any z.
//   - Under 731 days a child is measured lying (length), from 731 days standing (height); a
//     measurement in the other position is corrected by 0.7 cm (Config.PositionAdjustmentCM).
//     Weight-for-length is used under 731 days, weight-for-height from 731 days; lengths between the
//     0.1 cm rows are interpolated linearly in L, M and S (as anthro does).
//   - Flags: |z| beyond WHO's cut-offs (Config.Flags); the z-score is still reported.
//   - WS/T 423—2022: the value is compared with the SD columns of Appendix B, interpolated linearly
//     between rows (a project choice; the standard is silent). See wst423.go.
package growth
