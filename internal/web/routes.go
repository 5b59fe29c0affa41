package web

import (
	"slices"

	"tuoyu/internal/authz"
	"tuoyu/internal/httpx"
)

// Routes is the pages' route table: every group, in the order a reader
// meets them. Every row names the permission its handler needs; httpx.Guard
// checks it (and the login) before the handler runs. Pages for anonymous
// readers are authz.Public.
func (wb *Web) Routes() []httpx.Route {
	return slices.Concat(
		wb.homeRoutes(),                      // what needs attention, per role
		wb.accountRoutes(),                   // login, language, registration, own sessions
		wb.accountsRoutes(),                  // sign-up, own password, managed accounts
		wb.institutionRoutes(),               // institutions, their filings' start and cancellation
		wb.filingRoutes(),                    // worklist, filing form, materials, review
		wb.publicRoutes(),                    // public directory
		wb.classRoutes(),                     // classes
		wb.childListRoutes(),                 // an institution's children
		wb.enrolRoutes(),                     // enrolment form
		wb.childDetailRoutes(),               // one child
		wb.childPeopleRoutes(),               // guardians, pick-up persons, consents
		wb.guardianRoutes(),                  // a guardian's children, bills, notifications
		wb.attendanceRoutes(),                // attendance grid, staff clock
		wb.checkRoutes(),                     // morning checks
		wb.careLogRoutes(),                   // care log
		wb.staffRoutes(),                     // staff, certificates, accounts
		wb.blacklistRoutes(),                 // banned persons, refused hires
		wb.complianceRoutes(),                // findings and ranking
		wb.billRoutes(),                      // fees and bills
		wb.priceCapRoutes(),                  // 普惠 price caps
		wb.importRoutes(),                    // Excel imports
		wb.settingsRoutes(),                  // daily settings
		wb.statsRoutes(),                     // indicator dashboards, monthly reports
		wb.statsMonthlyRoutes(),              // institution monthly reports, planning, settings
		wb.supervisionRegistrationRoutes(),   // registrations pushed for filing
		wb.supervisionTemplateRoutes(),       // checklists
		wb.supervisionInspectionRoutes(),     // plans, inspections on a phone, findings
		wb.supervisionOrderRoutes(),          // rectification orders
		wb.supervisionComplaintRoutes(),      // complaints: public, hotline, handling, forwarded
		wb.supervisionPublicRoutes(),         // public record, closure notices
		wb.supervisionCCTVRoutes(),           // CCTV register
		wb.supervisionReviewRoutes(),         // annual reviews and closures
		wb.supervisionQualityRoutes(),        // quality assessments
		wb.supervisionQualityScoringRoutes(), // their scoring forms
		wb.supervisionDemonstrationRoutes(),  // demonstration institutions
		wb.supervisionSettingsRoutes(),       // case settings, order deadlines
		wb.auditRoutes(),                     // audit trail
		wb.calculatorRoutes(),                // growth and vaccination calculators
		wb.notFoundRoutes(),                  // "/" last
	)
}

// homeRoutes: the home page.
func (wb *Web) homeRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/{$}", Permission: authz.Authenticated, Summary: "Home: what needs attention, per role", Handler: wb.home},
	}
}

// accountRoutes: login, language, self-registration, own sessions.
func (wb *Web) accountRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/login", Permission: authz.Public, Summary: "Login form", Handler: wb.loginForm},
		{Method: "POST", Pattern: "/login", Permission: authz.Public, Summary: "Log in; sets the session cookie", Handler: wb.login},
		{Method: "POST", Pattern: "/logout", Permission: authz.Public, Summary: "Log out; clears the session cookie", Handler: wb.logout},
		{Method: "GET", Pattern: "/lang", Permission: authz.Public, Summary: "Switch language (?to=en&back=/path)", Handler: wb.switchLang},
		{Method: "POST", Pattern: "/lang", Permission: authz.Public, Summary: "Switch language (form: to, back)", Handler: wb.switchLang},
		{Method: "GET", Pattern: "/register", Permission: authz.Public, Summary: "Operator self-registration form", Handler: wb.registerForm},
		{Method: "POST", Pattern: "/register", Permission: authz.Public, Summary: "Register an institution and its director, then log in", Handler: wb.register},
		{Method: "GET", Pattern: "/me/sessions", Permission: authz.Authenticated, Summary: "Own sessions and API tokens", Handler: wb.sessionList},
		{Method: "POST", Pattern: "/me/sessions/{id}/end", Permission: authz.Authenticated, Summary: "End one of one's own sessions", Handler: wb.sessionEnd},
	}
}

// institutionRoutes: institutions, starting and cancelling their filings.
func (wb *Web) institutionRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/institutions", Permission: authz.InstitutionList, Summary: "Institutions in scope: filters, pages, Excel export", Handler: wb.institutionList},
		{Method: "GET", Pattern: "/institutions/new", Permission: authz.InstitutionCreate, Summary: "New institution form (county regulator)", Handler: wb.institutionNewForm},
		{Method: "POST", Pattern: "/institutions", Permission: authz.InstitutionCreate, Summary: "Create an institution", Handler: wb.institutionCreate},
		{Method: "GET", Pattern: "/institutions/{id}", Permission: authz.InstitutionView, Summary: "One institution with its filings", Handler: wb.institutionDetail},
		{Method: "GET", Pattern: "/institutions/{id}/filings/new", Permission: authz.FilingEdit, Summary: "Start a filing or a change filing", Handler: wb.filingNewForm},
		{Method: "POST", Pattern: "/institutions/{id}/filings", Permission: authz.FilingEdit, Summary: "Save a new filing draft", Handler: wb.filingCreate},
		{Method: "GET", Pattern: "/institutions/{id}/cancel", Permission: authz.FilingEdit, Summary: "Cancellation form", Handler: wb.cancelForm},
		{Method: "POST", Pattern: "/institutions/{id}/cancel", Permission: authz.FilingEdit, Summary: "Submit a cancellation of the filing", Handler: wb.cancelRequest},
	}
}

// filingRoutes: the worklist, the filing form and its materials, the review.
func (wb *Web) filingRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/filings", Permission: authz.FilingView, Summary: "Worklist: filings by status; submitted ones by due date", Handler: wb.worklist},
		{Method: "GET", Pattern: "/filings/{id}", Permission: authz.FilingView, Summary: "A filing: facts, changes, materials, timeline; the review form", Handler: wb.filingPage},
		{Method: "GET", Pattern: "/filings/{id}/receipt", Permission: authz.FilingView, Summary: "The printable filing receipt (备案回执) of a filed version", Handler: wb.filingReceipt},
		{Method: "GET", Pattern: "/filings/{id}/edit", Permission: authz.FilingEdit, Summary: "Filing form with materials", Handler: wb.filingEditForm},
		{Method: "POST", Pattern: "/filings/{id}/edit", Permission: authz.FilingEdit, Summary: "Save the filing form (and submit when asked)", Handler: wb.filingSave},
		{Method: "POST", Pattern: "/filings/{id}/materials", Permission: authz.FilingEdit, Summary: "Upload a material (multipart: type, file)", Handler: wb.materialUpload},
		{Method: "POST", Pattern: "/filings/{id}/materials/{material}/replace", Permission: authz.FilingEdit, Summary: "Replace a material with a new upload", Handler: wb.materialReplace},
		{Method: "POST", Pattern: "/filings/{id}/materials/{material}/delete", Permission: authz.FilingEdit, Summary: "Remove a material", Handler: wb.materialDelete},
		{Method: "POST", Pattern: "/filings/{id}/submit", Permission: authz.FilingEdit, Summary: "Submit a filing for review", Handler: wb.filingSubmit},
		{Method: "POST", Pattern: "/filings/{id}/withdraw", Permission: authz.FilingEdit, Summary: "Withdraw a draft or returned filing", Handler: wb.filingWithdraw},
		{Method: "POST", Pattern: "/filings/{id}/decision", Permission: authz.FilingReview, Summary: "File or return a submitted filing", Handler: wb.filingDecide},
		{Method: "GET", Pattern: "/materials/{id}", Permission: authz.FilingView, Summary: "A material, inline for preview", Handler: httpx.ServeMaterial(wb.svc, wb.WriteError)},
	}
}

// publicRoutes: the public directory.
func (wb *Web) publicRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/public", Permission: authz.Public, Summary: "Public directory of filed institutions", Handler: wb.publicDirectory},
	}
}

// auditRoutes: the audit trail.
func (wb *Web) auditRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/audit", Permission: authz.AuditView, Summary: "Audit events in scope", Handler: wb.auditList},
	}
}

// calculatorRoutes: the public calculators (nothing stored).
func (wb *Web) calculatorRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/calculators/growth", Permission: authz.Public, Summary: "Growth calculator: WHO z-scores, WS/T 423 and WHO classification, charts (?sex=&birth_date=&date=&age_days=&weight_kg=…)", Handler: wb.growthPage},
		{Method: "GET", Pattern: "/calculators/immunization", Permission: authz.Public, Summary: "Vaccination schedule and admission check (?birth_date=&as_of=&sex=&vaccine_0=&dose_0=&date_0=…)", Handler: wb.immunizationPage},
	}
}

// notFoundRoutes: every other path, a translated "not found" page. Without
// a method, so it never conflicts with the API's catch-all "/api/".
func (wb *Web) notFoundRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "", Pattern: "/", Permission: authz.Public, Summary: "Not found", Handler: wb.notFound},
	}
}
