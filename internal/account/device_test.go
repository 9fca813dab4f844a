package account_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"supple/internal/account"
)

// lockAccount uses up the untrusted allowance of an account with wrong
// passwords from different networks.
func lockAccount(t *testing.T, s *account.Service, email string) {
	t.Helper()
	for i := range 5 {
		_, _, err := login(s, context.Background(), email, "wrong password!", fmt.Sprintf("stranger-%d", i))
		if !errors.Is(err, account.ErrCredentials) {
			t.Fatalf("stranger %d: %v", i, err)
		}
	}
}

// TestDeviceTrustEnds: a device cookie lets its browser in while strangers
// have locked the account, until the person changes the password in any
// way, logs out everywhere or the account is deleted (review findings 1
// and 4).
func TestDeviceTrustEnds(t *testing.T) {
	const next = "a brand new passphrase"
	tests := []struct {
		name    string
		event   func(t *testing.T, s *account.Service, u *account.User, secret string) (email, password string)
		trusted bool
	}{
		{"nothing happens", func(*testing.T, *account.Service, *account.User, string) (string, string) {
			return "ann@example.org", good
		}, true},
		{"password changed in settings", func(t *testing.T, s *account.Service, u *account.User, secret string) (string, string) {
			if err := s.ChangePassword(context.Background(), u, good, next, secret); err != nil {
				t.Fatal(err)
			}
			return u.Email, next
		}, false},
		{"password reset by email", func(t *testing.T, s *account.Service, u *account.User, _ string) (string, string) {
			_, token, err := s.ResetLink(context.Background(), u.Email)
			if err != nil {
				t.Fatal(err)
			}
			if _, _, err := s.Reset(context.Background(), token, next, account.Handover{}); err != nil {
				t.Fatal(err)
			}
			return u.Email, next
		}, false},
		{"password set by the operator", func(t *testing.T, s *account.Service, u *account.User, _ string) (string, string) {
			if _, err := s.SetPassword(context.Background(), "cli", u.Email, next); err != nil {
				t.Fatal(err)
			}
			return u.Email, next
		}, false},
		{"log out everywhere", func(t *testing.T, s *account.Service, u *account.User, _ string) (string, string) {
			if err := s.LogoutEverywhere(context.Background(), u.ID); err != nil {
				t.Fatal(err)
			}
			return u.Email, good
		}, false},
		{"account deleted, a new one made", func(t *testing.T, s *account.Service, u *account.User, _ string) (string, string) {
			if err := s.Delete(context.Background(), "cli", u.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Create(context.Background(), "bob@example.org", good, "member"); err != nil {
				t.Fatal(err)
			}
			return "bob@example.org", good
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := setup(t)
			ctx := context.Background()
			if _, err := s.Create(ctx, "ann@example.org", good, "member"); err != nil {
				t.Fatal(err)
			}
			u, secret, err := login(s, ctx, "ann@example.org", good, "home")
			if err != nil {
				t.Fatal(err)
			}
			device, err := s.IssueDevice(ctx, u.ID)
			if err != nil {
				t.Fatal(err)
			}
			email, password := tt.event(t, s, u, secret)
			lockAccount(t, s, email)
			_, err = s.Login(ctx, account.LoginRequest{Email: email, Password: password, Client: "home", Device: device})
			var le *account.LimitedError
			if tt.trusted && err != nil {
				t.Errorf("the known device was turned away: %v", err)
			}
			if !tt.trusted && !errors.As(err, &le) {
				t.Errorf("the old device cookie is still trusted: %v, want the account's limit", err)
			}
		})
	}
}

// TestTrustedDevicesAreCapped: an account trusts only its newest devices.
func TestTrustedDevicesAreCapped(t *testing.T) {
	s, c := setup(t)
	ctx := context.Background()
	u, err := s.Create(ctx, "ann@example.org", good, "member")
	if err != nil {
		t.Fatal(err)
	}
	var devices []string
	for range account.MaxDevices + 1 {
		c.t = c.t.Add(time.Second)
		d, err := s.IssueDevice(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		devices = append(devices, d)
	}
	lockAccount(t, s, u.Email)
	var le *account.LimitedError
	if _, err := s.Login(ctx, account.LoginRequest{Email: u.Email, Password: good, Client: "home", Device: devices[0]}); !errors.As(err, &le) {
		t.Errorf("the oldest of %d devices: %v, want it no longer trusted", len(devices), err)
	}
	if _, err := s.Login(ctx, account.LoginRequest{Email: u.Email, Password: good, Client: "home", Device: devices[len(devices)-1]}); err != nil {
		t.Errorf("the newest device: %v", err)
	}
}

// TestEveryLoginCountsForTheNetwork: many device cookies and right
// passwords do not buy one network unlimited password checks (finding 2).
func TestEveryLoginCountsForTheNetwork(t *testing.T) {
	s, _ := setup(t)
	ctx := context.Background()
	u, err := s.Create(ctx, "mallory@example.org", good, "member")
	if err != nil {
		t.Fatal(err)
	}
	var devices []string
	for range account.MaxDevices {
		d, err := s.IssueDevice(ctx, u.ID)
		if err != nil {
			t.Fatal(err)
		}
		devices = append(devices, d)
	}
	checked := 0
	var le *account.LimitedError
	for i := range 100 {
		pw := good
		if i%3 == 0 {
			pw = "wrong password!"
		}
		_, err := s.Login(ctx, account.LoginRequest{Email: u.Email, Password: pw, Client: "mallory-net", Device: devices[i%len(devices)]})
		switch {
		case errors.As(err, &le):
		case err == nil || errors.Is(err, account.ErrCredentials):
			checked++
		default:
			t.Fatalf("attempt %d: %v", i, err)
		}
	}
	if checked != account.AttemptsPerTrustedNetwork {
		t.Errorf("%d passwords checked for one account's trusted browsers on one network, want %d", checked, account.AttemptsPerTrustedNetwork)
	}
	// Another network is not affected.
	if _, err := s.Login(ctx, account.LoginRequest{Email: u.Email, Password: good, Client: "alice-net"}); err != nil {
		t.Errorf("another network: %v", err)
	}
}

// A stranger on a shared network (a clinic, a phone carrier's NAT) cannot
// spend the allowance of the browsers people there already trust, and
// attempts turned away before any password check spend nothing.
func TestStrangersCannotLockOutTrustedBrowsersOnTheirNetwork(t *testing.T) {
	s, _ := setup(t)
	ctx := context.Background()
	owner, err := s.Create(ctx, "owner@example.org", good, "member")
	if err != nil {
		t.Fatal(err)
	}
	device, err := s.IssueDevice(ctx, owner.ID)
	if err != nil {
		t.Fatal(err)
	}
	var le *account.LimitedError
	checked := 0
	for i := range 3 * account.AttemptsPerNetwork {
		_, err := s.Login(ctx, account.LoginRequest{Email: fmt.Sprintf("nobody%d@example.org", i), Password: "x", Client: "clinic"})
		switch {
		case errors.As(err, &le):
		case errors.Is(err, account.ErrCredentials):
			checked++
		default:
			t.Fatalf("stranger's attempt %d: %v", i, err)
		}
	}
	if checked == 0 || checked > account.AttemptsPerNetwork {
		t.Errorf("%d of the stranger's attempts were checked, want 1 to %d", checked, account.AttemptsPerNetwork)
	}
	if _, err := s.Login(ctx, account.LoginRequest{Email: owner.Email, Password: good, Client: "clinic", Device: device}); err != nil {
		t.Errorf("the owner's trusted browser on the stranger's network: %v", err)
	}
	// Untrusted clients there stay limited (20 untrusted attempts).
	if _, err := s.Login(ctx, account.LoginRequest{Email: "colleague@example.org", Password: "x", Client: "clinic"}); !errors.As(err, &le) {
		t.Errorf("an untrusted attempt after the stranger's: %v, want the limit", err)
	}
}

// TestSessionsPerAccountAreCapped: the oldest sessions end when an account
// opens more than MaxSessions.
func TestSessionsPerAccountAreCapped(t *testing.T) {
	s, c := setup(t)
	ctx := context.Background()
	if _, err := s.Create(ctx, "ann@example.org", good, "member"); err != nil {
		t.Fatal(err)
	}
	var secrets []string
	for i := range account.MaxSessions + 3 {
		c.t = c.t.Add(time.Second)
		_, secret, err := login(s, ctx, "ann@example.org", good, fmt.Sprintf("net-%d", i%3))
		if err != nil {
			t.Fatal(err)
		}
		secrets = append(secrets, secret)
	}
	u, _, err := s.Session(ctx, secrets[len(secrets)-1])
	if err != nil {
		t.Fatalf("newest session: %v", err)
	}
	devs, err := s.Devices(ctx, u.ID, "")
	if err != nil {
		t.Fatal(err)
	}
	if len(devs) != account.MaxSessions {
		t.Errorf("%d sessions kept, want %d", len(devs), account.MaxSessions)
	}
	for _, old := range secrets[:3] {
		if _, _, err := s.Session(ctx, old); !errors.Is(err, account.ErrNoSession) {
			t.Errorf("an oldest session still works: %v", err)
		}
	}
}

// TestPasswordChangeEndsOpenResetLinks (finding 3).
func TestPasswordChangeEndsOpenResetLinks(t *testing.T) {
	tests := []struct {
		name   string
		change func(s *account.Service, u *account.User, secret string) error
	}{
		{"settings", func(s *account.Service, u *account.User, secret string) error {
			return s.ChangePassword(context.Background(), u, good, "a brand new passphrase", secret)
		}},
		{"operator", func(s *account.Service, u *account.User, _ string) error {
			_, err := s.SetPassword(context.Background(), "cli", u.Email, "a brand new passphrase")
			return err
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := setup(t)
			ctx := context.Background()
			s.Create(ctx, "ann@example.org", good, "member")
			u, secret, err := login(s, ctx, "ann@example.org", good, "home")
			if err != nil {
				t.Fatal(err)
			}
			_, token, err := s.ResetLink(ctx, u.Email)
			if err != nil {
				t.Fatal(err)
			}
			if err := tt.change(s, u, secret); err != nil {
				t.Fatal(err)
			}
			if err := s.CheckReset(ctx, token); !errors.Is(err, account.ErrLinkUsed) {
				t.Errorf("reset link after a password change: %v, want it used", err)
			}
		})
	}
}

// A browser that logs in again trades its device cookie for a new one, so
// logging in often from one phone does not end the laptop's trust.
func TestLoggingInAgainReplacesTheDevice(t *testing.T) {
	s, c := setup(t)
	ctx := context.Background()
	u, err := s.Create(ctx, "ann@example.org", good, "member")
	if err != nil {
		t.Fatal(err)
	}
	laptop, err := s.IssueDevice(ctx, u.ID)
	if err != nil {
		t.Fatal(err)
	}
	phone := ""
	for range account.MaxDevices + 2 {
		c.t = c.t.Add(time.Second)
		if err := s.ForgetDevice(ctx, u.ID, phone); err != nil {
			t.Fatal(err)
		}
		if phone, err = s.IssueDevice(ctx, u.ID); err != nil {
			t.Fatal(err)
		}
	}
	lockAccount(t, s, u.Email)
	for name, d := range map[string]string{"laptop": laptop, "phone": phone} {
		if _, err := s.Login(ctx, account.LoginRequest{Email: u.Email, Password: good, Client: "home", Device: d}); err != nil {
			t.Errorf("the %s after the phone logged in %d times: %v", name, account.MaxDevices+2, err)
		}
	}
}
