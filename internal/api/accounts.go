package api

import (
	"net/http"

	"tuoyu/internal/account"
	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
	"tuoyu/internal/service"
)

// accountsRoutes: guardians' sign-up, own password, the accounts a manager
// keeps (authz.ManageTable), the password policy's settings.
func (a *API) accountsRoutes() []httpx.Route {
	ok, created := http.StatusOK, http.StatusCreated
	return []httpx.Route{
		{Method: "POST", Pattern: "/api/v1/signup", Permission: authz.Public, Summary: "A parent with an invitation code creates a guardian account linked to the child", Handler: a.withBody(created, a.signUp), Request: account.SignUp{}, Response: account.SignedUp{}},
		{Method: "POST", Pattern: "/api/v1/me/password", Permission: authz.Authenticated, PasswordChange: true, Summary: "Change one's own password (the old one required); ends the other sessions", Handler: a.withBody(ok, a.changePassword), Request: account.PasswordChange{}},
		{Method: "GET", Pattern: "/api/v1/account-settings", Permission: authz.Authenticated, PasswordChange: true, Summary: "The password policy's settings", Handler: a.handle(ok, a.accountSettings), Response: account.Settings{}},
		{Method: "PUT", Pattern: "/api/v1/account-settings", Permission: authz.UserManage, Summary: "Change the password policy's settings", Handler: a.withBody(ok, a.setAccountSettings), Request: account.Settings{}, Response: account.Settings{}},
		{Method: "GET", Pattern: "/api/v1/accounts", Permission: authz.AccountManage, Summary: "Accounts the caller manages", Handler: a.handle(ok, a.listAccounts), Query: []string{"role", "status", "name", "page", "per_page"}, Response: List[account.Account]{}},
		{Method: "POST", Pattern: "/api/v1/accounts", Permission: authz.AccountManage, Summary: "Create an account in the caller's reach; returns its first password, shown once", Handler: a.withBody(created, a.createAccount), Request: account.NewAccount{}, Response: account.Handover{}},
		{Method: "GET", Pattern: "/api/v1/accounts/{id}", Permission: authz.AccountManage, Summary: "One account (404 outside the caller's reach)", Handler: a.handle(ok, a.getAccount), Response: account.Account{}},
		{Method: "PUT", Pattern: "/api/v1/accounts/{id}", Permission: authz.AccountManage, Summary: "Change an account's role, scope or display name", Handler: a.withBody(ok, a.updateAccount), Request: account.Change{}, Response: account.Account{}},
		{Method: "POST", Pattern: "/api/v1/accounts/{id}/disable", Permission: authz.AccountManage, Summary: "Disable an account and end its sessions", Handler: a.handle(ok, a.disableAccount(true))},
		{Method: "POST", Pattern: "/api/v1/accounts/{id}/enable", Permission: authz.AccountManage, Summary: "Enable an account again", Handler: a.handle(ok, a.disableAccount(false))},
		{Method: "POST", Pattern: "/api/v1/accounts/{id}/password-reset", Permission: authz.AccountManage, Summary: "Reset a password: a one-time code, shown once, to be changed at the next login", Handler: a.handle(ok, a.resetPassword), Response: account.Handover{}},
	}
}

func (a *API) signUp(r *http.Request, w http.ResponseWriter) (any, error) {
	var req account.SignUp
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	return a.Account.SignUpGuardian(r.Context(), httpx.ClientIP(r), req)
}

func (a *API) changePassword(r *http.Request, w http.ResponseWriter) (any, error) {
	var req account.PasswordChange
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	return map[string]bool{"changed": true}, a.Account.ChangePassword(r.Context(), httpx.Actor(r), req)
}

func (a *API) accountSettings(r *http.Request) (any, error) {
	return a.Account.Settings(r.Context(), httpx.Actor(r))
}

func (a *API) setAccountSettings(r *http.Request, w http.ResponseWriter) (any, error) {
	var req account.Settings
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	return a.Account.SetSettings(r.Context(), httpx.Actor(r), req)
}

func (a *API) listAccounts(r *http.Request) (any, error) {
	q := r.URL.Query()
	p := page(r)
	items, total, err := a.Account.Accounts(r.Context(), httpx.Actor(r), account.Filter{Role: domain.Role(q.Get("role")), Status: q.Get("status"), Name: q.Get("name")}, p)
	return list(items, total, p), err
}

func (a *API) createAccount(r *http.Request, w http.ResponseWriter) (any, error) {
	var req account.NewAccount
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	return a.Account.Create(r.Context(), httpx.Actor(r), req)
}

func (a *API) getAccount(r *http.Request) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return a.Account.Account(r.Context(), httpx.Actor(r), id)
}

func (a *API) updateAccount(r *http.Request, w http.ResponseWriter) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	var req account.Change
	if err := decode(w, r, &req); err != nil {
		return nil, err
	}
	return a.Account.Update(r.Context(), httpx.Actor(r), id, req)
}

func (a *API) disableAccount(disabled bool) func(*http.Request) (any, error) {
	return func(r *http.Request) (any, error) {
		id, err := pathID(r, "id")
		if err != nil {
			return nil, err
		}
		return map[string]bool{"disabled": disabled}, a.Account.SetDisabled(r.Context(), httpx.Actor(r), id, disabled)
	}
}

func (a *API) resetPassword(r *http.Request) (any, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return a.Account.ResetPassword(r.Context(), httpx.Actor(r), id)
}

// institutionRequest is a new institution with, optionally, its director's login.
type institutionRequest struct {
	service.NewInstitution
	Director *account.Director `json:"director,omitempty"`
}

// institutionResponse is the institution and, when asked for, its
// director's login with the first password (shown once).
type institutionResponse struct {
	domain.Institution
	Director *account.Handover `json:"director,omitempty"`
}
