package web

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"time"

	"supple/internal/plans"
)

// exportData is everything supple keeps about a member.
type exportData struct {
	ExportedAt time.Time      `json:"exported_at"`
	Account    map[string]any `json:"account"`
	Plan       *exportPlan    `json:"active_plan"`
	Notes      []string       `json:"notes"`
}

type exportPlan struct {
	Created time.Time `json:"created"`
	Start   string    `json:"start_date"`
	Profile any       `json:"profile"`
	Result  any       `json:"result"`
}

// export downloads the member's data as JSON.
func (s *Site) export(w http.ResponseWriter, r *http.Request) {
	v, ok := s.requireUser(w, r)
	if !ok {
		return
	}
	d := exportData{ExportedAt: s.Now().UTC(), Account: map[string]any{"email": v.User.Email, "role": v.User.Role},
		Notes: []string{"Article ratings are anonymous: they are linked to a browser cookie, never to an account, so they are not part of this export."}}
	pl, err := s.Plans.Active(r.Context(), v.User.ID)
	switch {
	case errors.Is(err, plans.ErrNotFound):
	case err != nil:
		s.serverError(w, r, err)
		return
	default:
		d.Plan = &exportPlan{Created: pl.Created, Start: pl.Start.Format(time.DateOnly), Profile: pl.Profile, Result: pl.Result}
	}
	b, err := json.MarshalIndent(d, "", "  ")
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Content-Disposition", `attachment; filename="supple-export.json"`)
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(b)
}

// deleteAccount removes the member and everything stored about them,
// once they confirm with their email address.
func (s *Site) deleteAccount(w http.ResponseWriter, r *http.Request) {
	v, ok := s.requireUser(w, r)
	if !ok {
		return
	}
	if !strings.EqualFold(strings.TrimSpace(r.PostFormValue("confirm")), v.User.Email) {
		d := s.settingsFor(r, v.User)
		d.Error = "To delete your account, type your email address as shown at the top of this page."
		s.render(w, r, http.StatusUnprocessableEntity, "settings", &Page{Title: "Settings", NoIndex: true, Alert: d.Error, AlertLink: "#delete", Data: d})
		return
	}
	if err := s.Accounts.Delete(r.Context(), v.User.Email, v.User.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.clearSession(w)
	s.render(w, r.WithContext(r.Context()), http.StatusOK, "message", &Page{Title: "Account deleted", NoIndex: true, Data: map[string]string{
		"Heading": "Your account is deleted", "Text": "Your profile, plans, sessions and API tokens are gone for good. Article ratings you gave stay counted, but they were never linked to you."}})
}
