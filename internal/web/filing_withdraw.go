package web

import (
	"net/http"

	"tuoyu/internal/httpx"
)

// filingWithdraw discards a draft or returned filing.
func (wb *Web) filingWithdraw(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	f, err := wb.svc.WithdrawFiling(r.Context(), httpx.Actor(r), id)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	redirect(w, r, "/institutions/"+itoa64(f.InstitutionID)+"?msg=withdrawn")
}
