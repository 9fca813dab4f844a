package web

import (
	"net/http"
	"time"

	"supple/internal/account"
	"supple/internal/clinic"
)

// privacy says what is stored, why, for how long, who sees it, and how to
// export and delete it.
func (s *Site) privacy(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "privacy", &Page{
		Title: "Privacy", Path: "/privacy",
		Description: "What supple stores, why, for how long, who can see it, and how to export or delete it.",
		Data: map[string]any{
			"AnonymousDays": s.cfg.AnonymousPlanDays,
			"IdleDays":      int(account.IdleTimeout / (24 * time.Hour)),
			"SessionDays":   int(account.AbsoluteTimeout / (24 * time.Hour)),
			"FlashMinutes":  int(flashLifetime / time.Minute),
			"MaxSessions":   account.MaxSessions,
			"MaxDevices":    account.MaxDevices,
			"ResetMinutes":  int(account.ResetLifetime / time.Minute),
			"ConfirmHours":  int(account.ConfirmLifetime / time.Hour),
			// what a linked clinician sees and does, as the consent screen lists it
			"ClinicianSees":    clinic.Consent,
			"ClinicianNotSees": clinicianNotSees,
		},
	})
}
