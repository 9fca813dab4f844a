package web

import (
	"html/template"
	"net/http"
	"net/url"
	"time"

	"supple/internal/clinic"
)

// invitesData is the invites page.
type invitesData struct {
	Days int
	New  *newInvite
	Open []clinic.OpenInvite
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
	if f.Code != "" {
		n := &newInvite{Code: f.Code, Expires: f.Expires, URL: s.abs("/me/clinicians/link?" + url.Values{"code": {f.Code}}.Encode())}
		if n.QR, err = qrSVG(n.URL, "QR code of the link for code "+f.Code); err != nil {
			return err
		}
		d.New = n
	}
	if d.Open, err = s.Clinic.OpenInvites(r.Context(), v.User); err != nil {
		return clinicErr(err)
	}
	return s.render(w, r, http.StatusOK, "clinic-invites", &Page{Title: "Invite a patient", NoIndex: true, Data: d})
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
