package web

import (
	"net/http"

	"tuoyu/internal/httpx"
	"tuoyu/internal/service"
)

type receiptData struct {
	Receipt  service.FilingReceipt
	Township string
}

// filingReceipt is the printable 备案回执 of a filed version.
func (wb *Web) filingReceipt(w http.ResponseWriter, r *http.Request) {
	id, err := pathID(r, "id")
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	rc, err := wb.svc.FilingReceipt(r.Context(), httpx.Actor(r), id)
	if err != nil {
		wb.WriteError(w, r, err)
		return
	}
	p := newPage(r, "receipt.title")
	p.Heading = rc.Filing.Institution
	p.Active = "filings"
	p.Data = receiptData{Receipt: rc, Township: wb.names(r.Context()).Name(rc.Filing.Data.TownshipCode)}
	wb.render(w, r, http.StatusOK, "filing_receipt", p)
}
