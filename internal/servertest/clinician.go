package servertest

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"supple/internal/account"
	"supple/internal/clinic"
)

// Clinician makes an account with the role "clinician" named name (as
// patients see it), signs it in and gives it an API token (.Bearer).
// Its Plan is nil: a clinician has no plan of their own here.
func (h *Harness) Clinician(email, name string) *Member {
	h.T.Helper()
	ctx := context.Background()
	u, err := h.Srv.Accounts.Create(ctx, email, Password, account.Clinician)
	if err != nil {
		h.T.Fatal(err)
	}
	if name != "" {
		if err := h.Srv.Clinic.SetName(ctx, u, name); err != nil {
			h.T.Fatal(err)
		}
	}
	m := &Member{h: h, Email: email, ID: u.ID}
	m.Login()
	if _, m.Bearer, err = h.Srv.Accounts.CreateToken(ctx, u, "test"); err != nil {
		h.T.Fatal(err)
	}
	return m
}

// OlderConsent makes linkID's stored consent the list a link made
// before the answers were listed has: Consent without AnswersItem.
func (h *Harness) OlderConsent(t testing.TB, linkID int64) {
	t.Helper()
	var older []string
	for _, c := range clinic.Consent {
		if c != clinic.AnswersItem {
			older = append(older, c)
		}
	}
	shown, err := json.Marshal(older)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Srv.DB.SetClinicConsent(context.Background(), linkID, string(shown), time.Now(), string(clinic.ChannelUnknown)); err != nil {
		t.Fatal(err)
	}
}
