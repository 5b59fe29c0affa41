// Package rules holds the national standards that a 托育 institution is held
// to, as data and checks:
//
//   - 托育机构设置标准（试行）and 托育机构管理规范（试行）(国卫人口发〔2019〕58号):
//     class types, class sizes, age bands, caregiver ratios, staff, premises;
//   - 托儿所幼儿园卫生保健管理办法 (76号令) and the 2012 卫生保健工作规范, applied
//     by reference: health staff, staff and child health examinations;
//   - 家庭托育点管理办法（试行）(2023): home care points;
//   - WS/T 821—2023 托育机构质量评估标准: staff and premises figures, and the
//     1,000-point quality assessment template.
//
// Every rule has an ID and a source (see Rules). A Standard holds the figures;
// National returns the national floors, and Standard.Tighten applies a city's
// and then a county's stricter rules, refusing any that would loosen a floor.
// Checks return Findings that name the rule and its source, national and
// local. Figures the reference marks as unconfirmed ([U]) are Settings.
//
// The package is pure: dates are parameters (calendar dates, read with
// time.Time.Date in the caller's location, normally Asia/Shanghai), and
// nothing is read from disk, network or clock.
package rules
