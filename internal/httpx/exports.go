package httpx

import (
	"net/http"

	"tuoyu/internal/authz"
	"tuoyu/internal/service"
)

// Export is an Excel download of the API that pages link to. The API's
// route and the pages' links are both made from it, so they cannot drift.
type Export struct {
	Pattern    string // with {id}, the institution
	Permission authz.Permission
	Query      []string // the parameters it takes
}

// The API's exports of one institution's records.
var (
	ChildrenExport   = Export{"/api/v1/institutions/{id}/children.xlsx", authz.DataExport, []string{"lang"}}
	StaffExport      = Export{"/api/v1/institutions/{id}/staff.xlsx", authz.DataExport, []string{"lang"}}
	AttendanceExport = Export{"/api/v1/institutions/{id}/attendance.xlsx", authz.DataExport, []string{"month", "lang"}}
)

// AuditExport is the audit log in scope, with the audit list's filters.
var AuditExport = Export{"/api/v1/audit.xlsx", authz.AuditView, append(append([]string{}, service.AuditQueryParams...), "lang")}

// Route is the export's row of the API's route table.
func (e Export) Route(summary string, h http.HandlerFunc) Route {
	return Route{Method: "GET", Pattern: e.Pattern, Permission: e.Permission, Summary: summary, Handler: h, Query: e.Query}
}
