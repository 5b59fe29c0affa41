package demo

import (
	"context"
	"fmt"
	"time"

	"tuoyu/internal/billing"
	"tuoyu/internal/domain"
	"tuoyu/internal/service"
)

// demoCaps are the 普惠 price caps each county's regulator sets, in yuan:
// higher in the two urban districts. An institution with 普惠 places
// prices each care type at most at its county's cap (createFees).
var demoCaps = []struct {
	care, unit    string
	urban, county int
}{
	{domain.CareFullDay, domain.FeeMonthly, 2100, 2000},
	{domain.CareHalfDay, domain.FeeMonthly, 1500, 1400},
	{domain.CareHourly, domain.FeeHourly, 50, 45},
	{domain.CareTemporary, domain.FeeDaily, 150, 130},
}

// urbanCounties are Yan'an's two districts with the highest caps.
var urbanCounties = map[string]bool{baotaCode: true, ansaiCode: true}

// demoCap is the cap of a county and care type, in yuan (0: none).
func demoCap(county, care string) float64 {
	for _, dc := range demoCaps {
		if dc.care == care {
			if urbanCounties[county] {
				return float64(dc.urban)
			}
			return float64(dc.county)
		}
	}
	return 0
}

// planPriceCaps has each county's regulator set its 普惠 price caps on the
// platform's second working day, in force from its first, before any fee
// is entered.
func (g *generator) planPriceCaps() {
	day := g.cal.after(g.founded, 1)
	for i, c := range g.counties {
		code := c.Region.Code
		g.tl.add(at(day, 10, i), -1, func(ctx context.Context, svc *service.Service) error {
			for _, dc := range demoCaps {
				amount := demoCap(code, dc.care)
				_, err := svc.SetPriceCap(ctx, g.regulators[code], service.NewPriceCap{RegionCode: code, CareType: dc.care, Unit: dc.unit,
					Amount: billing.YuanText(fmt.Sprint(amount)), EffectiveFrom: g.founded.Format(time.DateOnly),
					Source: c.Region.Name + "普惠托育服务收费指导价（演示数据，非真实文件）"})
				if err != nil {
					return fmt.Errorf("price cap of %s for %s: %w", code, dc.care, err)
				}
			}
			return nil
		})
	}
}
