package web

import (
	"net/http"
	"net/url"
	"strconv"

	"tuoyu/internal/domain"
)

// Pager is the position in a paged list, with links that keep the filters.
type Pager struct {
	Page, PerPage, Total, Pages int
	First, Last                 int // the rows shown, counted from 1
	Prev, Next                  string
}

// pageOf reads ?page= and ?per_page= from a request.
func pageOf(r *http.Request, defaultPerPage int) domain.Page {
	p, _ := strconv.Atoi(r.URL.Query().Get("page"))
	n, _ := strconv.Atoi(r.URL.Query().Get("per_page"))
	if n == 0 {
		n = defaultPerPage
	}
	return domain.Page{Page: p, PerPage: n}.Normalised()
}

// newPager builds the pager of a list from the request's query, so the
// previous and next links keep every filter.
func newPager(r *http.Request, p domain.Page, total int) Pager {
	pg := Pager{Page: p.Page, PerPage: p.PerPage, Total: total, Pages: (total + p.PerPage - 1) / p.PerPage}
	if pg.Pages == 0 {
		pg.Pages = 1
	}
	if total > 0 && p.Offset() < total {
		pg.First = p.Offset() + 1
		pg.Last = min(p.Offset()+p.PerPage, total)
	}
	link := func(n int) string {
		q := url.Values{}
		for k, vs := range r.URL.Query() {
			if k == "msg" || k == "warn" {
				continue
			}
			q[k] = vs
		}
		q.Set("page", strconv.Itoa(n))
		return r.URL.Path + "?" + q.Encode()
	}
	if pg.Page > 1 {
		pg.Prev = link(min(pg.Page-1, pg.Pages))
	}
	if pg.Page < pg.Pages {
		pg.Next = link(pg.Page + 1)
	}
	return pg
}
