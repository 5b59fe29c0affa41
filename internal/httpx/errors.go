package httpx

import (
	"errors"
	"net/http"

	"tuoyu/internal/domain"
)

// Public returns the error as users may see it: a *domain.Error, or a
// generic internal error that hides the cause.
func Public(err error) *domain.Error {
	var e *domain.Error
	if errors.As(err, &e) {
		return e
	}
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return &domain.Error{Code: domain.CodeTooLarge, Message: "the request body is too large"}
	}
	return &domain.Error{Code: domain.CodeInternal, Message: "internal error"}
}
