package web

import (
	"errors"
	"net/http"

	"supple/internal/account"
)

type devicesData struct {
	Devices []account.Device
	Done    string
}

// devices lists the member's signed-in browsers.
func (s *Site) devices(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	list, err := s.Accounts.Devices(r.Context(), v.User.ID, v.Secret)
	if err != nil {
		return err
	}
	loc, err := s.zoneOf(r)
	if err != nil {
		return err
	}
	for i := range list { // times in the member's zone
		list[i].LastSeen, list[i].Since = list[i].LastSeen.In(loc), list[i].Since.In(loc)
	}
	d := devicesData{Devices: list}
	if r.URL.Query().Get("done") == "ended" {
		d.Done = "That device is logged out."
	}
	return s.render(w, r, http.StatusOK, "sessions", &Page{Title: "Signed-in devices", NoIndex: true, Data: d})
}

// endDevice logs one of the member's devices out.
func (s *Site) endDevice(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	err = s.Accounts.EndDevice(r.Context(), v.User.ID, r.PathValue("id"))
	switch {
	case errors.Is(err, account.ErrNotFound):
		return errNotFound
	case err != nil:
		return err
	case account.SameSession(r.PathValue("id"), v.Secret):
		s.clearSession(w)
		http.Redirect(w, r, "/login", http.StatusSeeOther)
	default:
		http.Redirect(w, r, "/me/settings/sessions?done=ended", http.StatusSeeOther)
	}
	return nil
}
