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

// RevealRequest asks for a full identity number: the child's, or with
// GuardianID or PickupID that of one of their guardians or pick-up persons.
type RevealRequest struct {
	GuardianID int64  `json:"guardian_id,omitempty"`
	PickupID   int64  `json:"pickup_id,omitempty"`
	Reason     string `json:"reason,omitempty"`
}

// RevealedID is a full identity number, shown once.
type RevealedID struct {
	Subject  string `json:"subject"` // child, guardian or pickup
	ID       int64  `json:"id"`
	Type     string `json:"type"`
	Number   string `json:"number"`
	Masked   string `json:"masked"`
	Audited  bool   `json:"audited"`
	ChildID  int64  `json:"child_id"`
	Reminder string `json:"reminder"`
}

// RevealID shows a full identity number of a child in scope. It needs its
// own permission and every reveal is an audit event, written in the same
// transaction before the number is returned.
func (s *Service) RevealID(ctx context.Context, a authz.Actor, childID int64, req RevealRequest) (RevealedID, error) {
	if err := a.Require(authz.ChildRevealID); err != nil {
		return RevealedID{}, err
	}
	reason := strings.TrimSpace(req.Reason)
	if utf8.RuneCountInString(reason) > 200 {
		return RevealedID{}, domain.Invalid("reason", domain.ReasonTooLong)
	}
	var out RevealedID
	err := s.DB.Tx(ctx, func(q store.Q) error {
		c, err := q.Child(ctx, a.Scope(), childID)
		if err != nil {
			return err
		}
		var enc string
		switch {
		case req.GuardianID != 0:
			g, err := q.Guardian(ctx, a.Scope(), childID, req.GuardianID)
			if err != nil {
				return err
			}
			out = RevealedID{Subject: "guardian", ID: g.ID, Type: g.IDType}
			enc = g.IDEnc
		case req.PickupID != 0:
			ps, err := q.Pickups(ctx, a.Scope(), childID)
			if err != nil {
				return err
			}
			found := false
			for _, p := range ps {
				if p.ID == req.PickupID {
					out, enc, found = RevealedID{Subject: "pickup", ID: p.ID, Type: p.IDType}, p.IDEnc, true
				}
			}
			if !found {
				return domain.NotFound("pick-up person")
			}
		default:
			certType, cert, err := q.ChildCert(ctx, a.Scope(), childID)
			if err != nil {
				return err
			}
			out = RevealedID{Subject: "child", ID: childID, Type: certType}
			enc = cert
		}
		if enc == "" {
			return domain.NotFound("identity number")
		}
		number, err := s.Keys.Decrypt(enc)
		if err != nil {
			return err
		}
		out.Number, out.Masked, out.ChildID, out.Audited = number, cnid.Mask(number), childID, true
		out.Reminder = "完整证件号码仅用于必要的核验，请勿记录或转发。Use the full number only where needed; do not copy or forward it."
		region, inst, err := s.childPlace(ctx, q, c)
		if err != nil {
			return err
		}
		return s.audit(ctx, q, a, audit.ChildRevealId, "child", childID, region, inst,
			map[string]any{"subject": out.Subject, "subject_id": out.ID, "masked": out.Masked, "reason": reason})
	})
	if err != nil {
		return RevealedID{}, err
	}
	return out, nil
}
