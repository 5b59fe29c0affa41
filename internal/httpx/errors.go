package httpx

import (
	"errors"
	"net/http"

	"tuoyu/internal/domain"
)

// Public returns the error as users may see it: a *domain.Error, or a
// generic internal error that hides the cause.
// RetryAfterSeconds is what a busy refusal asks the client to wait.
const RetryAfterSeconds = "1"

// RetryAfter sets Retry-After on a busy refusal (503): the client may send
// the same request again after a second; nothing was written.
func RetryAfter(w http.ResponseWriter, e *domain.Error) {
	if e.Code == domain.CodeBusy {
		w.Header().Set("Retry-After", RetryAfterSeconds)
	}
}

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
