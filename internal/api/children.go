package api

import (
	"net/http"
	"strconv"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/service"
)

type childRemoved struct {
	OK bool `json:"ok"`
}

func (a *API) childRoutes() []httpx.Route {
	ok, created := http.StatusOK, http.StatusCreated
	return []httpx.Route{
		{Method: "GET", Pattern: "/api/v1/institutions/{id}/children", Permission: authz.ChildView, Summary: "An institution's children (ID numbers masked); ?status=withdrawn lists those who left",
			Handler: a.handle(ok, a.listChildren), Query: []string{"class_id", "q", "status", "page", "per_page"}, Response: List[domain.Child]{}},
		{Method: "POST", Pattern: "/api/v1/institutions/{id}/children", Permission: authz.ChildEdit, Summary: "Enrol a child: child, guardians, class, care_type, start_date, puhui, fee_fen (422 bad ID, age or field; 409 full class or enrolled elsewhere)",
			Handler: a.withBody(created, onIDWithBody(a.svc.Enrol)), Request: service.Enrolment{}, Response: service.EnrolResult{}},
		{Method: "GET", Pattern: "/api/v1/children/{id}", Permission: authz.ChildView, Summary: "A child with enrolment, guardians, pick-up persons and consents (ID numbers masked)",
			Handler: a.handle(ok, onID(a.svc.Child)), Response: domain.Child{}},
		{Method: "PATCH", Pattern: "/api/v1/children/{id}", Permission: authz.ChildEdit, Summary: "Change a child's name, household region, allergies or special needs",
			Handler: a.withBody(ok, onIDWithBody(a.svc.UpdateChild)), Request: service.ChildPatch{}, Response: domain.Child{}},
		{Method: "POST", Pattern: "/api/v1/children/{id}/withdraw", Permission: authz.ChildEdit, Summary: "End a child's enrolment (the place is free at once)",
			Handler: a.withBody(ok, a.withdrawChild), Request: service.Withdrawal{}, Response: domain.Enrolment{}},
		{Method: "POST", Pattern: "/api/v1/children/{id}/move", Permission: authz.ChildEdit, Summary: "Move a child to another class of the institution (age band and capacity apply)",
			Handler: a.withBody(ok, onIDWithBody(a.svc.MoveChild)), Request: service.Move{}, Response: domain.Child{}},
		{Method: "POST", Pattern: "/api/v1/children/{id}/reveal-id", Permission: authz.ChildRevealID, Summary: "Show a full identity number (the child's, or a guardian's or pick-up person's); audited",
			Handler: a.withBody(ok, a.revealID), Request: service.RevealRequest{}, Response: service.RevealedID{}},
		{Method: "POST", Pattern: "/api/v1/children/{id}/guardians", Permission: authz.ChildEdit, Summary: "Add a guardian",
			Handler: a.withBody(created, onIDWithBody(a.svc.AddGuardian)), Request: service.PersonInput{}, Response: domain.Guardian{}},
		{Method: "DELETE", Pattern: "/api/v1/children/{id}/guardians/{gid}", Permission: authz.ChildEdit, Summary: "Remove a guardian (a child keeps at least one); a linked account loses access",
			Handler: a.handle(ok, a.removeGuardian), Response: childRemoved{}},
		{Method: "POST", Pattern: "/api/v1/children/{id}/guardians/{gid}/invitation", Permission: authz.ChildEdit, Summary: "Make a one-time invitation code for a guardian's account (valid 14 days; shown once)",
			Handler: a.handle(created, a.createInvitation), Response: service.Invitation{}},
		{Method: "POST", Pattern: "/api/v1/children/{id}/pickup-persons", Permission: authz.ChildEdit, Summary: "Authorise a pick-up person",
			Handler: a.withBody(created, onIDWithBody(a.svc.AddPickup)), Request: service.PersonInput{}, Response: domain.PickupPerson{}},
		{Method: "DELETE", Pattern: "/api/v1/children/{id}/pickup-persons/{pid}", Permission: authz.ChildEdit, Summary: "Withdraw a pick-up person's authorisation",
			Handler: a.handle(ok, a.removePickup), Response: childRemoved{}},
		{Method: "GET", Pattern: "/api/v1/children/{id}/consents", Permission: authz.ChildView, Summary: "A child's consent records",
			Handler: a.handle(ok, onID(a.svc.Consents)), Response: []domain.Consent{}},
		{Method: "POST", Pattern: "/api/v1/children/{id}/consents", Permission: authz.ChildEdit, Summary: "Record a consent a guardian gave on paper (purpose, guardian_id)",
			Handler: a.withBody(created, onIDWithBody(a.svc.RecordConsent)), Request: service.ConsentInput{}, Response: domain.Consent{}},
		{Method: "GET", Pattern: "/api/v1/me/children", Permission: authz.OwnChildren, Summary: "A guardian's own children with class and institution (ID numbers masked)",
			Handler: a.handle(ok, a.ownChildren), Query: []string{"page", "per_page"}, Response: List[domain.Child]{}},
		{Method: "POST", Pattern: "/api/v1/me/children/claim", Permission: authz.OwnChildren, Summary: "Link one's guardian account to a child with an invitation code",
			Handler: a.withBody(ok, a.claimChild), Request: service.Claim{}, Response: domain.Child{}},
		{Method: "GET", Pattern: "/api/v1/me/children/{id}", Permission: authz.OwnChildren, Summary: "One of a guardian's own children",
			Handler: a.handle(ok, onID(a.svc.OwnChild)), Response: domain.Child{}},
		{Method: "GET", Pattern: "/api/v1/me/children/{id}/consents", Permission: authz.OwnChildren, Summary: "Consent records of one's own child",
			Handler: a.handle(ok, onID(a.svc.OwnConsents)), Response: []domain.Consent{}},
		{Method: "POST", Pattern: "/api/v1/me/children/{id}/consents", Permission: authz.OwnChildren, Summary: "Give consent for one's own child (purpose: enrolment, health_sharing, photos)",
			Handler: a.withBody(created, onIDWithBody(a.svc.GiveConsent)), Request: service.ConsentInput{}, Response: domain.Consent{}},
		{Method: "POST", Pattern: "/api/v1/consents/{id}/withdraw", Permission: authz.OwnChildren, Summary: "Withdraw a consent given for one's own child",
			Handler: a.handle(ok, onID(a.svc.WithdrawConsent)), Response: domain.Consent{}},
	}
}

func (a *API) listChildren(r *http.Request) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	q := r.URL.Query()
	f := domain.ChildFilter{Q: q.Get("q"), Status: q.Get("status")}
	if v := q.Get("class_id"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil || n <= 0 {
			return nil, domain.Invalid("class_id", "not_number")
		}
		f.ClassID = n
	}
	p := page(r)
	items, total, err := a.svc.Children(r.Context(), httpx.Actor(r), id, f, p)
	return list(items, total, p), err
}

// optionalChildBody decodes a body that may be empty.
func optionalChildBody(w http.ResponseWriter, r *http.Request, v any) error {
	if r.ContentLength == 0 {
		return nil
	}
	return decode(w, r, v)
}

func (a *API) withdrawChild(r *http.Request, w http.ResponseWriter) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	var req service.Withdrawal
	if err := optionalChildBody(w, r, &req); err != nil {
		return nil, err
	}
	return a.svc.Withdraw(r.Context(), httpx.Actor(r), id, req)
}

func (a *API) revealID(r *http.Request, w http.ResponseWriter) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	var req service.RevealRequest
	if err := optionalChildBody(w, r, &req); err != nil {
		return nil, err
	}
	return a.svc.RevealID(r.Context(), httpx.Actor(r), id, req)
}

func (a *API) removeGuardian(r *http.Request) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	gid, err := pathID(r, "gid")
	if err != nil {
		return nil, err
	}
	return childRemoved{OK: true}, a.svc.RemoveGuardian(r.Context(), httpx.Actor(r), id, gid)
}

func (a *API) createInvitation(r *http.Request) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	gid, err := pathID(r, "gid")
	if err != nil {
		return nil, err
	}
	return a.svc.CreateInvitation(r.Context(), httpx.Actor(r), id, gid)
}

func (a *API) removePickup(r *http.Request) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	pid, err := pathID(r, "pid")
	if err != nil {
		return nil, err
	}
	return childRemoved{OK: true}, a.svc.RemovePickup(r.Context(), httpx.Actor(r), id, pid)
}

func (a *API) ownChildren(r *http.Request) (any, error) {
	p := page(r)
	items, total, err := a.svc.OwnChildren(r.Context(), httpx.Actor(r), p)
	return list(items, total, p), err
}

func (a *API) claimChild(r *http.Request, w http.ResponseWriter) (any, error) {
	var req service.Claim
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	return a.svc.ClaimInvitation(r.Context(), httpx.Actor(r), req)
}
