package account

import (
	"context"
	"time"
)

// InviteLifetime is how long the link of an emailed invitation works.
const InviteLifetime = 7 * 24 * time.Hour

// Invite makes an account with role for someone an admin invites by
// email (a clinician, issue 17): its password is random and known to
// nobody, and the secret returned is a password-setting link (the reset
// link's machinery, /reset?token=…) that works for InviteLifetime. The
// caller emails the link; ErrSignup when the address has an account.
func (s *Service) Invite(ctx context.Context, actor, email, role string) (*User, string, error) {
	pw, err := randomToken(tokenBytes)
	if err != nil {
		return nil, "", err
	}
	u, err := s.CreateBy(ctx, actor, email, pw, role)
	if err != nil {
		return nil, "", err
	}
	_, token, err := s.link(ctx, u.Email, purposeReset, InviteLifetime)
	if err != nil {
		return nil, "", err
	}
	return u, token, nil
}
