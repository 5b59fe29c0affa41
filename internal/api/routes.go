package api

import (
	"net/http"
	"slices"

	"tuoyu/internal/authz"
	"tuoyu/internal/domain"
	"tuoyu/internal/growth"
	"tuoyu/internal/httpx"
	"tuoyu/internal/nip"
	"tuoyu/internal/service"
)

// withBody adapts a handler that decodes a request body.
func (a *API) withBody(status int, fn func(*http.Request, http.ResponseWriter) (any, error)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		v, err := fn(r, w)
		if err != nil {
			a.WriteError(w, r, err)
			return
		}
		writeJSON(w, status, v)
	}
}

// Routes is the API's route table: every group, in the order a reader
// meets them.
func (a *API) Routes() []httpx.Route {
	return slices.Concat(
		a.accountRoutes(),         // login, own sessions and tokens, registration
		a.accountsRoutes(),        // sign-up, own password, managed accounts
		a.registryRoutes(),        // institutions, filings, materials, public directory
		a.adminRoutes(),           // audit, accounts
		a.classRoutes(),           // classes
		a.childRoutes(),           // children, guardians, enrolment
		a.attendanceRoutes(),      // attendance, staff clock
		a.dailyRoutes(),           // checks, care log, notifications
		a.staffRoutes(),           // staff, blacklist
		a.complianceRoutes(),      // findings by institution
		a.billRoutes(),            // fees and bills
		a.standardRoutes(),        // local tightening of the national standard
		a.importRoutes(),          // Excel imports
		a.exportRoutes(),          // Excel exports
		a.calculatorRoutes(),      // growth and vaccination calculators
		a.supervisionRoutes(),     // registrations, checklists, plans, inspections, orders
		a.supervisionCaseRoutes(), // annual reviews, closures, complaints, CCTV, quality, public record
		a.statsRoutes(),           // indicators, values, DHIS2 export
		a.statsMonthlyRoutes(),    // institution monthly reports, planning, settings
		a.openAPIRoutes(),         // this API's description
	)
}

// accountRoutes: login, logout, own sessions and tokens; regions; self-registration.
func (a *API) accountRoutes() []httpx.Route {
	ok, created := http.StatusOK, http.StatusCreated
	return []httpx.Route{
		{Method: "POST", Pattern: "/api/v1/auth/login", Permission: authz.Public, Summary: "Log in; returns a bearer token", Handler: a.withBody(ok, a.login), Request: loginRequest{}, Response: loginResponse{}},
		{Method: "POST", Pattern: "/api/v1/auth/logout", Permission: authz.Authenticated, PasswordChange: true, Summary: "End the current session", Handler: a.handle(ok, a.logout)},
		{Method: "GET", Pattern: "/api/v1/me", Permission: authz.Authenticated, PasswordChange: true, Summary: "The logged-in account", Handler: a.handle(ok, a.me), Response: domain.User{}},
		{Method: "GET", Pattern: "/api/v1/me/sessions", Permission: authz.Authenticated, Summary: "Own live sessions and API tokens", Handler: a.handle(ok, a.sessions), Response: []domain.Session{}},
		{Method: "DELETE", Pattern: "/api/v1/me/sessions/{id}", Permission: authz.Authenticated, Summary: "End one of one's own sessions or tokens", Handler: a.handle(ok, a.endSession)},
		{Method: "POST", Pattern: "/api/v1/me/tokens", Permission: authz.Authenticated, Summary: "Create an API bearer token (shown once)", Handler: a.withBody(created, a.createToken), Request: tokenRequest{}, Response: service.APIToken{}},
		{Method: "GET", Pattern: "/api/v1/regions", Permission: authz.Public, Summary: "Children of a division (?parent=610600), with population", Handler: a.handle(ok, a.regions), Query: []string{"parent"}, Response: []domain.Region{}},
		{Method: "POST", Pattern: "/api/v1/register", Permission: authz.Public, Summary: "An operator registers an institution and becomes its director", Handler: a.withBody(created, a.register), Request: service.Registration{}, Response: registrationResponse{}},
	}
}

// registryRoutes: institutions, their filings and materials, the public directory.
func (a *API) registryRoutes() []httpx.Route {
	ok, created := http.StatusOK, http.StatusCreated
	return []httpx.Route{
		{Method: "GET", Pattern: "/api/v1/institutions", Permission: authz.InstitutionList, Summary: "Institutions in scope", Handler: a.handle(ok, a.listInstitutions), Query: []string{"region", "township", "status", "kind", "nature", "care_type", "puhui", "q", "page", "per_page"}, Response: List[domain.Institution]{}},
		{Method: "GET", Pattern: "/api/v1/institutions.xlsx", Permission: authz.InstitutionExport, Summary: "Excel export of the institutions in scope (same filters)", Handler: a.exportInstitutions, Query: []string{"region", "township", "status", "kind", "nature", "care_type", "puhui", "q"}},
		{Method: "POST", Pattern: "/api/v1/institutions", Permission: authz.InstitutionCreate, Summary: "Register an institution (county regulator)", Handler: a.withBody(created, a.createInstitution), Request: institutionRequest{}, Response: institutionResponse{}},
		{Method: "GET", Pattern: "/api/v1/institutions/{id}", Permission: authz.InstitutionView, Summary: "One institution (404 out of scope)", Handler: a.handle(ok, a.getInstitution), Response: domain.Institution{}},
		{Method: "GET", Pattern: "/api/v1/institutions/{id}/filings", Permission: authz.FilingView, Summary: "An institution's filings", Handler: a.handle(ok, a.institutionFilings), Response: List[domain.Filing]{}},
		{Method: "GET", Pattern: "/api/v1/institutions/{id}/filing-counts", Permission: authz.FilingView, Summary: "Counts a filing form starts from: live from the records, and those last filed", Handler: a.handle(ok, onID(a.svc.FilingCounts)), Response: service.FilingCounts{}},
		{Method: "POST", Pattern: "/api/v1/institutions/{id}/filings", Permission: authz.FilingEdit, Summary: "Start a filing (draft with the filing fields)", Handler: a.withBody(created, a.createFiling), Request: domain.FilingData{}, Response: domain.Filing{}},
		{Method: "POST", Pattern: "/api/v1/institutions/{id}/cancellation", Permission: authz.FilingEdit, Summary: "Submit a cancellation of the filing", Handler: a.withBody(created, a.requestCancellation), Request: cancellationRequest{}, Response: domain.Filing{}},
		{Method: "GET", Pattern: "/api/v1/filings", Permission: authz.FilingView, Summary: "Filings in scope; ?status=submitted is the worklist by due date", Handler: a.handle(ok, a.worklist), Query: []string{"status", "page", "per_page"}, Response: List[domain.Filing]{}},
		{Method: "GET", Pattern: "/api/v1/filings/{id}", Permission: authz.FilingView, Summary: "A filing with changes, missing materials and timeline", Handler: a.handle(ok, onID(a.svc.FilingDetail)), Response: service.FilingView{}},
		{Method: "GET", Pattern: "/api/v1/filings/{id}/receipt", Permission: authz.FilingView, Summary: "The filing receipt (备案回执) of a filed version", Handler: a.handle(ok, onID(a.svc.FilingReceipt)), Response: service.FilingReceipt{}},
		{Method: "PUT", Pattern: "/api/v1/filings/{id}", Permission: authz.FilingEdit, Summary: "Replace the form of a draft or returned filing", Handler: a.withBody(ok, a.updateFiling), Request: domain.FilingData{}, Response: domain.Filing{}},
		{Method: "POST", Pattern: "/api/v1/filings/{id}/materials", Permission: authz.FilingEdit, Summary: "Upload a material (multipart: type, file; PDF, JPEG or PNG, ≤ 10 MiB)", Handler: a.withBody(created, a.uploadMaterial), Response: domain.Material{}},
		{Method: "POST", Pattern: "/api/v1/filings/{id}/materials/{material}/replace", Permission: authz.FilingEdit, Summary: "Replace a material (a kept one of the filed version or an earlier upload) with a new file (multipart: file)", Handler: a.withBody(created, a.replaceMaterial), Response: domain.Material{}},
		{Method: "DELETE", Pattern: "/api/v1/filings/{id}/materials/{material}", Permission: authz.FilingEdit, Summary: "Remove a material from a draft", Handler: a.handle(ok, a.deleteMaterial)},
		{Method: "GET", Pattern: "/api/v1/materials/{id}", Permission: authz.FilingView, Summary: "A material's content, for preview", Handler: httpx.ServeMaterial(a.svc, a.WriteError)},
		{Method: "POST", Pattern: "/api/v1/filings/{id}/submit", Permission: authz.FilingEdit, Summary: "Submit for review; returns the filing with due_date", Handler: a.handle(ok, onID(a.svc.SubmitFiling)), Response: domain.Filing{}},
		{Method: "POST", Pattern: "/api/v1/filings/{id}/withdraw", Permission: authz.FilingEdit, Summary: "Discard a draft or returned filing", Handler: a.handle(ok, onID(a.svc.WithdrawFiling)), Response: domain.Filing{}},
		{Method: "POST", Pattern: "/api/v1/filings/{id}/decision", Permission: authz.FilingReview, Summary: "File (issuing a receipt number) or return with reasons", Handler: a.withBody(ok, a.decideFiling), Request: service.Decision{}, Response: domain.Filing{}},
		{Method: "GET", Pattern: "/api/v1/public/institutions", Permission: authz.Public, Summary: "Public directory of filed institutions", Handler: a.handle(ok, a.publicInstitutions), Query: []string{"region", "township", "care_type", "puhui", "q", "page", "per_page"}, Response: List[domain.PublicInstitution]{}},
	}
}

// adminRoutes: the audit trail and accounts.
func (a *API) adminRoutes() []httpx.Route {
	ok, created := http.StatusOK, http.StatusCreated
	return []httpx.Route{
		{Method: "GET", Pattern: "/api/v1/audit", Permission: authz.AuditView, Summary: "Audit events in scope", Handler: a.handle(ok, a.audit), Query: append(append([]string{}, service.AuditQueryParams...), "page", "per_page"), Response: List[domain.AuditEvent]{}},
		httpx.AuditExport.Route("Excel export of the audit events in scope with the same filters (audited), streamed", a.exportAudit),
		{Method: "GET", Pattern: "/api/v1/users", Permission: authz.UserManage, Summary: "Accounts", Handler: a.handle(ok, a.listUsers), Response: List[domain.User]{}},
		{Method: "POST", Pattern: "/api/v1/users", Permission: authz.UserManage, Summary: "Create an account with a role and a scope", Handler: a.withBody(created, a.createUser), Request: service.NewUser{}, Response: domain.User{}},
		{Method: "POST", Pattern: "/api/v1/users/{id}/disable", Permission: authz.UserManage, Summary: "Disable an account and end its sessions", Handler: a.handle(ok, a.setDisabled(true))},
		{Method: "POST", Pattern: "/api/v1/users/{id}/enable", Permission: authz.UserManage, Summary: "Enable an account", Handler: a.handle(ok, a.setDisabled(false))},
	}
}

// calculatorRoutes: the growth and vaccination calculators (nothing stored).
func (a *API) calculatorRoutes() []httpx.Route {
	ok := http.StatusOK
	return []httpx.Route{
		{Method: "POST", Pattern: "/api/v1/growth/assess", Permission: authz.Public, Summary: "WHO z-scores and WS/T 423 classification for one measurement (nothing stored)", Handler: a.withBody(ok, a.growthAssess), Request: growth.AssessInput{}, Response: growth.AssessOutput{}},
		{Method: "POST", Pattern: "/api/v1/immunization/check", Permission: authz.Public, Summary: "Check vaccination records against the national schedule (nothing stored)", Handler: a.withBody(ok, a.immunizationCheck), Request: immunizationRequest{}, Response: nip.Result{}},
		{Method: "GET", Pattern: "/api/v1/immunization/schedule", Permission: authz.Public, Summary: "The schedule for a birth date (nothing stored)", Handler: a.handle(ok, a.immunizationSchedule), Query: []string{"birth_date", "as_of", "sex"}, Response: nip.Result{}},
	}
}

func (a *API) openAPIRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/api/v1/openapi.json", Permission: authz.Public, Summary: "This API's OpenAPI document", Handler: a.openAPI},
	}
}
