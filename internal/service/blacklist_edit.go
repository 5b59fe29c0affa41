package service

import (
	"context"
	"strings"
	"unicode/utf8"

	"tuoyu/internal/audit"
	"tuoyu/internal/authz"
	"tuoyu/internal/cnid"
	"tuoyu/internal/domain"
	"tuoyu/internal/store"
)

// NewBlacklistEntry bans a person from child-care work for life (终身禁入).
type NewBlacklistEntry struct {
	// IDNumber is on input only: the entry keeps its keyed hash and the
	// masked number.
	IDNumber string `json:"id_number"`
	Name     string `json:"name"`
	Reason   string `json:"reason"`
}

// AddBlacklistEntry adds a ban in the regulator's region. The ban then
// blocks hiring the person anywhere in the deployment.
func (s *Service) AddBlacklistEntry(ctx context.Context, a authz.Actor, n NewBlacklistEntry) (domain.BlacklistEntry, error) {
	if err := a.Require(authz.BlacklistEdit); err != nil {
		return domain.BlacklistEntry{}, err
	}
	p := domain.Problems{}
	n.Name, n.Reason = strings.TrimSpace(n.Name), strings.TrimSpace(n.Reason)
	id, err := cnid.ParseResidentID(strings.ToUpper(strings.TrimSpace(n.IDNumber)), s.Today())
	if err != nil {
		p.Add("id_number", reasonFor(err))
	}
	staffText(p, "name", n.Name, 50, true)
	staffText(p, "reason", n.Reason, 2000, true)
	region := a.RegionCode
	if len(region) > 6 {
		region = region[:6]
	}
	if len(region) != 6 {
		p.Add("region_code", domain.ReasonRequired)
	}
	if err := p.Err(); err != nil {
		return domain.BlacklistEntry{}, err
	}
	var out domain.BlacklistEntry
	err = s.DB.Tx(ctx, func(q store.Q) error {
		e := domain.BlacklistEntry{Name: n.Name, IDMasked: cnid.Mask(id.Number), RegionCode: region, Reason: n.Reason}
		entryID, err := q.AddBlacklist(ctx, e, s.Keys.LookupHash(id.Number), a.UserID, s.Now())
		if domain.ErrorCode(err) == domain.CodeConflict {
			return &domain.Error{Code: domain.CodeConflict, Message: "this person is already on the blacklist",
				Fields: map[string]string{"id_number": ReasonAlreadyBlacklisted}}
		}
		if err != nil {
			return err
		}
		if err := s.audit(ctx, q, a, audit.BlacklistAdd, "blacklist", entryID, region, 0, map[string]any{
			"name": e.Name, "id_masked": e.IDMasked, "reason": e.Reason}); err != nil {
			return err
		}
		out, err = q.BlacklistEntry(ctx, a.Scope(), entryID)
		return err
	})
	return out, err
}

// LiftBlacklistEntry lifts a ban in the regulator's scope, with a reason.
func (s *Service) LiftBlacklistEntry(ctx context.Context, a authz.Actor, id int64, reason string) (domain.BlacklistEntry, error) {
	if err := a.Require(authz.BlacklistEdit); err != nil {
		return domain.BlacklistEntry{}, err
	}
	reason = strings.TrimSpace(reason)
	var out domain.BlacklistEntry
	err := s.DB.Tx(ctx, func(q store.Q) error {
		e, err := q.BlacklistEntry(ctx, a.Scope(), id)
		if err != nil {
			return err
		}
		switch {
		case reason == "":
			return domain.Invalid("reason", domain.ReasonRequired)
		case utf8.RuneCountInString(reason) > 2000:
			return domain.Invalid("reason", domain.ReasonTooLong)
		case !e.Active:
			return domain.Conflict("this entry has already been lifted")
		}
		if err := q.LiftBlacklist(ctx, id, a.UserID, reason, s.Now()); err != nil {
			return err
		}
		if err := s.audit(ctx, q, a, audit.BlacklistLift, "blacklist", id, e.RegionCode, 0, map[string]any{
			"name": e.Name, "id_masked": e.IDMasked, "reason": reason}); err != nil {
			return err
		}
		out, err = q.BlacklistEntry(ctx, a.Scope(), id)
		return err
	})
	return out, err
}
