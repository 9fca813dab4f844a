package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"supple/internal/store"
	"supple/internal/storetest"
)

// A sign-in is one transaction: when its new device cannot be written,
// the browser keeps its old session and device, and no new session is
// left behind.
func TestSignInIsOneTransaction(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	u, err := db.CreateUser(ctx, "ann@example.org", "hash", "member", t0, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	session := func(id string) store.Session {
		return store.Session{IDHash: id, UserID: u.ID, CSRFToken: "csrf-" + id, CreatedAt: t0, LastSeenAt: t0, ExpiresAt: t0.Add(time.Hour)}
	}
	if err := db.SignIn(ctx, store.SignIn{Session: session("old"), Keep: 20, Device: "dev-old", KeepDevices: 10}); err != nil {
		t.Fatal(err)
	}
	if err := store.FailInserts(ctx, db, "devices"); err != nil {
		t.Fatal(err)
	}
	err = db.SignIn(ctx, store.SignIn{Session: session("new"), Keep: 20, EndSession: "old", ForgetDevice: "dev-old", Device: "dev-new", KeepDevices: 10})
	if err == nil {
		t.Fatal("a sign-in whose device insert fails: no error")
	}
	if _, err := db.SessionByHash(ctx, "old"); err != nil {
		t.Errorf("the old session was ended by a sign-in that failed: %v", err)
	}
	if _, err := db.SessionByHash(ctx, "new"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a sign-in that failed left its new session: %v", err)
	}
	if id, err := db.DeviceUser(ctx, "dev-old", t0); err != nil || id != u.ID {
		t.Errorf("the old device lost its trust in a sign-in that failed: %d, %v", id, err)
	}
}

// A password change and the device cookie it leaves trusted are one
// transaction too.
func TestPasswordChangeTrustsItsDeviceInOneTransaction(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	u, err := db.CreateUser(ctx, "ann@example.org", "hash", "member", t0, false, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetPassword(ctx, store.PasswordChange{UserID: u.ID, Hash: "h2", At: t0, Device: "dev-1", KeepDevices: 10}); err != nil {
		t.Fatal(err)
	}
	if id, err := db.DeviceUser(ctx, "dev-1", t0); err != nil || id != u.ID {
		t.Fatalf("the device the change trusts: %d, %v", id, err)
	}
	if err := store.FailInserts(ctx, db, "devices"); err != nil {
		t.Fatal(err)
	}
	if _, err := db.SetPassword(ctx, store.PasswordChange{UserID: u.ID, Hash: "h3", At: t0, Device: "dev-2", KeepDevices: 10}); err == nil {
		t.Fatal("a password change whose device insert fails: no error")
	}
	if got, err := db.UserByID(ctx, u.ID); err != nil || got.PasswordHash != "h2" {
		t.Errorf("password %q, %v: want the change rolled back", got.PasswordHash, err)
	}
	if _, err := db.DeviceUser(ctx, "dev-1", t0); err != nil {
		t.Errorf("a change that failed ended the device's trust: %v", err)
	}
}

// A new member's account and first session are one transaction: when
// the sign-in cannot be written, there is no account either, so the
// address can sign up again.
func TestSignupIsOneTransaction(t *testing.T) {
	ctx := context.Background()
	db := storetest.New(t)
	in := store.SignIn{Session: store.Session{IDHash: "s1", CSRFToken: "c", CreatedAt: t0, LastSeenAt: t0, ExpiresAt: t0.Add(time.Hour)},
		Keep: 20, Device: "dev-1", KeepDevices: 10}
	u, err := db.CreateUserSignedIn(ctx, "ann@example.org", "hash", "member", t0, in)
	if err != nil {
		t.Fatal(err)
	}
	if s, err := db.SessionByHash(ctx, "s1"); err != nil || s.UserID != u.ID {
		t.Fatalf("the new member's session: %+v, %v", s, err)
	}
	if err := store.FailInserts(ctx, db, "devices"); err != nil {
		t.Fatal(err)
	}
	in.Session.IDHash, in.Device = "s2", "dev-2"
	if _, err := db.CreateUserSignedIn(ctx, "bo@example.org", "hash", "member", t0, in); err == nil {
		t.Fatal("a sign-up whose device insert fails: no error")
	}
	if _, err := db.UserByEmail(ctx, "bo@example.org"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the account of a sign-up that failed was kept: %v", err)
	}
}
