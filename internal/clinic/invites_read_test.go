package clinic_test

import (
	"context"
	"errors"
	"testing"

	"supple/internal/account"
	"supple/internal/clinic"
)

// Peek names the code's clinician for the consent screen with Accept's
// refusals, and uses nothing up; OpenInvites lists the codes that still
// work, newest first.
func TestPeekAndOpenInvites(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	ctx := context.Background()
	doc := w.user(t, "doc@example.org", account.Clinician)
	if err := w.svc.SetName(ctx, doc, "Dr Rowe"); err != nil {
		t.Fatal(err)
	}
	ann := w.user(t, "ann@example.org", account.Member)
	bob := w.user(t, "bob@example.org", account.Member)
	if _, err := w.svc.OpenInvites(ctx, ann); !errors.Is(err, clinic.ErrNotClinician) {
		t.Errorf("a member's open invites: %v, want ErrNotClinician", err)
	}
	first, _ := w.svc.CreateInvite(ctx, doc)
	w.clock = w.clock.AddDate(0, 0, 1)
	second, _ := w.svc.CreateInvite(ctx, doc)
	open, err := w.svc.OpenInvites(ctx, doc)
	if err != nil || len(open) != 2 || !open[0].Expires.Equal(second.Expires) || !open[1].Expires.Equal(first.Expires) {
		t.Fatalf("open invites %+v (%v), want the two, newest first", open, err)
	}

	for _, c := range []struct {
		who  *account.User
		code string
		want error
	}{
		{doc, first.Code, clinic.ErrNotMember},
		{ann, "ACDEFGHJ", clinic.ErrCodeUnknown},
		{ann, "nonsense", clinic.ErrCodeUnknown},
	} {
		if _, err := w.svc.Peek(ctx, c.who, c.code, ""); !errors.Is(err, c.want) {
			t.Errorf("peek %q as %s: %v, want %v", c.code, c.who.Email, err, c.want)
		}
	}
	c, err := w.svc.Peek(ctx, ann, first.Code, "")
	if err != nil || c.Name != "Dr Rowe" {
		t.Fatalf("peek: %+v %v", c, err)
	}
	if _, err := w.svc.Accept(ctx, ann, first.Code, "", clinic.ChannelWeb); err != nil {
		t.Fatalf("the code peeked at still links: %v", err)
	}
	for _, c := range []struct {
		who  *account.User
		code string
		want error
	}{
		{bob, first.Code, clinic.ErrCodeUsed},
		{ann, second.Code, clinic.ErrLinked},
	} {
		if _, err := w.svc.Peek(ctx, c.who, c.code, ""); !errors.Is(err, c.want) {
			t.Errorf("peek %s as %s: %v, want %v", c.code, c.who.Email, err, c.want)
		}
	}
	if open, _ := w.svc.OpenInvites(ctx, doc); len(open) != 1 {
		t.Errorf("%d open invites after one was used, want 1", len(open))
	}
	w.clock = w.clock.AddDate(0, 0, clinic.InviteDays)
	if _, err := w.svc.Peek(ctx, bob, second.Code, ""); !errors.Is(err, clinic.ErrCodeExpired) {
		t.Errorf("peek at an expired code: %v", err)
	}
	if open, _ := w.svc.OpenInvites(ctx, doc); len(open) != 0 {
		t.Errorf("%d open invites after they expired, want 0", len(open))
	}
}
