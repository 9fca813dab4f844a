package httpx

import (
	"database/sql"
	"errors"
	"net/http"
	"strings"

	"supple/internal/account"
	"supple/internal/clinic"
	"supple/internal/plans"
	"supple/internal/progress"
	"supple/internal/rating"
	"supple/internal/store"
	"supple/internal/validate"
)

// HandlerFunc is a page or API handler: it writes its answer, or returns
// the error that its package's renderer turns into one (web: an HTML
// page; api: problem+json). A handler that has written nothing yet may
// return any error; one that has begun writing returns nil.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Error is a refusal the person may read as it is: a status and a
// sentence, and the field to blame when there is one.
type Error struct {
	Status int
	Field  string
	Detail string
}

func (e *Error) Error() string { return e.Detail }

// NewError is an Error with status and detail.
func NewError(status int, detail string) *Error { return &Error{Status: status, Detail: detail} }

// sentinels is the one table of domain errors and the status each one
// answers, on the pages and the API alike.
var sentinels = []struct {
	err    error
	status int
}{
	{store.ErrNotFound, http.StatusNotFound},
	{plans.ErrNotFound, http.StatusNotFound},
	{plans.ErrOwned, http.StatusNotFound},
	{progress.ErrNotFound, http.StatusNotFound},
	{account.ErrNotFound, http.StatusNotFound},
	{progress.ErrNoFeed, http.StatusNotFound},
	{progress.ErrShareGone, http.StatusGone},
	{progress.ErrNoPlan, http.StatusConflict},
	{progress.ErrDuplicate, http.StatusConflict},
	{progress.ErrLived, http.StatusConflict},
	{progress.ErrCheckedIn, http.StatusConflict},
	{store.ErrDuplicate, http.StatusConflict},
	{rating.ErrLimited, http.StatusTooManyRequests},
	{rating.ErrFeedbackLimited, http.StatusTooManyRequests},
	{account.ErrCredentials, http.StatusUnauthorized},
	{account.ErrNoSession, http.StatusUnauthorized},
	{account.ErrUnconfirmed, http.StatusForbidden},
	{account.ErrSignup, http.StatusUnprocessableEntity},
	{account.ErrLinkUnknown, http.StatusNotFound},
	{account.ErrLinkUsed, http.StatusGone},
	{account.ErrLinkExpired, http.StatusGone},
	{account.ErrBusy, http.StatusServiceUnavailable},
	{clinic.ErrNotFound, http.StatusNotFound},
	{clinic.ErrCodeUnknown, http.StatusNotFound},
	{clinic.ErrCodeExpired, http.StatusGone},
	{clinic.ErrCodeUsed, http.StatusGone},
	{clinic.ErrNotMember, http.StatusForbidden},
	{clinic.ErrNotClinician, http.StatusForbidden},
	{clinic.ErrLinked, http.StatusConflict},
	// The services and the database close while the server shuts down.
	{rating.ErrClosed, http.StatusServiceUnavailable},
	{sql.ErrConnDone, http.StatusServiceUnavailable},
}

// Status is the HTTP status err answers: the status an *Error,
// *BodyError or *Problem carries, 422 for validation errors, 429 for
// account limits, the table above for domain sentinels, and 500 for
// anything else.
func Status(err error) int {
	status, _ := lookup(err)
	return status
}

// Public is what the person may read about err: its own words for the
// errors Status knows, the sentinel's text (not the context wrapped
// around it), and "" for an unexpected error, which is never shown.
func Public(err error) string {
	_, msg := lookup(err)
	return msg
}

func lookup(err error) (int, string) {
	var (
		he   *Error
		body *BodyError
		p    *Problem
		verr validate.Errors
		lim  *account.LimitedError
	)
	switch {
	case errors.As(err, &he):
		return he.Status, he.Detail
	case errors.As(err, &body):
		return body.Status, body.Detail
	case errors.As(err, &p):
		return p.Status, p.Detail
	case errors.As(err, &verr):
		return http.StatusUnprocessableEntity, verr.Error()
	case errors.As(err, &lim):
		return http.StatusTooManyRequests, lim.Error()
	}
	for _, s := range sentinels {
		if errors.Is(err, s.err) {
			return s.status, s.err.Error()
		}
	}
	return http.StatusInternalServerError, ""
}

// BearerToken is the token of an "Authorization: Bearer" header; ok
// says the header is there (the token may still be empty or wrong).
func BearerToken(r *http.Request) (token string, ok bool) {
	return strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
}

// IsAPI reports whether r is for the JSON API (answered with JSON and
// problem+json) rather than a page.
func IsAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// methods are the methods Allowed probes for, in the order Allow lists them.
var methods = []string{http.MethodDelete, http.MethodGet, http.MethodHead, http.MethodPatch, http.MethodPost, http.MethodPut}

// Allowed lists the methods that mux has a route of its own for at r's
// path (a pattern with a method, not a catch-all such as "/"), HEAD
// wherever GET is: the Allow header of a 405.
func Allowed(mux *http.ServeMux, r *http.Request) []string {
	var allow []string
	for _, m := range methods {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := mux.Handler(probe); strings.Contains(pattern, " ") {
			allow = append(allow, m)
		}
	}
	return allow
}

// MethodNotAllowed sets Allow and returns the 405 to answer with.
func MethodNotAllowed(w http.ResponseWriter, allow []string) *Error {
	list := strings.Join(allow, ", ")
	w.Header().Set("Allow", list)
	return &Error{Status: http.StatusMethodNotAllowed, Detail: "this address takes only " + list + " requests"}
}
