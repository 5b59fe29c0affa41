package demo

import (
	"context"
	"time"

	"tuoyu/internal/service"
	"tuoyu/internal/stats"
)

// buildStats computes the indicator roll-ups over the generated months, so
// the dashboards have values from the first start.
func buildStats(ctx context.Context, svc *service.Service) error {
	started := time.Now()
	n, err := stats.New(svc.DB, svc).Refresh(ctx)
	if svc.Log != nil && err == nil {
		svc.Log.Info("statistics built", "institution_months", n, "elapsed", time.Since(started).Round(time.Millisecond))
	}
	return err
}
