package api

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"tuoyu/internal/authz"
	"tuoyu/internal/httpx"
)

func init() { routeGroups = append(routeGroups, (*API).exportRoutes) }

func (a *API) exportRoutes() []httpx.Route {
	return []httpx.Route{
		{Method: "GET", Pattern: "/api/v1/institutions/{id}/children.xlsx", Permission: authz.DataExport,
			Summary: "Excel export of the children enrolled now (ID numbers masked; audited), streamed", Handler: a.exportData("children"), Query: []string{"lang"}},
		{Method: "GET", Pattern: "/api/v1/institutions/{id}/staff.xlsx", Permission: authz.DataExport,
			Summary: "Excel export of the current staff with certificates (ID numbers masked; audited), streamed", Handler: a.exportData("staff"), Query: []string{"lang"}},
		{Method: "GET", Pattern: "/api/v1/institutions/{id}/attendance.xlsx", Permission: authz.DataExport,
			Summary: "Excel export of a month of attendance (?month=YYYY-MM, default this month): summary grid and a row per child-day (audited), streamed",
			Handler: a.exportData("attendance"), Query: []string{"month", "lang"}},
	}
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// exportData streams one of an institution's exports. The workbook is
// built before the first byte is sent, so a refusal is still a JSON error.
func (a *API) exportData(what string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		id, err := pathID(r, "id")
		if err != nil {
			a.WriteError(w, r, err)
			return
		}
		lang := requestLang(r)
		month := r.URL.Query().Get("month")
		name := fmt.Sprintf("%s-%d.xlsx", what, id)
		var run func(ctx context.Context, out io.Writer) (int, error)
		switch what {
		case "children":
			run = func(ctx context.Context, out io.Writer) (int, error) {
				return a.svc.ExportChildren(ctx, httpx.Actor(r), id, lang, out)
			}
		case "staff":
			run = func(ctx context.Context, out io.Writer) (int, error) {
				return a.svc.ExportStaff(ctx, httpx.Actor(r), id, lang, out)
			}
		default:
			if month != "" && len(month) == 7 {
				name = fmt.Sprintf("%s-%d-%s.xlsx", what, id, month)
			}
			run = func(ctx context.Context, out io.Writer) (int, error) {
				return a.svc.ExportAttendance(ctx, httpx.Actor(r), id, month, lang, out)
			}
		}
		out := &download{w: w, contentType: xlsxType, filename: name}
		if _, err := run(r.Context(), out); err != nil {
			if out.started {
				a.log.Error("export failed while sending", "path", r.URL.Path, "err", err)
				return
			}
			a.WriteError(w, r, err)
		}
	}
}
