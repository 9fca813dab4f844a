package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"supple/internal/account"
	"supple/internal/coach"
	"supple/internal/plans"
	"supple/internal/progress"
	"supple/internal/validate"
)

func urlQuery(s string) string { return url.QueryEscape(s) }

func itoa(n int) string { return strconv.Itoa(n) }

// safeNext keeps a redirect target on this site.
func safeNext(next string) string {
	if !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/me/plan"
	}
	return next
}

type authForm struct {
	Email, Next, Error string
	Errors             validate.Errors
}

func (s *Site) loginPage(w http.ResponseWriter, r *http.Request) {
	if visitorOf(r).User != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return
	}
	s.render(w, r, http.StatusOK, "login", &Page{Title: "Log in", NoIndex: true, Data: authForm{Next: r.URL.Query().Get("next")}})
}

func (s *Site) login(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "The form is too large.", http.StatusRequestEntityTooLarge)
		return
	}
	f := authForm{Email: r.PostForm.Get("email"), Next: r.PostForm.Get("next")}
	u, secret, err := s.Accounts.Login(r.Context(), f.Email, r.PostForm.Get("password"), s.client(r))
	var limited *account.LimitedError
	switch {
	case errors.As(err, &limited):
		f.Error = sentence(limited.Error())
		w.Header().Set("Retry-After", itoa(int(limited.RetryAfter.Seconds())+1))
		s.render(w, r, http.StatusTooManyRequests, "login", &Page{Title: "Log in", NoIndex: true, Alert: f.Error, Data: f})
		return
	case errors.Is(err, account.ErrCredentials):
		f.Error = "The email address or password is not right. Please try again."
		s.render(w, r, http.StatusUnauthorized, "login", &Page{Title: "Log in", NoIndex: true, Alert: f.Error, Data: f})
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	if old := visitorOf(r).Secret; old != "" {
		_ = s.Accounts.Logout(r.Context(), old)
	}
	s.setSession(w, secret)
	s.Log.Info("login", "user", u.ID)
	http.Redirect(w, r, safeNext(f.Next), http.StatusSeeOther)
}

func (s *Site) signupPage(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "signup", &Page{Title: "Create an account", NoIndex: true, Data: authForm{Next: r.URL.Query().Get("next")}})
}

func (s *Site) signup(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 8<<10)
	if err := r.ParseForm(); err != nil {
		http.Error(w, "The form is too large.", http.StatusRequestEntityTooLarge)
		return
	}
	f := authForm{Email: r.PostForm.Get("email"), Next: r.PostForm.Get("next")}
	pw := r.PostForm.Get("password")
	u, err := s.Accounts.Create(r.Context(), f.Email, pw, account.Member)
	var ve validate.Errors
	switch {
	case errors.As(err, &ve):
		f.Errors, f.Error = ve, ve[0].Message+"."
		s.render(w, r, http.StatusUnprocessableEntity, "signup", &Page{Title: "Create an account", NoIndex: true, Alert: f.Error, Data: f})
		return
	case errors.Is(err, account.ErrSignup):
		f.Error = sentence(err.Error())
		s.render(w, r, http.StatusConflict, "signup", &Page{Title: "Create an account", NoIndex: true, Alert: f.Error, Data: f})
		return
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	secret, err := s.Accounts.StartSession(r.Context(), u)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.setSession(w, secret)
	http.Redirect(w, r, safeNext(f.Next), http.StatusSeeOther)
}

func (s *Site) logout(w http.ResponseWriter, r *http.Request) {
	if v := visitorOf(r); v.Secret != "" {
		if err := s.Accounts.Logout(r.Context(), v.Secret); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	s.clearSession(w)
	http.Redirect(w, r, "/", http.StatusSeeOther)
}

type settingsData struct {
	User    *account.User
	Error   string
	Errors  validate.Errors
	Done    string
	Profile *coach.Profile // the answers behind the active plan
	// Calendar is the "Calendar reminders" section (calendar.go).
	Calendar calendarSettings
}

func (s *Site) settings(w http.ResponseWriter, r *http.Request) {
	v, ok := s.requireUser(w, r)
	if !ok {
		return
	}
	d := s.settingsFor(r, v.User)
	switch r.URL.Query().Get("done") {
	case "password":
		d.Done = "Your password is changed. Other devices were logged out."
	}
	w.Header().Set("Cache-Control", "no-store")
	s.render(w, r, http.StatusOK, "settings", &Page{Title: "Settings", NoIndex: true, Data: d})
}

// settingsFor is the settings page's data, with the active plan's answers.
func (s *Site) settingsFor(r *http.Request, u *account.User) settingsData {
	d := settingsData{User: u}
	if pl, err := s.Plans.Active(r.Context(), u.ID); err == nil {
		d.Profile = &pl.Profile
	}
	d.Calendar = s.calendarSettingsFor(r, u)
	return d
}

func (s *Site) changePassword(w http.ResponseWriter, r *http.Request) {
	v, ok := s.requireUser(w, r)
	if !ok {
		return
	}
	err := s.Accounts.ChangePassword(r.Context(), v.User, r.PostFormValue("current"), r.PostFormValue("password"), v.Secret)
	var ve validate.Errors
	var limited *account.LimitedError
	switch {
	case errors.As(err, &limited):
		d := s.settingsFor(r, v.User)
		d.Error = "Too many wrong passwords; please wait " + itoa(int(limited.RetryAfter.Minutes())+1) + " minutes and try again."
		w.Header().Set("Retry-After", itoa(int(limited.RetryAfter.Seconds())+1))
		s.render(w, r, http.StatusTooManyRequests, "settings", &Page{Title: "Settings", NoIndex: true, Alert: d.Error, AlertLink: "#password", Data: d})
	case errors.As(err, &ve):
		d := s.settingsFor(r, v.User)
		d.Errors, d.Error = ve, ve[0].Message+"."
		s.render(w, r, http.StatusUnprocessableEntity, "settings", &Page{Title: "Settings", NoIndex: true, Alert: d.Error, AlertLink: "#password", Data: d})
	case err != nil:
		s.serverError(w, r, err)
	default:
		http.Redirect(w, r, "/me/settings?done=password", http.StatusSeeOther)
	}
}

func (s *Site) logoutEverywhere(w http.ResponseWriter, r *http.Request) {
	v, ok := s.requireUser(w, r)
	if !ok {
		return
	}
	if err := s.Accounts.LogoutEverywhere(r.Context(), v.User.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.clearSession(w)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
}

// myPlan shows the member's active plan.
func (s *Site) myPlan(w http.ResponseWriter, r *http.Request) {
	v, ok := s.requireUser(w, r)
	if !ok {
		return
	}
	st, err := s.Progress.Current(r.Context(), v.User.ID, "")
	if errors.Is(err, progress.ErrNoPlan) {
		s.render(w, r, http.StatusOK, "message", &Page{Title: "My plan", NoIndex: true, Data: map[string]string{
			"Heading": "You have no plan yet", "Text": "Answer a few questions to get a gentle 12-week plan; it will be kept here.",
			"Link": "/start", "LinkText": "Build my plan"}})
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if st.Result.Status == coach.StatusReferred {
		s.showPaused(w, r, st.Result)
		return
	}
	// The member's plan as their logs have adapted it.
	pl := *st.Plan
	pl.Result = st.Result
	s.showPlan(w, r, &pl, true)
}

// savePlan gives the plan behind a link to the signed-in member.
func (s *Site) savePlan(w http.ResponseWriter, r *http.Request) {
	v := visitorOf(r)
	if v.User == nil {
		http.Redirect(w, r, "/login?next="+urlQuery("/plan/"+r.PathValue("token")), http.StatusSeeOther)
		return
	}
	err := s.Plans.Save(r.Context(), r.PathValue("token"), v.User.ID)
	switch {
	case errors.Is(err, plans.ErrNotFound):
		s.NotFound(w, r)
	case err != nil:
		s.serverError(w, r, err)
	default:
		http.Redirect(w, r, "/me/plan", http.StatusSeeOther)
	}
}
