package web

import (
	"net/http"

	"tuoyu/internal/authz"
	"tuoyu/internal/billing"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/service"
)

func (wb *Web) childDetailRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/children/{id}", Permission: authz.ChildView, Summary: "A child: enrolment, guardians, pick-up persons, consents (ID numbers masked)", Handler: wb.childDetail},
		{Method: "POST", Pattern: "/children/{id}/reveal", Permission: authz.ChildRevealID, Summary: "Show a full ID number once (the child's, a guardian's or a pick-up person's); audited", Handler: wb.childReveal},
		{Method: "POST", Pattern: "/children/{id}/edit", Permission: authz.ChildEdit, Summary: "Change a child's name, household region, allergies or special needs", Handler: wb.childEdit},
		{Method: "POST", Pattern: "/children/{id}/withdraw", Permission: authz.ChildEdit, Summary: "Withdraw a child (end the enrolment)", Handler: wb.childWithdraw},
		{Method: "POST", Pattern: "/children/{id}/move", Permission: authz.ChildEdit, Summary: "Move a child to another class", Handler: wb.childMove},
	}
}

type childData struct {
	Child       domain.Child
	Institution domain.Institution
	// Classes are where the child may move (those who edit).
	Classes []Option
	// Households are the household region's choices, by name; Household
	// is the child's, by name.
	Households []OptGroup
	Household  string
	Relations  []Option
	CertTypes  []Option
	Purposes   []Option
	Guardians  []Option
	// Revealed is a full ID number asked for, shown this once.
	Revealed *service.RevealedID
	// Invitation is a code just made for a guardian, shown this once.
	Invitation     *service.Invitation
	InvitationName string
	// Findings are the rules' findings on the child's class (after enrolling).
	Findings []domain.RuleFinding
	// Open names the form to show opened (the one refused).
	Open  string
	Today string
	// Fee is the enrolment's agreed fee in yuan.
	Fee string
}

// FieldOrder is the order of the page's fields, for the problem summary.
func (childData) FieldOrder() []string {
	return []string{"e.name", "e.household_region", "e.allergies", "e.special_needs", "m.class_id", "w.date", "w.reason",
		"g.name", "g.relation", "g.phone", "g.id_type", "g.id_number", "guardians", "guardian",
		"pk.name", "pk.relation", "pk.phone", "pk.id_type", "pk.id_number", "pickup_persons", "c.guardian_id", "c.purpose", "r.reason"}
}

// childPage loads the child of the path's {id} (in scope) and starts its page.
func (wb *Web) childPage(w http.ResponseWriter, r *http.Request) (*Page, *childData, bool) {
	a := httpx.Actor(r)
	id, err := pathID(r, "id")
	var c domain.Child
	var in domain.Institution
	if err == nil {
		c, err = wb.svc.Child(r.Context(), a, id)
	}
	if err == nil && c.Enrolment != nil {
		in, err = wb.svc.Institution(r.Context(), a, c.Enrolment.InstitutionID)
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return nil, nil, false
	}
	p := newPage(r, "ops.child.title")
	p.Heading = c.Name
	p.Active = opsActive(a, "children")
	p.Tabs = opsTabs(a, in.ID, "children")
	d := &childData{Child: c, Institution: in, Today: wb.opsToday(),
		Relations: opsOptions(p.Lang, "relation.", domain.Relations), CertTypes: opsOptions(p.Lang, "cert_type.", opsCertTypes),
		Purposes: opsOptions(p.Lang, "consent.", domain.ConsentPurposes)}
	for _, g := range c.Guardians {
		d.Guardians = append(d.Guardians, Option{Value: itoa64(g.ID), Label: g.Name})
	}
	if c.Enrolment != nil {
		d.Fee = billing.FormatYuan(c.Enrolment.FeeFen)
	}
	if c.HouseholdRegion != "" {
		d.Household = wb.names(r.Context()).Name(c.HouseholdRegion)
	}
	if authz.Has(a.Role, authz.ChildEdit) && in.ID != 0 {
		if d.Households, err = wb.householdGroups(r.Context(), p.Lang, c.HouseholdRegion); err != nil {
			wb.WriteError(w, r, err)
			return nil, nil, false
		}
		opts, _, err := wb.opsClassOptions(r, in.ID, false)
		if err != nil {
			wb.WriteError(w, r, err)
			return nil, nil, false
		}
		d.Classes = opts
	}
	return p, d, true
}

func (wb *Web) renderChild(w http.ResponseWriter, r *http.Request, p *Page, status int, d *childData) {
	p.Data = *d
	wb.render(w, r, status, "ops_child", p)
}

// childDetail shows a child's record.
func (wb *Web) childDetail(w http.ResponseWriter, r *http.Request) {
	p, d, ok := wb.childPage(w, r)
	if !ok {
		return
	}
	if r.URL.Query().Get("rules") == "1" && d.Child.Enrolment != nil {
		if c, err := wb.svc.Class(r.Context(), httpx.Actor(r), d.Child.Enrolment.ClassID); err == nil {
			d.Findings = c.Findings
		}
	}
	childDefaults(p, d)
	wb.renderChild(w, r, p, http.StatusOK, d)
}

// childDefaults fills the page's forms with the record as it stands.
func childDefaults(p *Page, d *childData) {
	p.Form.Set("e.name", d.Child.Name)
	p.Form.Set("e.household_region", d.Child.HouseholdRegion)
	p.Form.Set("e.allergies", d.Child.Allergies)
	p.Form.Set("e.special_needs", d.Child.SpecialNeeds)
	p.Form.Set("g.id_type", opsCertTypes[0])
	p.Form.Set("pk.id_type", opsCertTypes[0])
}

// childRefused shows a refused form of the child's page again, opened.
func (wb *Web) childRefused(w http.ResponseWriter, r *http.Request, p *Page, d *childData, err error, open string, rename map[string]string) {
	status, ok := opsRefused(p, err, rename)
	if !ok {
		wb.WriteError(w, r, err)
		return
	}
	childDefaults(p, d)
	for k, vs := range r.PostForm {
		p.Form[k] = vs
	}
	d.Open = open
	wb.renderChild(w, r, p, status, d)
}

// childReveal shows a full ID number once. The page is not cached and the
// number is never put in an address.
func (wb *Web) childReveal(w http.ResponseWriter, r *http.Request) {
	p, d, ok := wb.childPage(w, r)
	if !ok || !opsParse(w, r, wb) {
		return
	}
	req := service.RevealRequest{GuardianID: opsID(r.PostForm, "guardian_id"), PickupID: opsID(r.PostForm, "pickup_id"), Reason: r.PostForm.Get("r.reason")}
	got, err := wb.svc.RevealID(r.Context(), httpx.Actor(r), d.Child.ID, req)
	if err != nil {
		wb.childRefused(w, r, p, d, err, "reveal", map[string]string{"reason": "r.reason"})
		return
	}
	d.Revealed = &got
	wb.renderChild(w, r, p, http.StatusOK, d)
}

func (wb *Web) childEdit(w http.ResponseWriter, r *http.Request) {
	p, d, ok := wb.childPage(w, r)
	if !ok || !opsParse(w, r, wb) {
		return
	}
	v := r.PostForm
	name, region, allergies, needs := v.Get("e.name"), v.Get("e.household_region"), v.Get("e.allergies"), v.Get("e.special_needs")
	_, err := wb.svc.UpdateChild(r.Context(), httpx.Actor(r), d.Child.ID, service.ChildPatch{Name: &name, HouseholdRegion: &region, Allergies: &allergies, SpecialNeeds: &needs})
	if err != nil {
		wb.childRefused(w, r, p, d, err, "edit", map[string]string{"name": "e.name", "household_region": "e.household_region", "allergies": "e.allergies", "special_needs": "e.special_needs"})
		return
	}
	redirect(w, r, "/children/"+itoa64(d.Child.ID)+"?msg=child_saved")
}

func (wb *Web) childWithdraw(w http.ResponseWriter, r *http.Request) {
	p, d, ok := wb.childPage(w, r)
	if !ok || !opsParse(w, r, wb) {
		return
	}
	e, err := wb.svc.Withdraw(r.Context(), httpx.Actor(r), d.Child.ID, service.Withdrawal{Date: r.PostForm.Get("w.date"), Reason: r.PostForm.Get("w.reason")})
	if err != nil {
		wb.childRefused(w, r, p, d, err, "withdraw", map[string]string{"date": "w.date", "reason": "w.reason"})
		return
	}
	redirect(w, r, "/institutions/"+itoa64(e.InstitutionID)+"/children?msg=child_withdrawn")
}

func (wb *Web) childMove(w http.ResponseWriter, r *http.Request) {
	p, d, ok := wb.childPage(w, r)
	if !ok || !opsParse(w, r, wb) {
		return
	}
	_, err := wb.svc.MoveChild(r.Context(), httpx.Actor(r), d.Child.ID, service.Move{ClassID: opsID(r.PostForm, "m.class_id")})
	if err != nil {
		wb.childRefused(w, r, p, d, err, "move", map[string]string{"class_id": "m.class_id"})
		return
	}
	redirect(w, r, "/children/"+itoa64(d.Child.ID)+"?msg=child_moved")
}
