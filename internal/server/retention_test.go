package server_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"supple/internal/account"
	"supple/internal/server"
	"supple/internal/servertest"
	"supple/internal/store"
)

// Anonymous plans that were never saved are deleted -anonymous-plan-days
// after they were made; saved plans, and everything with
// -anonymous-plan-days 0, stay. The plan page says how long its link works.
func TestAnonymousPlansAreDeletedAfterTheirDays(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk), func(c *server.Config) { c.AnonymousPlanDays = 90 })
	ctx := context.Background()
	old := h.PostStep(5, servertest.Answers()).Header.Get("Location")
	h.Member("ann@example.org")
	saved, err := h.Srv.Plans.Active(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	page := h.Get(nil, old)
	if !strings.Contains(page.Body, "This link works for 90 days, until <time datetime=\"2027-02-21\">21 February 2027</time>, unless you save the plan to an account") {
		t.Errorf("the plan page does not say how long its link works:\n%s", servertest.ErrorText(page.Body))
	}
	clk.Set(servertest.Start.AddDate(0, 0, 60))
	young := h.PostStep(5, servertest.Answers()).Header.Get("Location")

	// 90 days less a minute: nothing goes.
	clk.Set(servertest.Start.AddDate(0, 0, 90).Add(-time.Minute))
	if err := h.Srv.Cleanup(ctx); err != nil {
		t.Fatal(err)
	}
	if r := h.Get(nil, old); r.StatusCode != 200 {
		t.Fatalf("a plan of 89 days: %d", r.StatusCode)
	}
	// 90 days: the old anonymous plan goes, twice over changes nothing.
	clk.Set(servertest.Start.AddDate(0, 0, 90).Add(time.Minute))
	for range 2 {
		if err := h.Srv.Cleanup(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if r := h.Get(nil, old); r.StatusCode != http.StatusNotFound {
		t.Errorf("an anonymous plan of 90 days: %d, want 404", r.StatusCode)
	}
	if r := h.Get(nil, young); r.StatusCode != 200 {
		t.Errorf("an anonymous plan of 30 days: %d", r.StatusCode)
	}
	if p, err := h.Srv.Plans.Active(ctx, 1); err != nil || p.ID != saved.ID {
		t.Errorf("the saved plan (as old) is gone: %v", err)
	}
}

// With -anonymous-plan-days 0 nothing is deleted and the plan page makes
// no promise; the job also runs when the server starts.
func TestAnonymousPlansKeptWithZeroDaysAndCleanedAtStart(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	plan := h.PostStep(5, servertest.Answers()).Header.Get("Location")
	if strings.Contains(h.Get(nil, plan).Body, "This link works for") {
		t.Error("with 0 days the plan page still speaks of a limit")
	}
	clk.Set(servertest.Start.AddDate(5, 0, 0))
	if err := h.Srv.Cleanup(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r := h.Get(nil, plan); r.StatusCode != 200 {
		t.Errorf("with 0 days a 5-year-old plan: %d", r.StatusCode)
	}

	// A real server cleans up as soon as it serves: a plan made 31 days
	// before it starts, with 30 days to keep, is gone at once.
	later := servertest.NewClock(servertest.Start)
	var token string
	_, base, stop, _ := serveReal(t, func(c *server.Config) { c.Now, c.AnonymousPlanDays = later.Now, 30 }, func(srv *server.Server) {
		pl, err := srv.Plans.Create(context.Background(), servertest.Profile)
		if err != nil {
			t.Fatal(err)
		}
		token = pl.Token
		later.Set(servertest.Start.AddDate(0, 0, 31))
	})
	defer stop()
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		res, err := http.Get(base + "/plan/" + token)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode == http.StatusNotFound {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the old plan is still served (%d) after the server started", res.StatusCode)
		}
	}
}

// The hourly job also deletes account data past its time: accounts that
// never confirmed their address within the link's 48 hours, email links a
// day after they expired, expired and idle sessions, and device records
// older than the device cookie (review findings 5 and 6).
func TestAccountDataIsSweptByTheCleanupJob(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ctx := context.Background()
	db := h.Srv.DB
	if _, err := db.CreateUser(ctx, "squat@example.org", "x", "member", servertest.Start, true, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateUser(ctx, "young@example.org", "x", "member", servertest.Start.Add(2*time.Hour), true, nil); err != nil {
		t.Fatal(err)
	}
	ann, err := h.Srv.Accounts.Create(ctx, "ann@example.org", "a long enough secret", "member")
	if err != nil {
		t.Fatal(err)
	}
	c := h.Client()
	if r := h.Form(c, "/login", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", r.StatusCode)
	}
	loginURL, _ := url.Parse(h.TS.URL + "/login")
	var deviceHash string
	for _, ck := range c.Jar.Cookies(loginURL) {
		if parts := strings.Split(ck.Value, "."); ck.Name == "supple_device" && len(parts) == 3 {
			sum := sha256.Sum256([]byte(parts[1]))
			deviceHash = hex.EncodeToString(sum[:])
		}
	}
	if deviceHash == "" {
		t.Fatal("no device cookie after login")
	}
	_, link, err := h.Srv.Accounts.ResetLink(ctx, "ann@example.org")
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Srv.Accounts.LinkAllowed(ctx, "ann@example.org", "net"); err != nil {
		t.Fatal(err)
	}
	counters := func(prefix string) int {
		n, err := db.Counters(ctx, prefix)
		if err != nil {
			t.Fatal(err)
		}
		return n
	}
	// Counters live through their window (15 minutes for logins, an hour
	// for links) and go at the next run after it.
	clk.Set(servertest.Start.Add(10 * time.Minute))
	if err := h.Srv.Cleanup(ctx); err != nil {
		t.Fatal(err)
	}
	if counters("login-") == 0 || counters("link-") == 0 {
		t.Errorf("counters of the current window deleted: %d login, %d link", counters("login-"), counters("link-"))
	}
	exists := func(email string) bool {
		_, err := db.UserByEmail(ctx, email)
		return !errors.Is(err, store.ErrNotFound)
	}
	sessions := func() int {
		s, err := h.Srv.Accounts.Devices(ctx, ann.ID, "")
		if err != nil {
			t.Fatal(err)
		}
		return len(s)
	}
	device := func() bool {
		_, err := db.DeviceUser(ctx, deviceHash, clk.Now())
		return err == nil
	}
	steps := []struct {
		at                                       time.Duration
		squat, young, session, device, linkKnown bool
	}{
		{time.Hour, true, true, true, true, true},
		{49 * time.Hour, false, true, true, true, false},
		{51 * time.Hour, false, false, true, true, false},
		{8 * 24 * time.Hour, false, false, false, true, false},
		{366 * 24 * time.Hour, false, false, false, false, false},
	}
	for _, st := range steps {
		clk.Set(servertest.Start.Add(st.at))
		if err := h.Srv.Cleanup(ctx); err != nil {
			t.Fatal(err)
		}
		linkErr := h.Srv.Accounts.CheckReset(ctx, link)
		got := []bool{exists("squat@example.org"), exists("young@example.org"), sessions() == 1, device(), !errors.Is(linkErr, account.ErrLinkUnknown)}
		want := []bool{st.squat, st.young, st.session, st.device, st.linkKnown}
		for i, name := range []string{"the unconfirmed account of 0 h", "the unconfirmed account of 2 h", "ann's session", "ann's device", "the expired reset link"} {
			if got[i] != want[i] {
				t.Errorf("after %v: %s kept %v, want %v", st.at, name, got[i], want[i])
			}
		}
	}
	if n := counters("login-") + counters("link-"); n != 0 {
		t.Errorf("%d counters of ended windows kept", n)
	}
	if !exists("ann@example.org") {
		t.Error("the confirmed account was deleted")
	}
}
