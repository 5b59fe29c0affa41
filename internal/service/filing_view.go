package service

import (
	"context"
	"slices"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// FilingView is a filing with what its reader needs around it.
type FilingView struct {
	domain.Filing
	// Changes against the last filed version (change filings).
	Changes []domain.Change `json:"changes"`
	// MissingMaterials lists required material types not yet uploaded.
	MissingMaterials []string `json:"missing_materials"`
	// Timeline is every state change, oldest first, with who acted by name.
	Timeline []TimelineEntry `json:"timeline"`
}

// TimelineEntry is one event of a filing's timeline with the name of the
// person who acted.
type TimelineEntry struct {
	domain.AuditEvent
	Person string `json:"person"`
}

// Filing returns one filing whose institution is in scope.
func (s *Service) Filing(ctx context.Context, a authz.Actor, id int64) (domain.Filing, error) {
	if err := a.Require(authz.FilingView); err != nil {
		return domain.Filing{}, err
	}
	f, err := s.DB.Read().Filing(ctx, a.Scope(), id)
	if err != nil {
		return f, err
	}
	return s.present(f), nil
}

// FilingDetail returns a filing with its changes, missing materials and timeline.
func (s *Service) FilingDetail(ctx context.Context, a authz.Actor, id int64) (FilingView, error) {
	f, err := s.Filing(ctx, a, id)
	if err != nil {
		return FilingView{}, err
	}
	v := FilingView{Filing: f, Changes: []domain.Change{}, MissingMaterials: missingMaterials(f)}
	q := s.DB.Read()
	if f.Kind == domain.FilingChange {
		last, ok, err := q.LastFiled(ctx, a.Scope(), f.InstitutionID)
		if err != nil {
			return v, err
		}
		if ok && last.ID != f.ID {
			v.Changes = domain.Diff(last.Data, f.Data)
		}
	}
	events, names, err := q.FilingTimeline(ctx, a.Scope(), f.ID)
	if err != nil {
		return v, err
	}
	v.Timeline = make([]TimelineEntry, len(events))
	for i, ev := range events {
		v.Timeline[i] = TimelineEntry{AuditEvent: ev, Person: names[i]}
	}
	return v, nil
}

// Filings lists an institution's filings, newest first.
func (s *Service) Filings(ctx context.Context, a authz.Actor, institutionID int64, page domain.Page) ([]domain.Filing, int, error) {
	if err := a.Require(authz.FilingView); err != nil {
		return nil, 0, err
	}
	if _, err := s.DB.Read().Institution(ctx, a.Scope(), institutionID); err != nil {
		return nil, 0, err
	}
	list, n, err := s.DB.Read().ListFilings(ctx, a.Scope(), store.FilingFilter{InstitutionID: institutionID}, page)
	for i := range list {
		list[i] = s.present(list[i])
	}
	return list, n, err
}

// FilingWorklist lists filings in scope by status; submitted ones come by due date.
func (s *Service) FilingWorklist(ctx context.Context, a authz.Actor, status string, page domain.Page) ([]domain.Filing, int, error) {
	if err := a.Require(authz.FilingView); err != nil {
		return nil, 0, err
	}
	if status != "" && !contains([]string{domain.FilingDraft, domain.FilingSubmitted, domain.FilingFiled, domain.FilingReturned, domain.FilingWithdrawn}, status) {
		return nil, 0, domain.Invalid("status", domain.ReasonNotAllowed)
	}
	list, n, err := s.DB.Read().ListFilings(ctx, a.Scope(), store.FilingFilter{Status: status}, page)
	for i := range list {
		list[i] = s.present(list[i])
	}
	return list, n, err
}

// present hides the sealed ID number and marks overdue filings.
func (s *Service) present(f domain.Filing) domain.Filing {
	f.Data.LegalRepIDEnc = ""
	f.Overdue = f.Status == domain.FilingSubmitted && f.DueDate != "" && s.Today().Format("2006-01-02") > f.DueDate
	if f.ItemReasons == nil {
		f.ItemReasons = map[string]string{}
	}
	return f
}

func missingMaterials(f domain.Filing) []string {
	missing := []string{}
	if f.Kind == domain.FilingCancel {
		return missing
	}
	for _, t := range domain.RequiredMaterials(f.Data) {
		if !slices.ContainsFunc(f.Materials, func(m domain.Material) bool { return m.Type == t }) {
			missing = append(missing, t)
		}
	}
	return missing
}
