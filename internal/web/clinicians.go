package web

import (
	"errors"
	"net/http"
	"strconv"
	"time"

	"supple/internal/account"
	"supple/internal/clinic"
	"supple/internal/httpx"
	"supple/internal/validate"
)

// cliniciansData is the member's Clinicians page.
type cliniciansData struct {
	Notice    string
	Code      string
	CodeError string
	Links     []linkView
	NoteMax   int
	// a reply that was refused, shown again in its link's form
	failed linkView
}

// linkView is one clinician the member is linked to.
type linkView struct {
	ID        int64
	Name      string
	Since     time.Time
	Notes     []noteView
	Access    []clinic.Access
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
	d.NoteMax = clinic.MaxNote
	for _, l := range links {
		lv := linkView{ID: l.ID, Name: l.Clinician.Name, Since: l.Created}
		notes, err := s.Clinic.MemberNotes(r.Context(), u.ID, l.ID)
		if err != nil {
			return err
		}
		lv.Notes = noteViews(notes, false)
		if lv.Access, err = s.Clinic.AccessLog(r.Context(), u.ID, l.ID); err != nil {
			return err
		}
		if d.failed.ID == l.ID {
			lv.NoteText, lv.NoteError = d.failed.NoteText, d.failed.NoteError
		}
		d.Links = append(d.Links, lv)
	}
	return s.render(w, r, status, "clinicians", &Page{Title: "Your clinicians", NoIndex: true, Alert: alert, Data: d})
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
	l, err := s.Clinic.Accept(r.Context(), v.User, code, s.client(r))
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

// endClinician ends a link at once.
func (s *Site) endClinician(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errNotFound
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
	if err := s.Clinic.Revoke(r.Context(), v.User.ID, id); errors.Is(err, clinic.ErrNotFound) {
		return errNotFound
	} else if err != nil {
		return err
	}
	if err := s.setFlash(r, "clinicians", cliniciansFlash{Notice: name + " no longer has access to your plan, logs or notes."}); err != nil {
		return err
	}
	http.Redirect(w, r, "/me/clinicians", http.StatusSeeOther)
	return nil
}

// memberNote is the member's reply in a link's thread.
func (s *Site) memberNote(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errNotFound
	}
	if err := parseForm(r); err != nil {
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
