package api

import (
	"net/http"

	"supple/internal/coach"
	"supple/internal/httpx"
)

func (a *API) listExercises(w http.ResponseWriter, r *http.Request) error {
	httpx.WriteJSON(w, http.StatusOK, map[string]any{"exercises": a.plans.Library().All()})
	return nil
}

func (a *API) getExercise(w http.ResponseWriter, r *http.Request) error {
	e, ok := a.plans.Library().Get(r.PathValue("id"))
	if !ok {
		return &httpx.Problem{Status: http.StatusNotFound, Detail: "no exercise has the id " + r.PathValue("id")}
	}
	httpx.WriteJSON(w, http.StatusOK, e)
	return nil
}

// createPlan runs the coach on a profile and returns its result; the API
// keeps nothing.
func (a *API) createPlan(w http.ResponseWriter, r *http.Request) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && ct != "application/json" && !hasPrefixFold(ct, "application/json;") {
		return &httpx.Problem{Status: http.StatusUnsupportedMediaType, Detail: "send the profile as application/json"}
	}
	p, err := DecodeProfile(r.Body)
	switch {
	case httpx.TooLarge(err) != nil:
		return httpx.TooLarge(err)
	case err != nil:
		return bodyErr(err)
	}
	if e := coach.CheckProfileSwaps(p, a.plans.Library()); len(e) > 0 {
		return bodyErr(e)
	}
	httpx.WriteJSON(w, http.StatusOK, coach.Plan(p, a.plans.Library()))
	return nil
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) >= len(prefix) && equalFold(s[:len(prefix)], prefix)
}

func equalFold(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := 0; i < len(a); i++ {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}
