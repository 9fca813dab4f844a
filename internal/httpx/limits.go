package httpx

import (
	"errors"
	"fmt"
	"net/http"
)

// DefaultBodyLimit is the body limit of a request that no route in the
// limits takes (a wrong method, an unknown path).
const DefaultBodyLimit = 8 << 10

// LimitBodies gives each request's body the limit of the route mux sends
// it to (limits holds them by pattern), before anything reads the body:
// the session's form token check, the handler, for members and visitors
// alike. Reading past it fails with *http.MaxBytesError (TooLarge).
func LimitBodies(mux *http.ServeMux, limits map[string]int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Body != nil && r.Body != http.NoBody {
			_, pattern := mux.Handler(r)
			limit, ok := limits[pattern]
			if !ok {
				limit = DefaultBodyLimit
			}
			r.Body = http.MaxBytesReader(w, r.Body, limit)
		}
		next.ServeHTTP(w, r)
	})
}

// TooLarge is the 413 for err when err is a body over its limit, and nil
// otherwise.
func TooLarge(err error) *Error {
	var maxErr *http.MaxBytesError
	if !errors.As(err, &maxErr) {
		return nil
	}
	return &Error{Status: http.StatusRequestEntityTooLarge, Detail: fmt.Sprintf("the body is larger than %d bytes", maxErr.Limit)}
}
