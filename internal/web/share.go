package web

import (
	"errors"
	"net/http"
	"strconv"

	"supple/internal/progress"
	"supple/internal/validate"
)

// createShare makes a read-only link for a physiotherapist and shows it
// once on the progress page.
func (s *Site) createShare(w http.ResponseWriter, r *http.Request) {
	v, ok := s.requireUser(w, r)
	if !ok {
		return
	}
	if err := r.ParseForm(); err != nil {
		http.Error(w, "The form is too large.", http.StatusRequestEntityTooLarge)
		return
	}
	form := shareForm{Label: r.PostForm.Get("label")}
	form.Days, _ = strconv.Atoi(r.PostForm.Get("expires"))
	ns, err := s.Progress.CreateShare(r.Context(), v.User.ID, form.Days, form.Label)
	var ve validate.Errors
	status, alert := http.StatusCreated, ""
	switch {
	case errors.As(err, &ve):
		form.Errors = map[string]string{}
		for _, e := range ve {
			form.Errors[e.Field] = sentence(e.Message)
		}
		status, alert = http.StatusUnprocessableEntity, sentence(ve[0].Message)
	case errors.Is(err, progress.ErrNoPlan):
		status, alert = http.StatusConflict, "You need a saved plan before you can share your progress."
	case err != nil:
		s.serverError(w, r, err)
		return
	}
	pv, berr := s.buildProgress(r.Context(), v.User.ID)
	if berr != nil {
		s.serverError(w, r, berr)
		return
	}
	pv.Form = form
	if err == nil {
		pv.New, pv.NewURL = &ns, s.abs("/share/"+ns.Token)
		pv.Form = shareForm{Days: 30}
	}
	s.showMyProgress(w, r, status, pv, v.User.ID, alert)
}

// revokeShare withdraws one of the member's links at once.
func (s *Site) revokeShare(w http.ResponseWriter, r *http.Request) {
	v, ok := s.requireUser(w, r)
	if !ok {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err == nil {
		err = s.Progress.RevokeShare(r.Context(), v.User.ID, id)
	}
	switch {
	case err != nil && (errors.Is(err, progress.ErrNotFound) || errors.Is(err, strconv.ErrSyntax) || errors.Is(err, strconv.ErrRange)):
		s.NotFound(w, r)
	case err != nil:
		s.serverError(w, r, err)
	default:
		http.Redirect(w, r, "/me/progress?revoked=1#share", http.StatusSeeOther)
	}
}

// sharedProgress loads the plan and progress behind a share link, or
// answers 404 (unknown) or 410 (expired or withdrawn) itself.
func (s *Site) sharedProgress(w http.ResponseWriter, r *http.Request) (*progressView, bool) {
	token := r.PathValue("token")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Robots-Tag", "noindex, nofollow")
	w.Header().Set("Referrer-Policy", "no-referrer")
	uid, sh, err := s.Progress.SharedUser(r.Context(), token)
	switch {
	case errors.Is(err, progress.ErrNotFound):
		s.NotFound(w, r)
		return nil, false
	case errors.Is(err, progress.ErrShareGone):
		s.render(w, r, http.StatusGone, "message", &Page{Title: "Link no longer works", NoIndex: true, Data: map[string]string{
			"Heading": "This link no longer works", "Text": "This link has expired or was withdrawn; ask for a new one."}})
		return nil, false
	case err != nil:
		s.serverError(w, r, err)
		return nil, false
	}
	pv, err := s.buildProgress(r.Context(), uid)
	if err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	pv.Shared, pv.ShareURL = &sh, "/share/"+token
	return pv, true
}

// sharePage shows a member's plan and progress, read-only, to whoever
// has the link (a physiotherapist, without an account).
func (s *Site) sharePage(w http.ResponseWriter, r *http.Request) {
	pv, ok := s.sharedProgress(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "progress", &Page{Title: "Shared progress", NoIndex: true, Data: pv})
}

// shareSummary is the printable one-page summary behind a share link.
func (s *Site) shareSummary(w http.ResponseWriter, r *http.Request) {
	pv, ok := s.sharedProgress(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "summary", &Page{Title: "Progress summary", NoIndex: true, Data: pv})
}
