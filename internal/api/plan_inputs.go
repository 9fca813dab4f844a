package api

import (
	"bytes"
	"errors"
	"net/http"

	"supple/internal/httpx"
	"supple/internal/plans"
	"supple/internal/validate"
)

// The routes of the member's plan inputs (docs/plan-inputs.md).
func (a *API) planInputRoutes() []route {
	return []route{
		{"PUT", "/api/v1/me/plan", jsonBody, a.putMyPlan},
		{"PATCH", "/api/v1/me/plan", jsonBody, a.patchMyPlan},
		{"PUT", "/api/v1/me/plan/swaps/{exercise}", jsonBody, a.putSwap},
		{"DELETE", "/api/v1/me/plan/swaps/{exercise}", noBody, a.deleteSwap},
	}
}

// putMyPlan makes a plan from a profile and makes it the member's active
// plan, as "Save to my account" does: 201 with the plan. A referral is
// not stored and answers 200 with the referral.
func (a *API) putMyPlan(w http.ResponseWriter, r *http.Request) error {
	u, err := a.member(w, r)
	if err != nil {
		return err
	}
	b, err := readBody(r, "application/json")
	if err != nil {
		return err
	}
	p, err := DecodeProfile(bytes.NewReader(b))
	if err != nil {
		return bodyErr(err)
	}
	pl, err := a.plans.CreateActive(r.Context(), u.ID, p)
	if err != nil {
		return err
	}
	if pl.Token == "" && pl.ID == 0 {
		w.Header().Set("Cache-Control", "no-store")
		httpx.WriteJSON(w, http.StatusOK, pl.Result)
		return nil
	}
	return a.writeMyPlan(w, r, http.StatusCreated)
}

// patchMyPlan changes days a week, minutes a day or equipment from the
// day to come on.
func (a *API) patchMyPlan(w http.ResponseWriter, r *http.Request) error {
	return a.changeMyPlan(w, r, func(userID int64) error {
		b, err := readBody(r, "application/json", "application/merge-patch+json")
		if err != nil {
			return err
		}
		var set plans.Settings
		if err := decodeStrict(b, &set, "settings", '{', ""); err != nil {
			return bodyErr(err)
		}
		if set.DaysPerWeek == nil && set.MinutesPerDay == nil && set.Access == nil {
			return validate.Errors{{Field: "", Message: "send days_per_week, minutes_per_day or access to change"}}
		}
		_, err = a.plans.ChangeSettings(r.Context(), userID, set)
		return err
	})
}

// putSwap makes the plan use another exercise instead of one: 422 naming
// the reason when it is not eligible.
func (a *API) putSwap(w http.ResponseWriter, r *http.Request) error {
	return a.changeMyPlan(w, r, func(userID int64) error {
		b, err := readBody(r, "application/json")
		if err != nil {
			return err
		}
		var body struct {
			With string `json:"with"`
		}
		if err := decodeStrict(b, &body, "swap", '{', ""); err != nil {
			return bodyErr(err)
		}
		if body.With == "" {
			return validate.Errors{{Field: "with", Message: "with is needed: the id of the exercise to use instead"}}
		}
		_, err = a.plans.SetSwap(r.Context(), userID, r.PathValue("exercise"), body.With)
		return err
	})
}

// deleteSwap undoes a swap: 404 when there is none.
func (a *API) deleteSwap(w http.ResponseWriter, r *http.Request) error {
	return a.changeMyPlan(w, r, func(userID int64) error {
		_, err := a.plans.UndoSwap(r.Context(), userID, r.PathValue("exercise"))
		return err
	})
}

// changeMyPlan runs change for the signed-in member and answers with
// their plan.
func (a *API) changeMyPlan(w http.ResponseWriter, r *http.Request, change func(userID int64) error) error {
	u, err := a.member(w, r)
	if err != nil {
		return err
	}
	if err := change(u.ID); err != nil {
		return planInputErr(err)
	}
	return a.writeMyPlan(w, r, http.StatusOK)
}

// writeMyPlan answers with the member's adapted plan, as GET /me/plan.
func (a *API) writeMyPlan(w http.ResponseWriter, r *http.Request, status int) error {
	st, err := a.current(w, r)
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	httpx.WriteJSON(w, status, adaptedPlanOf(st))
	return nil
}

func planInputErr(err error) error {
	switch {
	case errors.Is(err, plans.ErrNotFound):
		return &httpx.Problem{Status: http.StatusNotFound, Detail: noPlanDetail}
	case errors.Is(err, plans.ErrNoSwap):
		return &httpx.Problem{Status: http.StatusNotFound, Detail: plans.ErrNoSwap.Error()}
	}
	return err
}
