package web

import (
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"supple/internal/account"
	"supple/internal/clinic"
	"supple/internal/validate"
)

// invitesData is the invites page.
type invitesData struct {
	Days   int
	Notice string
	New    *newInvite
	Open   []clinic.OpenInvite
	// Name is the name patients see, NameError what is wrong with a
	// name just sent.
	Name, NameError string
}

// newInvite is a code just made, shown once: big, as a link and as a
// QR code of the link, to print.
type newInvite struct {
	Code    string
	Expires time.Time
	URL     string
	QR      template.HTML
}

// invitesFlash carries a new code from the form to the page after it
// (POST, redirect, GET), sealed in the session: only its hash is stored.
type invitesFlash struct {
	Code    string
	Expires time.Time
	Notice  string
}

// clinicInvites shows the invite form, a code just made and the open ones.
func (s *Site) clinicInvites(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireClinician(r)
	if err != nil {
		return err
	}
	d := invitesData{Days: clinic.InviteDays}
	var f invitesFlash
	if _, err := s.takeFlash(r, "invites", &f); err != nil {
		return err
	}
	d.Notice = f.Notice
	if f.Code != "" {
		n := &newInvite{Code: f.Code, Expires: f.Expires, URL: s.abs("/me/clinicians/link?" + url.Values{"code": {f.Code}}.Encode())}
		if n.QR, err = qrSVG(n.URL, "QR code of the link for code "+f.Code); err != nil {
			return err
		}
		d.New = n
	}
	return s.showInvites(w, r, http.StatusOK, v.User, d)
}

// showInvites renders the invites page with the open invites and the
// clinician's name (unless d has the one just sent).
func (s *Site) showInvites(w http.ResponseWriter, r *http.Request, status int, u *account.User, d invitesData) error {
	var err error
	if d.Open, err = s.Clinic.OpenInvites(r.Context(), u); err != nil {
		return clinicErr(err)
	}
	if d.NameError == "" {
		if d.Name, err = s.Clinic.Name(r.Context(), u); err != nil {
			return clinicErr(err)
		}
	}
	return s.render(w, r, status, "clinic-invites", &Page{Title: "Invite a patient", NoIndex: true, Alert: d.NameError, Data: d})
}

// clinicName sets the name the clinician's patients see.
func (s *Site) clinicName(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireClinician(r)
	if err != nil {
		return err
	}
	if err := parseForm(r); err != nil {
		return err
	}
	name := r.PostForm.Get("name")
	var ve validate.Errors
	switch err := s.Clinic.SetName(r.Context(), v.User, name); {
	case errors.As(err, &ve):
		return s.showInvites(w, r, http.StatusUnprocessableEntity, v.User, invitesData{Days: clinic.InviteDays, Name: name, NameError: sentence(ve[0].Message)})
	case err != nil:
		return clinicErr(err)
	}
	http.Redirect(w, r, "/clinic/invites#name-heading", http.StatusSeeOther)
	return nil
}

// createInvite makes a code and shows it once.
func (s *Site) createInvite(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireClinician(r)
	if err != nil {
		return err
	}
	inv, err := s.Clinic.CreateInvite(r.Context(), v.User)
	if err != nil {
		return clinicErr(err)
	}
	if err := s.setFlash(r, "invites", invitesFlash{Code: inv.Code, Expires: inv.Expires}); err != nil {
		return err
	}
	http.Redirect(w, r, "/clinic/invites#new-code", http.StatusSeeOther)
	return nil
}

// cancelInvite ends an open invite: its code works no more.
func (s *Site) cancelInvite(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireClinician(r)
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errNotFound
	}
	if err := s.Clinic.CancelInvite(r.Context(), v.User, id); err != nil {
		return clinicErr(err)
	}
	if err := s.setFlash(r, "invites", invitesFlash{Notice: "Invite cancelled: its code works no more."}); err != nil {
		return err
	}
	http.Redirect(w, r, "/clinic/invites#open-heading", http.StatusSeeOther)
	return nil
}
