package web

import (
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"supple/internal/coach"
	"supple/internal/progress"
	"supple/internal/validate"
)

// progressFlash is the one-time message of the progress page: a new
// link (its secret shown once) or a confirmation.
type progressFlash struct {
	New     *progress.NewShare `json:",omitempty"`
	Revoked bool               `json:",omitempty"`
}

// createShare makes a read-only link for a physiotherapist. On success
// it redirects to the progress page, which shows the link once (POST,
// redirect, GET: a reload does not make another).
func (s *Site) createShare(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	form := shareForm{Label: r.PostForm.Get("label")}
	form.Days, _ = strconv.Atoi(r.PostForm.Get("expires"))
	ns, err := s.Progress.CreateShare(r.Context(), v.User.ID, form.Days, form.Label)
	var ve validate.Errors
	var status int
	var alert string
	switch {
	case err == nil:
		if err := s.setFlash(r, "progress", progressFlash{New: &ns}); err != nil {
			return err
		}
		http.Redirect(w, r, "/me/progress#share", http.StatusSeeOther)
		return nil
	case errors.As(err, &ve):
		form.Errors = map[string]string{}
		for _, e := range ve {
			form.Errors[e.Field] = sentence(e.Message)
		}
		status, alert = http.StatusUnprocessableEntity, sentence(ve[0].Message)
	case errors.Is(err, progress.ErrNoPlan):
		status, alert = http.StatusConflict, "You need a saved plan before you can share your progress."
	default:
		return err
	}
	pv, berr := s.buildProgress(r.Context(), v.User.ID)
	if berr != nil {
		return berr
	}
	pv.Form = form
	return s.showMyProgress(w, r, status, pv, v.User.ID, alert)
}

// revokeShare withdraws one of the member's links at once.
func (s *Site) revokeShare(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err == nil {
		err = s.Progress.RevokeShare(r.Context(), v.User.ID, id)
	}
	if err == nil {
		err = s.setFlash(r, "progress", progressFlash{Revoked: true})
	}
	switch {
	case err != nil && (errors.Is(err, progress.ErrNotFound) || errors.Is(err, strconv.ErrSyntax) || errors.Is(err, strconv.ErrRange)):
		return errNotFound
	case err != nil:
		return err
	default:
		http.Redirect(w, r, "/me/progress#share", http.StatusSeeOther)
	}
	return nil
}

// sharedProgress loads the plan and progress behind a share link: 404
// when it is unknown, 410 when it expired or was withdrawn.
func (s *Site) sharedProgress(w http.ResponseWriter, r *http.Request) (*progressView, error) {
	token := r.PathValue("token")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Robots-Tag", "noindex, nofollow")
	w.Header().Set("Referrer-Policy", "no-referrer")
	uid, sh, err := s.Progress.SharedUser(r.Context(), token)
	switch {
	case errors.Is(err, progress.ErrShareGone):
		return nil, s.message(http.StatusGone, "Link no longer works", map[string]string{
			"Heading": "This link no longer works", "Text": "This link has expired or was withdrawn; ask for a new one."})
	case err != nil:
		return nil, err
	}
	// The clinician is a third party to the share: their prescriptions
	// show as a clinician's, without their name or reason.
	pv, err := s.buildProgressAs(r.Context(), uid, s.Clinic.ForShare)
	if err != nil {
		return nil, err
	}
	pv.Shared, pv.ShareURL = &sh, "/share/"+token
	if !pv.NoPlan {
		pv.About = profileFacts(pv.profile)
	}
	pv.speakAboutThem()
	return pv, nil
}

// sharePage shows a member's plan and progress, read-only, to whoever
// has the link (a physiotherapist, without an account).
func (s *Site) sharePage(w http.ResponseWriter, r *http.Request) error {
	pv, err := s.sharedProgress(w, r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "progress", &Page{Title: "Shared progress", NoIndex: true, Data: pv})
}

// shareSummary is the printable one-page summary behind a share link.
func (s *Site) shareSummary(w http.ResponseWriter, r *http.Request) error {
	pv, err := s.sharedProgress(w, r)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "summary", &Page{Title: "Progress summary", NoIndex: true, Data: pv})
}

// fact is one line of "What they told us" on the share page.
type fact struct {
	Label, Value string
}

// profileFacts puts the answers the plan was made from in plain words,
// for the physiotherapist reading a share link.
func profileFacts(p coach.Profile) []fact {
	words := func(opts []Option, vals []string) string {
		if len(vals) == 0 {
			return "nothing named"
		}
		out := make([]string, 0, len(vals))
		for _, v := range vals {
			out = append(out, optionLabel(opts, v))
		}
		return strings.Join(out, "; ")
	}
	howLong := fmt.Sprintf("%d weeks", p.DurationWeeks)
	switch {
	case p.DurationWeeks == 1:
		howLong = "1 week"
	case p.DurationWeeks >= 104 && p.DurationWeeks%52 == 0:
		howLong = fmt.Sprintf("%d years", p.DurationWeeks/52)
	}
	avail := fmt.Sprintf("%d minutes a day, %d %s a week", p.MinutesPerDay, p.DaysPerWeek, plural(p.DaysPerWeek, "day", "days"))
	cleared := "No"
	if p.ClearedByClinician {
		cleared = "Yes: a doctor or physiotherapist has said exercise is fine"
	}
	conditions := "None named"
	if len(p.Conditions) > 0 {
		conditions = words(conditionOptions, p.Conditions)
	}
	legs := optionLabel(legPainOptions, p.LegPain)
	if onset := map[string]string{coach.OnsetLongStanding: "long-standing, not getting worse"}[p.BothLegsOnset]; p.LegPain == "both_legs" && onset != "" {
		legs += " (" + onset + ")" // only long-standing symptoms get a plan
	}
	return []fact{
		{"Age", fmt.Sprint(p.Age)},
		{"Pain at the start", fmt.Sprintf("%d/10", p.PainNow)},
		{"Pain for", howLong},
		{"Leg pain", legs},
		{"Worse with", words(movementOptions, p.WorseWith)},
		{"Better with", words(movementOptions, p.BetterWith)},
		{"Diagnosed conditions", conditions},
		{"Activity level", optionLabel(activityOptions, p.ActivityLevel)},
		{"Time available", avail},
		{"Cleared by a clinician", cleared},
	}
}

// optionLabel is the plain wording of one choice, or the value itself.
func optionLabel(opts []Option, v string) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}
