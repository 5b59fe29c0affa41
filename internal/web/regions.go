package web

import (
	"context"
	"strings"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

// regionNames looks up division names for one page, asking the service
// once per code.
type regionNames struct {
	wb    *Web
	ctx   context.Context
	names map[string]string
}

func (wb *Web) names(ctx context.Context) *regionNames {
	return &regionNames{wb: wb, ctx: ctx, names: map[string]string{}}
}

// Name returns a division's name, or its code when it is unknown.
func (n *regionNames) Name(code string) string {
	if code == "" {
		return ""
	}
	if v, ok := n.names[code]; ok {
		return v
	}
	v := code
	if r, err := n.wb.svc.Region(n.ctx, code); err == nil {
		v = r.Name
	}
	n.names[code] = v
	return v
}

// isCounty reports whether a six-digit code is a county-level division
// (not a city or province, whose codes end in 00).
func isCounty(code string) bool {
	lo, hi, ok := authz.RegionRange(code)
	return ok && lo == hi
}

// regionOptions lists the children of a division as choices.
func (wb *Web) regionOptions(ctx context.Context, parent string) ([]Option, error) {
	if parent == "" {
		return nil, nil
	}
	rs, err := wb.svc.Regions(ctx, parent)
	if err != nil {
		return nil, err
	}
	out := make([]Option, len(rs))
	for i, r := range rs {
		out[i] = Option{Value: r.Code, Label: r.Name}
	}
	return out, nil
}

// townshipGroups lists the townships of every county under a division,
// grouped by county, for forms that do not know the county yet.
func (wb *Web) townshipGroups(ctx context.Context, parent string) ([]OptGroup, error) {
	if isCounty(parent) {
		opts, err := wb.regionOptions(ctx, parent)
		if err != nil {
			return nil, err
		}
		r, err := wb.svc.Region(ctx, parent)
		if err != nil {
			return nil, err
		}
		return []OptGroup{{Label: r.Name, Options: opts}}, nil
	}
	counties, err := wb.svc.Regions(ctx, parent)
	if err != nil {
		return nil, err
	}
	out := make([]OptGroup, 0, len(counties))
	for _, c := range counties {
		opts, err := wb.regionOptions(ctx, c.Code)
		if err != nil {
			return nil, err
		}
		out = append(out, OptGroup{Label: c.Name, Options: opts})
	}
	return out, nil
}

// filterRegions gives the county and township choices of a list filter:
// the reader's own county's townships, or the counties under their city
// (and the townships of the county chosen). base is the division the
// reader oversees.
func (wb *Web) filterRegions(ctx context.Context, base, county string) (counties, townships []Option, err error) {
	if base == "" {
		return nil, nil, nil
	}
	if len(base) == 9 {
		return nil, nil, nil
	}
	if isCounty(base) {
		townships, err = wb.regionOptions(ctx, base)
		return nil, townships, err
	}
	counties, err = wb.regionOptions(ctx, base)
	if err != nil {
		return nil, nil, err
	}
	for _, c := range counties {
		if c.Value == county {
			townships, err = wb.regionOptions(ctx, county)
			break
		}
	}
	return counties, townships, err
}

// baseRegion is the division whose parts a reader filters by: their own
// region, or the deployment's for readers without one.
func (wb *Web) baseRegion(a authz.Actor) string {
	if a.Scope().Kind() == domain.ScopeRegion && a.RegionCode != "" {
		return a.RegionCode
	}
	if a.Scope().Kind() == domain.ScopeInstitution {
		return ""
	}
	return wb.DeploymentRegion
}

// regionFilter turns the county and township choices into one filter code.
func regionFilter(county, township string) string {
	if t := strings.TrimSpace(township); t != "" {
		return t
	}
	return strings.TrimSpace(county)
}
