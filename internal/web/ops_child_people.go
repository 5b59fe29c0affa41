package web

import (
	"net/http"
	"net/url"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/service"
)

// The director's side of a child's guardians, pick-up persons, invitation
// codes and consents recorded on paper.
func (wb *Web) childPeopleRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "POST", Pattern: "/children/{id}/guardians", Permission: authz.ChildEdit, Summary: "Add a guardian", Handler: wb.guardianAdd},
		{Method: "POST", Pattern: "/children/{id}/guardians/{gid}/remove", Permission: authz.ChildEdit, Summary: "Remove a guardian (a child keeps at least one)", Handler: wb.guardianRemove},
		{Method: "POST", Pattern: "/children/{id}/guardians/{gid}/invitation", Permission: authz.ChildEdit, Summary: "Make a guardian's invitation code (shown once)", Handler: wb.guardianInvite},
		{Method: "POST", Pattern: "/children/{id}/pickups", Permission: authz.ChildEdit, Summary: "Authorise a pick-up person", Handler: wb.pickupAdd},
		{Method: "POST", Pattern: "/children/{id}/pickups/{pid}/remove", Permission: authz.ChildEdit, Summary: "Withdraw a pick-up person's authorisation", Handler: wb.pickupRemove},
		{Method: "POST", Pattern: "/children/{id}/consents", Permission: authz.ChildEdit, Summary: "Record a consent a guardian gave on paper", Handler: wb.consentRecord},
	}
}

// personInput reads a person form whose inputs are prefixed ("g.name").
func personInput(v url.Values, prefix string) (service.PersonInput, map[string]string) {
	in := service.PersonInput{Name: v.Get(prefix + "name"), Relation: v.Get(prefix + "relation"), Phone: v.Get(prefix + "phone"),
		IDType: v.Get(prefix + "id_type"), IDNumber: v.Get(prefix + "id_number")}
	rename := map[string]string{}
	for _, f := range personFields {
		rename[f] = prefix + f
	}
	return in, rename
}

func (wb *Web) guardianAdd(w http.ResponseWriter, r *http.Request) {
	p, d, ok := wb.childPage(w, r)
	if !ok || !opsParse(w, r, wb) {
		return
	}
	in, rename := personInput(r.PostForm, "g.")
	if _, err := wb.svc.AddGuardian(r.Context(), httpx.Actor(r), d.Child.ID, in); err != nil {
		wb.childRefused(w, r, p, d, err, "guardian", rename)
		return
	}
	redirect(w, r, "/children/"+itoa64(d.Child.ID)+"?msg=guardian_added#guardians")
}

func (wb *Web) guardianRemove(w http.ResponseWriter, r *http.Request) {
	p, d, ok := wb.childPage(w, r)
	if !ok {
		return
	}
	gid, err := pathID(r, "gid")
	if err == nil {
		err = wb.svc.RemoveGuardian(r.Context(), httpx.Actor(r), d.Child.ID, gid)
	}
	if err != nil {
		wb.childRefused(w, r, p, d, err, "guardians", nil)
		return
	}
	redirect(w, r, "/children/"+itoa64(d.Child.ID)+"?msg=guardian_removed#guardians")
}

// guardianInvite makes a one-time code and shows it on the child's page
// (it is not kept: a new one can be made while the guardian is unlinked).
func (wb *Web) guardianInvite(w http.ResponseWriter, r *http.Request) {
	p, d, ok := wb.childPage(w, r)
	if !ok {
		return
	}
	gid, err := pathID(r, "gid")
	var inv service.Invitation
	if err == nil {
		inv, err = wb.svc.CreateInvitation(r.Context(), httpx.Actor(r), d.Child.ID, gid)
	}
	if err != nil {
		wb.childRefused(w, r, p, d, err, "guardians", nil)
		return
	}
	d.Invitation = &inv
	for _, g := range d.Child.Guardians {
		if g.ID == inv.GuardianID {
			d.InvitationName = g.Name
		}
	}
	childDefaults(p, d)
	wb.renderChild(w, r, p, http.StatusOK, d)
}

func (wb *Web) pickupAdd(w http.ResponseWriter, r *http.Request) {
	p, d, ok := wb.childPage(w, r)
	if !ok || !opsParse(w, r, wb) {
		return
	}
	in, rename := personInput(r.PostForm, "pk.")
	if _, err := wb.svc.AddPickup(r.Context(), httpx.Actor(r), d.Child.ID, in); err != nil {
		wb.childRefused(w, r, p, d, err, "pickup", rename)
		return
	}
	redirect(w, r, "/children/"+itoa64(d.Child.ID)+"?msg=pickup_added#pickups")
}

func (wb *Web) pickupRemove(w http.ResponseWriter, r *http.Request) {
	p, d, ok := wb.childPage(w, r)
	if !ok {
		return
	}
	pid, err := pathID(r, "pid")
	if err == nil {
		err = wb.svc.RemovePickup(r.Context(), httpx.Actor(r), d.Child.ID, pid)
	}
	if err != nil {
		if domain.ErrorCode(err) == domain.CodeNotFound {
			wb.WriteError(w, r, err)
			return
		}
		wb.childRefused(w, r, p, d, err, "pickups", nil)
		return
	}
	redirect(w, r, "/children/"+itoa64(d.Child.ID)+"?msg=pickup_removed#pickups")
}

func (wb *Web) consentRecord(w http.ResponseWriter, r *http.Request) {
	p, d, ok := wb.childPage(w, r)
	if !ok || !opsParse(w, r, wb) {
		return
	}
	in := service.ConsentInput{Purpose: r.PostForm.Get("c.purpose"), GuardianID: opsID(r.PostForm, "c.guardian_id")}
	if _, err := wb.svc.RecordConsent(r.Context(), httpx.Actor(r), d.Child.ID, in); err != nil {
		wb.childRefused(w, r, p, d, err, "consent", map[string]string{"purpose": "c.purpose", "guardian_id": "c.guardian_id"})
		return
	}
	redirect(w, r, "/children/"+itoa64(d.Child.ID)+"?msg=consent_recorded#consents")
}
