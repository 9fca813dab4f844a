package web

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"

	"supple/internal/account"
	"supple/internal/coach"
	"supple/internal/plans"
	"supple/internal/progress"
)

// savePlan gives the plan behind a link to the signed-in member; a
// visitor is sent to create an account (or log in) that saves it.
func (s *Site) savePlan(w http.ResponseWriter, r *http.Request) error {
	token := r.PathValue("token")
	v := visitorOf(r)
	if v.User == nil {
		http.Redirect(w, r, "/signup?save="+urlQuery(token), http.StatusSeeOther)
		return nil
	}
	pl, err := s.Plans.Get(r.Context(), token, v.User.ID)
	if err != nil {
		return err
	}
	old, err := s.replacement(r.Context(), v.User.ID)
	if err != nil {
		return err
	}
	switch err := s.Plans.Save(r.Context(), token, v.User.ID); {
	case errors.Is(err, plans.ErrNotFound):
		return errNotFound
	case err != nil:
		return err
	}
	msg := "Your plan is saved to your account."
	if old != nil && old.ID != pl.ID {
		msg = "This is now your plan. Your plan from " + old.Since + " is kept as an older plan."
	}
	if err := s.setFlash(r, "plan", planFlash{Notice: msg}); err != nil {
		return err
	}
	http.Redirect(w, r, "/me/plan", http.StatusSeeOther)
	return nil
}

// afterSignIn finishes a login or signup: with a plan to save it saves it
// and says so, unless it would replace the member's plan, which they
// confirm on the plan's page first. secret is the new session's. Without
// a page to go back to, an editor lands on the editor's desk.
func (s *Site) afterSignIn(w http.ResponseWriter, r *http.Request, u *account.User, secret string, f authForm) error {
	if f.Save == "" {
		to := safeNext(f.Next)
		switch {
		case f.Next != "":
		case u.Can(account.Editor):
			to = "/editor/"
		case u.Role == account.Clinician:
			to = "/clinic/" // the dashboard is what a clinician comes for
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
		return nil
	}
	userID := u.ID
	say := func(to, msg string) error {
		if err := s.setFlashFor(r, secret, "plan", planFlash{Notice: msg}); err != nil {
			return err
		}
		http.Redirect(w, r, to, http.StatusSeeOther)
		return nil
	}
	pl, err := s.Plans.Get(r.Context(), f.Save, userID)
	if errors.Is(err, plans.ErrNotFound) || errors.Is(err, plans.ErrOwned) {
		return say("/me/plan", "You are logged in, but we could not find the plan to save: its link may have expired.")
	}
	if err != nil {
		return err
	}
	owner, err := s.Plans.Owner(r.Context(), f.Save)
	switch {
	case err != nil && !errors.Is(err, plans.ErrNotFound):
		return err
	case owner == userID:
		return say("/me/plan", "You are logged in. This plan was already saved to your account.")
	case owner != 0 || errors.Is(err, plans.ErrNotFound):
		return say("/me/plan", "You are logged in, but we could not find the plan to save: its link may have expired.")
	}
	// A link someone else sent (/signup?save=T) must not become the
	// member's plan unseen: whoever made T would keep reading it. Only a
	// plan this browser made is saved at once; any other is shown first,
	// with its "Save to my account" button.
	if !s.madeHere(r, f.Save) {
		return say("/plan/"+f.Save, "You are logged in. This plan is not saved yet: look it over, then save it to your account below.")
	}
	if cur, err := s.Plans.Active(r.Context(), userID); err == nil && cur.ID != pl.ID {
		return say("/plan/"+f.Save, "You are logged in. This plan is not saved yet, because it would replace the plan you have: confirm below to make it your plan.")
	} else if err != nil && !errors.Is(err, plans.ErrNotFound) {
		return err
	}
	if err := s.Plans.Save(r.Context(), f.Save, userID); err != nil {
		return err
	}
	return say("/me/plan", "You are logged in, and your plan is saved to your account.")
}

// replaced is the member's plan that saving another one would replace.
type replaced struct {
	ID    int64
	Since string // the day it was made, in words
	// Sentence names what replaces what, for the confirmation.
	Sentence string
}

// replacement is the member's active plan in words; nil when they have
// none.
func (s *Site) replacement(ctx context.Context, userID int64) (*replaced, error) {
	st, err := s.Progress.Current(ctx, userID, "")
	if errors.Is(err, progress.ErrNoPlan) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("web: plan to replace: %w", err)
	}
	done := 0
	for _, l := range st.Logs {
		if l.Kind != "activity" && l.Done {
			done++
		}
	}
	where := fmt.Sprintf("%d weeks", coach.PlanWeeks)
	if st.Week > 0 {
		where = fmt.Sprintf("week %d of %d", st.Week, coach.PlanWeeks)
	}
	sessions := fmt.Sprintf("%d sessions logged", done)
	if done == 1 {
		sessions = "1 session logged"
	}
	since := st.Plan.Created.Format("2 January 2006")
	return &replaced{ID: st.Plan.ID, Since: since, Sentence: fmt.Sprintf("This replaces your plan from %s (%s, %s). That plan and its logs are kept as an older plan. Your progress charts, today’s page and your clinician still see its sessions; the new plan's weeks, counts and adherence start from its own first day.", since, where, sessions)}, nil
}

// planMade sends the person to the plan /start has just made. A signed-in
// member without a plan gets it saved at once; one with a plan sees the
// new plan with the confirmation that names what it replaces.
func (s *Site) planMade(w http.ResponseWriter, r *http.Request, pl *plans.Plan) error {
	u := visitorOf(r).User
	if u == nil {
		// The browser remembers the plan it made, so that signing up to
		// save it saves it at once (afterSignIn).
		http.SetCookie(w, &http.Cookie{Name: madeCookie, Value: pl.Token, Path: "/", HttpOnly: true, Secure: s.secure,
			SameSite: http.SameSiteLaxMode})
		http.Redirect(w, r, "/plan/"+pl.Token, http.StatusSeeOther)
		return nil
	}
	switch _, err := s.Plans.Active(r.Context(), u.ID); {
	case err == nil:
		http.Redirect(w, r, "/plan/"+pl.Token, http.StatusSeeOther)
		return nil
	case !errors.Is(err, plans.ErrNotFound):
		return err
	}
	if err := s.Plans.Save(r.Context(), pl.Token, u.ID); err != nil {
		return err
	}
	if err := s.setFlash(r, "plan", planFlash{Notice: "Your new plan is saved to your account."}); err != nil {
		return err
	}
	http.Redirect(w, r, "/me/plan", http.StatusSeeOther)
	return nil
}

// madeCookie holds the token of the last plan this browser made as a
// visitor (a browser-session cookie).
const madeCookie = "supple_made"

// madeHere says whether this browser made the plan behind token.
func (s *Site) madeHere(r *http.Request, token string) bool {
	c, err := r.Cookie(madeCookie)
	return err == nil && subtle.ConstantTimeCompare([]byte(c.Value), []byte(token)) == 1
}
