package web

import (
	"net/http"
	"net/url"
	"strconv"

	"tuoyu/internal/account"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/i18n"
)

// accountsRoutes: guardians' sign-up, own password, the accounts a manager
// keeps (authz.ManageTable).
func (wb *Web) accountsRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/signup", Permission: authz.Public, Summary: "Parent sign-up with an invitation code (?code=)", Handler: wb.signUpForm},
		{Method: "POST", Pattern: "/signup", Permission: authz.Public, Summary: "Create a guardian account linked to the child, then log in", Handler: wb.signUp},
		{Method: "GET", Pattern: "/me/password", Permission: authz.Authenticated, PasswordChange: true, Summary: "Change one's own password", Handler: wb.passwordForm},
		{Method: "POST", Pattern: "/me/password", Permission: authz.Authenticated, PasswordChange: true, Summary: "Save a new password (the old one required)", Handler: wb.passwordChange},
		{Method: "GET", Pattern: "/accounts", Permission: authz.AccountManage, Summary: "Accounts the reader manages: filters, pages", Handler: wb.accountList},
		{Method: "GET", Pattern: "/accounts/new", Permission: authz.AccountManage, Summary: "New account form", Handler: wb.accountNewForm},
		{Method: "POST", Pattern: "/accounts", Permission: authz.AccountManage, Summary: "Create an account; shows its first password once", Handler: wb.accountCreate},
		{Method: "GET", Pattern: "/accounts/{id}", Permission: authz.AccountManage, Summary: "One account: role and scope, disable, reset", Handler: wb.accountPage},
		{Method: "POST", Pattern: "/accounts/{id}", Permission: authz.AccountManage, Summary: "Change an account's role, scope or name", Handler: wb.accountUpdate},
		{Method: "POST", Pattern: "/accounts/{id}/disable", Permission: authz.AccountManage, Summary: "Disable an account", Handler: wb.accountDisable(true)},
		{Method: "POST", Pattern: "/accounts/{id}/enable", Permission: authz.AccountManage, Summary: "Enable an account again", Handler: wb.accountDisable(false)},
		{Method: "POST", Pattern: "/accounts/{id}/reset", Permission: authz.AccountManage, Summary: "Reset a password; shows the one-time code once", Handler: wb.accountReset},
		{Method: "GET", Pattern: "/settings/accounts", Permission: authz.UserManage, Summary: "The password policy's settings: minimum length", Handler: wb.accountSettingsPage},
		{Method: "POST", Pattern: "/settings/accounts", Permission: authz.UserManage, Summary: "Change the password policy's settings", Handler: wb.accountSettingsSave},
	}
}

type passwordData struct {
	MinLength int
	Required  bool
}

func (wb *Web) renderPassword(w http.ResponseWriter, r *http.Request, p *Page, status int) {
	a := httpx.Actor(r)
	set, err := wb.Account.Settings(r.Context(), a)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Data = passwordData{MinLength: set.MinPasswordLength, Required: a.MustChangePassword}
	wb.render(w, r, status, "account_password", p)
}

func (wb *Web) passwordForm(w http.ResponseWriter, r *http.Request) {
	wb.renderPassword(w, r, newPage(r, "account.password.title"), http.StatusOK)
}

func (wb *Web) passwordChange(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		wb.WriteError(w, r, domain.BadRequest("malformed form"))
		return
	}
	err := wb.Account.ChangePassword(r.Context(), httpx.Actor(r), account.PasswordChange{Old: r.PostForm.Get("old_password"), New: r.PostForm.Get("new_password")})
	if fe := fieldErrors(err); fe != nil {
		p := newPage(r, "account.password.title")
		p.Errors = fe
		wb.renderPassword(w, r, p, httpx.Status(err))
		return
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	redirect(w, r, "/?msg=password_changed")
}

type signUpData struct{ MinLength int }

func (wb *Web) renderSignUp(w http.ResponseWriter, r *http.Request, p *Page, status int) {
	set, err := wb.Account.Settings(r.Context(), authz.System("signup"))
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p.Data = signUpData{MinLength: set.MinPasswordLength}
	wb.render(w, r, status, "account_signup", p)
}

func (wb *Web) signUpForm(w http.ResponseWriter, r *http.Request) {
	p := newPage(r, "account.signup.title")
	p.Form = url.Values{"code": {r.URL.Query().Get("code")}}
	wb.renderSignUp(w, r, p, http.StatusOK)
}

// signUp creates the guardian account and logs it in.
func (wb *Web) signUp(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		wb.WriteError(w, r, domain.BadRequest("malformed form"))
		return
	}
	f := r.PostForm
	in := account.SignUp{Code: f.Get("code"), DisplayName: f.Get("display_name"), Mobile: f.Get("mobile"), Password: f.Get("password")}
	out, err := wb.Account.SignUpGuardian(r.Context(), httpx.ClientIP(r), in)
	if fe := fieldErrors(err); fe != nil {
		p := newPage(r, "account.signup.title")
		p.Form, p.Errors = url.Values{"code": {in.Code}, "display_name": {in.DisplayName}, "mobile": {in.Mobile}}, fe
		wb.renderSignUp(w, r, p, httpx.Status(err))
		return
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	res, err := wb.svc.Login(r.Context(), out.User.Username, in.Password, r.UserAgent(), httpx.ClientIP(r))
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	wb.setSessionCookie(w, r, res.Token, res.ExpiresAt)
	redirect(w, r, "/my/children?msg=signed_up")
}

type accountListData struct {
	Items    []account.Account
	Pager    Pager
	Roles    []Option
	Statuses []Option
}

func roleOptions(lang string, roles []domain.Role) []Option {
	out := make([]Option, len(roles))
	for i, r := range roles {
		out[i] = Option{Value: string(r), Label: i18n.T(lang, string(r))}
	}
	return out
}

func (wb *Web) accountList(w http.ResponseWriter, r *http.Request) {
	a := httpx.Actor(r)
	q := r.URL.Query()
	pg := pageOf(r, 50)
	items, total, err := wb.Account.Accounts(r.Context(), a, account.Filter{Role: domain.Role(q.Get("role")), Status: q.Get("status"), Name: q.Get("name")}, pg)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p := newPage(r, "account.list.title")
	p.Active = "accounts"
	p.Form = q
	d := accountListData{Items: items, Pager: newPager(r, pg, total), Roles: roleOptions(p.Lang, a.ManageableRoles())}
	for _, s := range account.Statuses {
		d.Statuses = append(d.Statuses, Option{Value: s, Label: i18n.T(p.Lang, "account.status."+s)})
	}
	p.Data = d
	wb.render(w, r, http.StatusOK, "accounts", p)
}

type accountFormData struct {
	// Account is nil on the new-account form.
	Account      *account.Account
	Roles        []Option
	Regions      []Option
	Institutions []Option
	Departments  []Option
	// Handover is the one-time password just made, shown once.
	Handover *account.Handover
}

// accountFormData lists the choices of the account form: the roles the
// reader manages, the regions and institutions in their scope.
func (wb *Web) accountFormData(r *http.Request, p *Page) (accountFormData, error) {
	a := httpx.Actor(r)
	d := accountFormData{Roles: roleOptions(p.Lang, a.ManageableRoles())}
	base := a.RegionCode
	if a.Scope().Kind() == domain.ScopeDeployment {
		base = wb.DeploymentRegion
	}
	if a.Scope().Kind() != domain.ScopeInstitution && base != "" {
		own, err := wb.svc.Region(r.Context(), base)
		if err != nil {
			return d, err
		}
		d.Regions = append(d.Regions, Option{Value: own.Code, Label: own.Name})
		if !isCounty(base) {
			opts, err := wb.regionOptions(r.Context(), base)
			if err != nil {
				return d, err
			}
			d.Regions = append(d.Regions, opts...)
		}
	}
	if a.Can(authz.InstitutionList) {
		ins, _, err := wb.svc.Institutions(r.Context(), a, domain.InstitutionFilter{}, domain.Page{Page: 1, PerPage: 200})
		if err != nil {
			return d, err
		}
		for _, in := range ins {
			d.Institutions = append(d.Institutions, Option{Value: itoa64(in.ID), Label: in.Name})
		}
	}
	for _, x := range authz.Duties {
		d.Departments = append(d.Departments, Option{Value: string(x), Label: i18n.T(p.Lang, "duty."+string(x))})
	}
	return d, nil
}

func (wb *Web) renderAccountForm(w http.ResponseWriter, r *http.Request, p *Page, status int, acc *account.Account, h *account.Handover) {
	d, err := wb.accountFormData(r, p)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	d.Account, d.Handover = acc, h
	p.Active = "accounts"
	p.Data = d
	wb.render(w, r, status, "account_form", p)
}

func (wb *Web) accountNewForm(w http.ResponseWriter, r *http.Request) {
	wb.renderAccountForm(w, r, newPage(r, "account.new.title"), http.StatusOK, nil, nil)
}

func formInt(v url.Values, name string) int64 {
	n, _ := strconv.ParseInt(v.Get(name), 10, 64)
	return n
}

func (wb *Web) accountCreate(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		wb.WriteError(w, r, domain.BadRequest("malformed form"))
		return
	}
	f := r.PostForm
	h, err := wb.Account.Create(r.Context(), httpx.Actor(r), account.NewAccount{Username: f.Get("username"), DisplayName: f.Get("display_name"),
		Role: domain.Role(f.Get("role")), RegionCode: f.Get("region_code"), InstitutionID: formInt(f, "institution_id"), Department: f.Get("department")})
	if fe := fieldErrors(err); fe != nil {
		p := newPage(r, "account.new.title")
		p.Form, p.Errors = f, fe
		wb.renderAccountForm(w, r, p, httpx.Status(err), nil, nil)
		return
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	wb.renderHandover(w, r, h, "account.handover.created")
}

type handoverData struct {
	Handover account.Handover
	Hint     string
	Back     string
}

// renderHandover shows a one-time password once; the page is not cached.
func (wb *Web) renderHandover(w http.ResponseWriter, r *http.Request, h account.Handover, hint string) {
	w.Header().Set("Cache-Control", "no-store")
	p := newPage(r, "account.handover.title")
	p.Active = "accounts"
	p.Data = handoverData{Handover: h, Hint: hint, Back: "/accounts/" + itoa64(h.User.ID)}
	wb.render(w, r, http.StatusOK, "account_handover", p)
}

func (wb *Web) accountPage(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	acc, err := wb.Account.Account(r.Context(), httpx.Actor(r), id)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p := newPage(r, "account.edit.title")
	p.Heading = acc.Username
	p.Form = url.Values{"display_name": {acc.DisplayName}, "role": {string(acc.Role)}, "region_code": {acc.RegionCode}, "department": {acc.Department}}
	if acc.InstitutionID != nil {
		p.Form.Set("institution_id", itoa64(*acc.InstitutionID))
	}
	wb.renderAccountForm(w, r, p, http.StatusOK, &acc, nil)
}

func (wb *Web) accountUpdate(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	if err := r.ParseForm(); err != nil {
		wb.WriteError(w, r, domain.BadRequest("malformed form"))
		return
	}
	f := r.PostForm
	a := httpx.Actor(r)
	_, err = wb.Account.Update(r.Context(), a, id, account.Change{DisplayName: f.Get("display_name"), Placement: account.Placement{
		Role: domain.Role(f.Get("role")), RegionCode: f.Get("region_code"), InstitutionID: formInt(f, "institution_id"), Department: f.Get("department")}})
	if fe := fieldErrors(err); fe != nil {
		acc, aerr := wb.Account.Account(r.Context(), a, id)
		if aerr != nil {
			wb.WriteError(w, r, aerr)
			return
		}
		p := newPage(r, "account.edit.title")
		p.Heading, p.Form, p.Errors = acc.Username, f, fe
		wb.renderAccountForm(w, r, p, httpx.Status(err), &acc, nil)
		return
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	redirect(w, r, "/accounts/"+itoa64(id)+"?msg=saved")
}

func (wb *Web) accountDisable(disabled bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "id")
		if err != nil {
			wb.WriteError(w, r, err)
			return
		}
		if err := wb.Account.SetDisabled(r.Context(), httpx.Actor(r), id, disabled); err != nil {
			wb.WriteError(w, r, err)
			return
		}
		msg := "account_enabled"
		if disabled {
			msg = "account_disabled"
		}
		redirect(w, r, "/accounts/"+itoa64(id)+"?msg="+msg)
	}
}

func (wb *Web) accountReset(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	h, err := wb.Account.ResetPassword(r.Context(), httpx.Actor(r), id)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	wb.renderHandover(w, r, h, "account.handover.reset")
}

// Greeting is the name the reader is greeted by: their display name, or
// their username when the account has none.
func (p *Page) Greeting() string {
	if p.Actor.DisplayName != "" {
		return p.Actor.DisplayName
	}
	return p.Actor.Username
}

func (wb *Web) renderAccountSettings(w http.ResponseWriter, r *http.Request, p *Page, status int) {
	set, err := wb.Account.Settings(r.Context(), httpx.Actor(r))
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	if p.Form.Get("min_password_length") == "" {
		p.Form.Set("min_password_length", strconv.Itoa(set.MinPasswordLength))
	}
	p.Active = "accounts"
	p.Data = struct{ Current account.Settings }{set}
	wb.render(w, r, status, "account_settings", p)
}

func (wb *Web) accountSettingsPage(w http.ResponseWriter, r *http.Request) {
	wb.renderAccountSettings(w, r, newPage(r, "account.settings.title"), http.StatusOK)
}

func (wb *Web) accountSettingsSave(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		wb.WriteError(w, r, domain.BadRequest("malformed form"))
		return
	}
	p := newPage(r, "account.settings.title")
	p.Form = r.PostForm
	n, err := strconv.Atoi(r.PostForm.Get("min_password_length"))
	if err != nil {
		p.Errors = map[string]string{"min_password_length": domain.ReasonRange}
		wb.renderAccountSettings(w, r, p, http.StatusUnprocessableEntity)
		return
	}
	_, err = wb.Account.SetSettings(r.Context(), httpx.Actor(r), account.Settings{MinPasswordLength: n})
	if fe := fieldErrors(err); fe != nil {
		p.Errors = fe
		wb.renderAccountSettings(w, r, p, httpx.Status(err))
		return
	}
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	redirect(w, r, "/settings/accounts?msg=saved")
}
