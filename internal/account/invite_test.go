package account_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"supple/internal/account"
	"supple/internal/storetest"
)

// An invited clinician sets their password through the emailed link
// within a week, and not after.
func TestInviteClinician(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	clock := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	s := account.New(storetest.New(t), func() time.Time { return clock }, func(time.Duration) {}, nil)
	u, token, err := s.Invite(ctx, "admin@example.org", "Doc@Example.org", account.Clinician)
	if err != nil || u.Role != account.Clinician || u.Email != "doc@example.org" || token == "" {
		t.Fatalf("invite: %+v %q %v", u, token, err)
	}
	if _, _, err := s.Invite(ctx, "admin@example.org", "doc@example.org", account.Clinician); !errors.Is(err, account.ErrSignup) {
		t.Errorf("invite twice: %v", err)
	}
	_, late, err := s.Invite(ctx, "admin@example.org", "late@example.org", account.Clinician)
	if err != nil {
		t.Fatal(err)
	}
	clock = clock.Add(6 * 24 * time.Hour)
	if _, _, err := s.Reset(ctx, token, "a long enough new secret", account.Handover{}); err != nil {
		t.Errorf("set the password within a week: %v", err)
	}
	clock = clock.Add(2 * 24 * time.Hour)
	if _, _, err := s.Reset(ctx, late, "a long enough new secret", account.Handover{}); !errors.Is(err, account.ErrLinkExpired) {
		t.Errorf("after a week: %v", err)
	}
}
