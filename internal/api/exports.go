package api

import (
	"context"
	"fmt"
	"io"
	"net/http"

	"tuoyu/internal/httpx"
)

func (a *API) exportRoutes() []httpx.Route {
	return []httpx.Route{
		httpx.ChildrenExport.Route("Excel export of the children enrolled now (ID numbers masked; audited), streamed", a.exportData("children")),
		httpx.StaffExport.Route("Excel export of the current staff with certificates (ID numbers masked; audited), streamed", a.exportData("staff")),
		httpx.AttendanceExport.Route("Excel export of a month of attendance (?month=YYYY-MM, default this month): summary grid and a row per child-day (audited), streamed",
			a.exportData("attendance")),
	}
}

const xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// exportData streams one of an institution's exports. The service checks
// access and input and runs its first query before the first byte is
// sent, so a refusal is still a JSON error.
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
				return a.Daily.ExportAttendance(ctx, httpx.Actor(r), id, month, lang, out)
			}
		}
		a.stream(w, r, xlsxType, name, func(out io.Writer) error {
			_, err := run(r.Context(), out)
			return err
		})
	}
}

// stream sends a download that run writes as it goes: the headers go out
// with the first byte, and until then a failure is an ordinary error
// response. Once bytes are sent the status cannot change, so a failure
// drops the connection: the client sees a failed download, never a cut
// file that looks complete (as a chunked response ended normally would).
func (a *API) stream(w http.ResponseWriter, r *http.Request, contentType, filename string, run func(io.Writer) error) {
	out := &download{w: w, contentType: contentType, filename: filename}
	err := run(out)
	if err == nil {
		return
	}
	if !out.started {
		a.WriteError(w, r, err)
		return
	}
	if r.Context().Err() != nil {
		a.log.Info("download abandoned by the client", "path", r.URL.Path, "err", err)
	} else {
		a.log.Error("download failed while sending", "path", r.URL.Path, "err", err)
	}
	panic(http.ErrAbortHandler)
}
