package server_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"supple/internal/server"
)

// Anonymous plans that were never saved are deleted -anonymous-plan-days
// after they were made; saved plans, and everything with
// -anonymous-plan-days 0, stay. The plan page says how long its link works.
func TestAnonymousPlansAreDeletedAfterTheirDays(t *testing.T) {
	clk := newMovableClock()
	h := newHarness(t, clk.option(), func(c *server.Config) { c.AnonymousPlanDays = 90 })
	ctx := context.Background()
	old := postStep(h, 5, answers()).Header.Get("Location")
	memberWithPlan(t, h, "ann@example.org")
	saved, err := h.srv.Plans.Active(ctx, 1)
	if err != nil {
		t.Fatal(err)
	}
	page := h.get(nil, old)
	if !strings.Contains(page.body, "This link works for 90 days, until <time datetime=\"2027-02-21\">21 February 2027</time>, unless you save the plan to an account") {
		t.Errorf("the plan page does not say how long its link works:\n%s", errorText(page.body))
	}
	clk.Set(clock.AddDate(0, 0, 60))
	young := postStep(h, 5, answers()).Header.Get("Location")

	// 90 days less a minute: nothing goes.
	clk.Set(clock.AddDate(0, 0, 90).Add(-time.Minute))
	if err := h.srv.Cleanup(ctx); err != nil {
		t.Fatal(err)
	}
	if r := h.get(nil, old); r.StatusCode != 200 {
		t.Fatalf("a plan of 89 days: %d", r.StatusCode)
	}
	// 90 days: the old anonymous plan goes, twice over changes nothing.
	clk.Set(clock.AddDate(0, 0, 90).Add(time.Minute))
	for range 2 {
		if err := h.srv.Cleanup(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if r := h.get(nil, old); r.StatusCode != http.StatusNotFound {
		t.Errorf("an anonymous plan of 90 days: %d, want 404", r.StatusCode)
	}
	if r := h.get(nil, young); r.StatusCode != 200 {
		t.Errorf("an anonymous plan of 30 days: %d", r.StatusCode)
	}
	if p, err := h.srv.Plans.Active(ctx, 1); err != nil || p.ID != saved.ID {
		t.Errorf("the saved plan (as old) is gone: %v", err)
	}
}

// With -anonymous-plan-days 0 nothing is deleted and the plan page makes
// no promise; the job also runs when the server starts.
func TestAnonymousPlansKeptWithZeroDaysAndCleanedAtStart(t *testing.T) {
	clk := newMovableClock()
	h := newHarness(t, clk.option())
	plan := postStep(h, 5, answers()).Header.Get("Location")
	if strings.Contains(h.get(nil, plan).body, "This link works for") {
		t.Error("with 0 days the plan page still speaks of a limit")
	}
	clk.Set(clock.AddDate(5, 0, 0))
	if err := h.srv.Cleanup(context.Background()); err != nil {
		t.Fatal(err)
	}
	if r := h.get(nil, plan); r.StatusCode != 200 {
		t.Errorf("with 0 days a 5-year-old plan: %d", r.StatusCode)
	}

	// A real server cleans up as soon as it serves: a plan made 31 days
	// before it starts, with 30 days to keep, is gone at once.
	later := newClock(clock)
	var token string
	_, base, stop, _ := serveReal(t, func(c *server.Config) { c.Now, c.AnonymousPlanDays = later.now, 30 }, func(srv *server.Server) {
		pl, err := srv.Plans.Create(context.Background(), deskWorker)
		if err != nil {
			t.Fatal(err)
		}
		token = pl.Token
		later.Set(clock.AddDate(0, 0, 31))
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
