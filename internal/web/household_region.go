package web

import (
	"context"

	"tuoyu/internal/i18n"
)

// householdGroups are the choices of a child's household region, by name:
// the counties of the deployment's province grouped by city, then the
// other provinces as a whole; a value outside these (a county elsewhere)
// is offered too, by its name, so an existing record keeps it.
func (wb *Web) householdGroups(ctx context.Context, lang, current string) ([]OptGroup, error) {
	base := wb.DeploymentRegion
	if len(base) < 2 {
		base = DefaultDeploymentRegion
	}
	province := base[:2] + "0000"
	cities, err := wb.svc.Regions(ctx, province)
	if err != nil {
		return nil, err
	}
	known := map[string]bool{}
	var out []OptGroup
	for _, c := range cities {
		opts, err := wb.regionOptions(ctx, c.Code)
		if err != nil {
			return nil, err
		}
		for _, o := range opts {
			known[o.Value] = true
		}
		out = append(out, OptGroup{Label: c.Name, Options: opts})
	}
	provinces, err := wb.svc.Regions(ctx, "")
	if err != nil {
		return nil, err
	}
	var others []Option
	for _, p := range provinces {
		if p.Code != province {
			others = append(others, Option{Value: p.Code, Label: p.Name})
			known[p.Code] = true
		}
	}
	out = append(out, OptGroup{Label: i18n.T(lang, "ops.household.other_provinces"), Options: others})
	if current != "" && !known[current] {
		name := wb.names(ctx).Name(current)
		out = append([]OptGroup{{Label: i18n.T(lang, "ops.household.current"), Options: []Option{{Value: current, Label: name}}}}, out...)
	}
	return out, nil
}
