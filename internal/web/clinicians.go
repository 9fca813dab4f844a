package web

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"time"

	"supple/internal/account"
	"supple/internal/clinic"
	"supple/internal/coach"
	"supple/internal/httpx"
	"supple/internal/validate"
)

// cliniciansData is the member's Clinicians page.
type cliniciansData struct {
	Notice    string
	Code      string
	CodeError string
	Links     []linkView
	Ended     []linkView // links the member ended: notes and access record, read only
	NoteMax   int
	// AnswersItem is what a member shares with "Share my answers too".
	AnswersItem string
	// a reply that was refused, shown again in its link's form
	failed linkView
}

// linkView is one clinician the member is linked to.
type linkView struct {
	ID      int64
	Name    string
	Since   time.Time
	Ended   time.Time
	Consent string // how and when they agreed
	// NoAnswers is a link whose consent does not list the member's
	// answers (clinic.AnswersItem): the clinician does not see them.
	NoAnswers bool
	Notes     []noteView
	Access    []accessView
	NoteText  string
	NoteError string
}

// consentData is the consent screen: who, and exactly what they will see.
type consentData struct {
	Code, Name    string
	Sees, NotSees []string // what they will see and do (as the consent is stored), and not see
}

// cliniciansFlash is the Clinicians page's message after a form.
type cliniciansFlash struct {
	Notice string
}

// myClinicians lists the member's clinicians, their notes and access
// logs, with the form for an invite code.
func (s *Site) myClinicians(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	var f cliniciansFlash
	if _, err := s.takeFlash(r, "clinicians", &f); err != nil {
		return err
	}
	return s.showClinicians(w, r, http.StatusOK, v.User, &cliniciansData{Notice: f.Notice, Code: r.URL.Query().Get("code")}, "")
}

func (s *Site) showClinicians(w http.ResponseWriter, r *http.Request, status int, u *account.User, d *cliniciansData, alert string) error {
	if u.Role != account.Member {
		return s.message(status, "Clinicians", map[string]string{"Heading": "Only a member account links to clinicians",
			"Text": "This account is a " + u.Role + "'s. Linking with a clinician is for members following their own plan; a clinician's account can never link to itself or another clinician as a patient."})
	}
	links, err := s.Clinic.Clinicians(r.Context(), u.ID)
	if err != nil {
		return err
	}
	d.NoteMax, d.AnswersItem = clinic.MaxNote, clinic.AnswersItem
	for _, l := range links {
		lv, err := s.linkRecord(r, u, l)
		if err != nil {
			return err
		}
		if d.failed.ID == l.ID {
			lv.NoteText, lv.NoteError = d.failed.NoteText, d.failed.NoteError
		}
		d.Links = append(d.Links, lv)
	}
	ended, err := s.Clinic.EndedClinicians(r.Context(), u.ID)
	if err != nil {
		return err
	}
	for _, l := range ended {
		lv, err := s.linkRecord(r, u, l)
		if err != nil {
			return err
		}
		d.Ended = append(d.Ended, lv)
	}
	return s.render(w, r, status, "clinicians", &Page{Title: "Your clinicians", NoIndex: true, Alert: alert, Data: d})
}

// linkRecord is one link as the member reads it: its notes, the access
// log and how they agreed.
func (s *Site) linkRecord(r *http.Request, u *account.User, l clinic.Link) (linkView, error) {
	lv := linkView{ID: l.ID, Name: l.Clinician.Name, Since: l.Created, Ended: l.Ended}
	notes, err := s.Clinic.MemberNotes(r.Context(), u.ID, l.ID)
	if err != nil {
		return lv, err
	}
	lv.Notes = noteViews(notes, false)
	log, err := s.Clinic.AccessLog(r.Context(), u.ID, l.ID)
	if err != nil {
		return lv, err
	}
	loc, err := s.zoneOf(r)
	if err != nil {
		return lv, err
	}
	lv.Access = accessViews(log, loc)
	rec, err := s.Clinic.ConsentShown(r.Context(), u.ID, l.ID)
	if err != nil {
		return lv, err
	}
	lv.Consent = consentWords(rec)
	lv.NoAnswers = !slices.Contains(rec.Shown, clinic.AnswersItem)
	return lv, nil
}

// accessView is one line of the member's access record: a view or
// change, in the member's time zone, and how many times it was repeated
// within a minute.
type accessView struct {
	At    time.Time
	What  string
	Times int
}

// accessViews words the access log, newest first, folding the same entry
// repeated within a minute of the newest of them into one line.
func accessViews(log []clinic.Access, loc *time.Location) []accessView {
	var out []accessView
	for _, a := range log {
		if n := len(out); n > 0 && out[n-1].What == a.What && out[n-1].At.Sub(a.At) < time.Minute {
			out[n-1].Times++
			continue
		}
		out = append(out, accessView{At: a.At.In(loc), What: a.What, Times: 1})
	}
	return out
}

// consentWords says how the member agreed: an app over the API showed
// the list (or should have), this site did not.
func consentWords(rec clinic.ConsentRecord) string {
	on := rec.At.UTC().Format("2 January 2006")
	switch rec.Channel {
	case clinic.ChannelWeb:
		return "You agreed on " + on + " on this site's consent screen, which listed what they see."
	case clinic.ChannelAPI:
		return "You agreed on " + on + " through an app, which sent your invite code to this site: this site showed you no consent screen; the app was to show you the list of what they see."
	}
	return "You agreed on " + on + "."
}

// consent shows who the code belongs to and exactly what they will see,
// before anything is shared; a code that does not work re-renders the
// Clinicians page with the reason.
func (s *Site) consent(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	if v.User.Role != account.Member { // the Clinicians page says why not
		return s.showClinicians(w, r, http.StatusOK, v.User, &cliniciansData{}, "")
	}
	code := r.URL.Query().Get("code")
	c, err := s.Clinic.Peek(r.Context(), v.User, code, s.client(r))
	if msg, ok := codeProblem(w, err); ok {
		return s.showClinicians(w, r, formStatus(err), v.User, &cliniciansData{Code: code, CodeError: msg}, msg)
	} else if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "clinicians-consent", &Page{Title: "Link with " + c.Name + "?", NoIndex: true,
		Data: consentData{Code: clinic.NormalizeCode(code), Name: c.Name, Sees: clinic.Consent, NotSees: clinicianNotSees}})
}

// linkClinician links the member to the code's clinician once they agreed.
func (s *Site) linkClinician(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	code := r.PostForm.Get("code")
	if r.PostForm.Get("consent") != "yes" {
		http.Redirect(w, r, "/me/clinicians/link?code="+urlQuery(code), http.StatusSeeOther)
		return nil
	}
	l, err := s.Clinic.Accept(r.Context(), v.User, code, s.client(r), clinic.ChannelWeb)
	if msg, ok := codeProblem(w, err); ok {
		return s.showClinicians(w, r, formStatus(err), v.User, &cliniciansData{Code: code, CodeError: msg}, msg)
	} else if err != nil {
		return err
	}
	if err := s.setFlash(r, "clinicians", cliniciansFlash{Notice: "You are linked with " + l.Clinician.Name + ". You can end it here at any time."}); err != nil {
		return err
	}
	http.Redirect(w, r, "/me/clinicians#clinician-"+strconv.FormatInt(l.ID, 10), http.StatusSeeOther)
	return nil
}

// codeProblem words what is wrong with an invite code for the form,
// the wrong-code limit included (w gets its Retry-After).
func codeProblem(w http.ResponseWriter, err error) (string, bool) {
	if lim := (*account.LimitedError)(nil); errors.As(err, &lim) {
		w.Header().Set("Retry-After", itoa(int(lim.RetryAfter.Seconds())+1))
		return sentence(lim.Error()), true
	}
	for _, known := range []error{clinic.ErrCodeUnknown, clinic.ErrCodeExpired, clinic.ErrCodeUsed, clinic.ErrNotMember, clinic.ErrLinked} {
		if errors.Is(err, known) {
			return sentence(known.Error()), true
		}
	}
	return "", false
}

// formStatus is the status of a form refused for err: the one its
// sentinel answers (httpx), 422 for any other refusal.
func formStatus(err error) int {
	if st := httpx.Status(err); st >= 400 && st < 500 {
		return st
	}
	return http.StatusUnprocessableEntity
}

// linkForm is the signed-in member, the link in the path and the form
// read, for the member's forms about one of their links.
func (s *Site) linkForm(r *http.Request) (*visitor, int64, error) {
	v, err := s.requireUser(r)
	if err != nil {
		return nil, 0, err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, 0, errNotFound
	}
	if err := parseForm(r); err != nil {
		return nil, 0, err
	}
	return v, id, nil
}

// endData is the step that asks before a link ends.
type endData struct {
	ID    int64
	Name  string
	Stops []string // the prescriptions that stop, in words
}

// endClinician ends a link, after a second step that says what ending
// it does (the first post, without confirm=yes, only asks).
func (s *Site) endClinician(w http.ResponseWriter, r *http.Request) error {
	v, id, err := s.linkForm(r)
	if err != nil {
		return err
	}
	links, err := s.Clinic.Clinicians(r.Context(), v.User.ID)
	if err != nil {
		return err
	}
	name := ""
	for _, l := range links {
		if l.ID == id {
			name = l.Clinician.Name
		}
	}
	if name == "" {
		return errNotFound
	}
	if r.PostForm.Get("confirm") != "yes" {
		rxs, err := s.Clinic.LinkPrescriptions(r.Context(), v.User.ID, id)
		if errors.Is(err, clinic.ErrNotFound) {
			return errNotFound
		} else if err != nil {
			return err
		}
		d := endData{ID: id, Name: name}
		for _, o := range rxs {
			d.Stops = append(d.Stops, s.rxEnds(o))
		}
		return s.render(w, r, http.StatusOK, "clinicians-end", &Page{Title: "End " + name + "'s access?", NoIndex: true, Data: d})
	}
	if err := s.Clinic.Revoke(r.Context(), v.User.ID, id); errors.Is(err, clinic.ErrNotFound) {
		return errNotFound
	} else if err != nil {
		return err
	}
	if err := s.setFlash(r, "clinicians", cliniciansFlash{Notice: name + " no longer has access to your plan, logs or notes. Their notes stay below for you to read."}); err != nil {
		return err
	}
	http.Redirect(w, r, "/me/clinicians", http.StatusSeeOther)
	return nil
}

// shareAnswers records that the member agrees to share their answers
// with a clinician whose link's consent did not list them.
func (s *Site) shareAnswers(w http.ResponseWriter, r *http.Request) error {
	v, id, err := s.linkForm(r)
	if err != nil {
		return err
	}
	if err := s.Clinic.ShareAnswers(r.Context(), v.User.ID, id, clinic.ChannelWeb); errors.Is(err, clinic.ErrNotFound) {
		return errNotFound
	} else if err != nil {
		return err
	}
	if err := s.setFlash(r, "clinicians", cliniciansFlash{Notice: "Your clinician now sees your answers to the plan's questions too."}); err != nil {
		return err
	}
	http.Redirect(w, r, "/me/clinicians", http.StatusSeeOther)
	return nil
}

// rxEnds says what comes back when a prescription stops.
func (s *Site) rxEnds(o clinic.Override) string {
	switch o.Kind {
	case coach.PrescribeExclude:
		return s.exerciseTitle(o.Exercise) + " may come back into your plan, where its own rules choose it."
	case coach.PrescribeAdd:
		return s.exerciseTitle(o.Exercise) + " at their dose leaves your plan, unless its own rules choose it."
	case coach.PrescribeCapMinutes:
		return fmt.Sprintf("The cap of %d minutes a week ends: your plan uses your own minutes a day again.", o.CapMinutes)
	}
	return "The review they set for " + longDate(o.ReviewOn) + " is dropped."
}

// memberNote is the member's reply in a link's thread.
func (s *Site) memberNote(w http.ResponseWriter, r *http.Request) error {
	v, id, err := s.linkForm(r)
	if err != nil {
		return err
	}
	text := r.PostForm.Get("text")
	_, err = s.Clinic.AddMemberNote(r.Context(), v.User, id, text)
	var ve validate.Errors
	switch {
	case errors.As(err, &ve):
		msg := sentence(ve[0].Message)
		return s.showClinicians(w, r, http.StatusUnprocessableEntity, v.User, &cliniciansData{failed: linkView{ID: id, NoteText: text, NoteError: msg}}, msg)
	case errors.Is(err, clinic.ErrNotFound):
		return errNotFound
	case err != nil:
		return err
	}
	http.Redirect(w, r, "/me/clinicians#clinician-"+strconv.FormatInt(id, 10), http.StatusSeeOther)
	return nil
}

// noteViews turns a thread into notes as one side reads them.
func noteViews(notes []clinic.Note, clinician bool) []noteView {
	out := make([]noteView, 0, len(notes))
	for _, n := range notes {
		out = append(out, noteView{From: n.Author, Mine: n.Clinician == clinician, At: n.Created, Text: n.Body})
	}
	return out
}

// latestClinicianNote is the newest note a linked clinician wrote to the
// member, for the Today page; nil when there is none.
func (s *Site) latestClinicianNote(r *http.Request, u *account.User) (*noteView, error) {
	if u.Role != account.Member {
		return nil, nil
	}
	links, err := s.Clinic.Clinicians(r.Context(), u.ID)
	if err != nil {
		return nil, err
	}
	var latest *noteView
	for _, l := range links {
		notes, err := s.Clinic.MemberNotes(r.Context(), u.ID, l.ID)
		if err != nil {
			return nil, err
		}
		for _, n := range notes {
			if n.Clinician && (latest == nil || n.Created.After(latest.At)) {
				latest = &noteView{From: n.Author, At: n.Created, Text: n.Body, link: l.ID}
			}
		}
	}
	return latest, nil
}
