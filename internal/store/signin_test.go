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
