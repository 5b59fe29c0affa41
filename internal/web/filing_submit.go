package web

import "net/http"

// filingSubmit submits a draft or returned filing as it was saved; when
// something is missing the form shows what.
func (wb *Web) filingSubmit(w http.ResponseWriter, r *http.Request) {
	v, in, ok := wb.filingFor(w, r)
	if !ok {
		return
	}
	wb.submitAndShow(w, r, v.ID, in, nil)
}
