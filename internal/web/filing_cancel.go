package web

import (
	"net/http"
	"strings"

	"tuoyu/internal/domain"
	"tuoyu/internal/httpx"
)

type cancelData struct {
	Institution domain.Institution
}

// cancelForm asks a filed institution's director why the filing is to be
// cancelled (注销备案).
func (wb *Web) cancelForm(w http.ResponseWriter, r *http.Request) {
	in, ok := wb.institutionFor(w, r)
	if !ok {
		return
	}
	wb.renderCancel(w, r, newPage(r, "cancel.title"), http.StatusOK, in)
}

// cancelRequest submits the cancellation for the county's review.
func (wb *Web) cancelRequest(w http.ResponseWriter, r *http.Request) {
	in, ok := wb.institutionFor(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		wb.WriteError(w, r, domain.BadRequest("malformed form"))
		return
	}
	reason := strings.TrimSpace(r.PostForm.Get("reason"))
	f, err := wb.svc.RequestCancellation(r.Context(), httpx.Actor(r), in.ID, reason)
	if err != nil {
		p := newPage(r, "cancel.title")
		p.Form = r.PostForm
		switch {
		case fieldErrors(err) != nil:
			p.Errors = fieldErrors(err)
		case domain.ErrorCode(err) == domain.CodeConflict:
			p.Problem = "cancel.not_possible"
		default:
			wb.WriteError(w, r, err)
			return
		}
		wb.renderCancel(w, r, p, httpx.Status(err), in)
		return
	}
	redirect(w, r, "/filings/"+itoa64(f.ID)+"?msg=cancel_submitted")
}

func (wb *Web) renderCancel(w http.ResponseWriter, r *http.Request, p *Page, status int, in domain.Institution) {
	p.Heading = in.Name
	p.Active = "institutions"
	p.Data = cancelData{Institution: in}
	wb.render(w, r, status, "cancel", p)
}
