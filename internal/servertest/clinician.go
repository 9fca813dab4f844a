package servertest

import (
	"context"

	"supple/internal/account"
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
