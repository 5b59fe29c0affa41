package service

import (
	"context"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
)

// FilingReceipt is the 备案回执 of a filed version: what was filed, when,
// by which county and who decided.
type FilingReceipt struct {
	Filing     domain.Filing `json:"filing"`
	CountyName string        `json:"county_name"`
	FiledBy    string        `json:"filed_by"`
	FiledAt    string        `json:"filed_at"` // date in China
}

// FilingReceipt returns the receipt of a filed version; a version that is
// not filed has none (conflict).
func (s *Service) FilingReceipt(ctx context.Context, a authz.Actor, id int64) (FilingReceipt, error) {
	v, err := s.FilingDetail(ctx, a, id)
	if err != nil {
		return FilingReceipt{}, err
	}
	if v.Status != domain.FilingFiled || v.ReceiptNo == "" {
		return FilingReceipt{}, domain.Conflict("only a filed version has a receipt")
	}
	out := FilingReceipt{Filing: v.Filing}
	out.Filing.Materials = nil
	if r, err := s.DB.Read().Region(ctx, v.RegionCode); err == nil {
		out.CountyName = r.Name
	}
	for _, ev := range v.Timeline {
		if ev.Action == string(audit.FilingFile) {
			out.FiledBy = ev.Person
		}
	}
	if v.DecidedAt != nil {
		out.FiledAt = v.DecidedAt.In(China).Format("2006-01-02")
	}
	return out, nil
}
