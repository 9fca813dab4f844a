package web_test

import (
	"strings"
	"testing"
	"time"

	"supple/internal/server"
	"supple/internal/servertest"
)

// Two plans made the same day are told apart by the time they were made;
// an older plan never calls itself the active plan;
// a signed-in member's unsaved new plan is a draft to make theirs, not a
// link that expires unless saved "to an account" (UX M14).
func TestOlderPlansAreToldApart(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start.Add(7 * time.Hour))
	h := servertest.New(t, servertest.WithClock(clk), func(c *server.Config) { c.AnonymousPlanDays = 90 })
	m := h.Member("apart@example.org", servertest.NoPlan())
	first, err := h.Srv.Plans.Create(t.Context(), servertest.Profile) // kept with its link
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Srv.Plans.Save(t.Context(), first.Token, m.ID); err != nil {
		t.Fatal(err)
	}
	clk.Set(servertest.Start.Add(9*time.Hour + 15*time.Minute))
	m.NewPlan()

	list := h.Get(m.Client, "/me/plans").Body
	for _, want := range []string{"made at " + servertest.Start.Add(7*time.Hour).Format("15:04"), "made at " + servertest.Start.Add(9*time.Hour+15*time.Minute).Format("15:04")} {
		if !strings.Contains(list, want) {
			t.Errorf("/me/plans lacks %q", want)
		}
	}

	// The older plan by its id; its link died when it was saved.
	if r := h.Get(m.Client, "/plan/"+first.Token); r.StatusCode != 404 {
		t.Errorf("the saved plan's link answers %d", r.StatusCode)
	}
	for _, path := range []string{"/me/plans/" + itoa64(first.ID)} {
		r := h.Get(m.Client, path)
		if r.StatusCode != 200 {
			t.Fatalf("%s: %d", path, r.StatusCode)
		}
		if strings.Contains(r.Body, "your active plan") || strings.Contains(r.Body, "Your active plan") {
			t.Errorf("%s calls an older plan the active one", path)
		}
		if !strings.Contains(r.Body, "no longer changes") {
			t.Errorf("%s does not say it is an older plan", path)
		}
	}

	// A draft made while signed in.
	draft, err := h.Srv.Plans.Create(t.Context(), servertest.Profile)
	if err != nil {
		t.Fatal(err)
	}
	page := h.Get(m.Client, "/plan/"+draft.Token).Body
	if strings.Contains(page, "unless you save the plan to an account") {
		t.Error("a signed-in member's draft says to save it to an account")
	}
	if !strings.Contains(page, "This is a draft: make it your plan to keep it.") {
		t.Error("a signed-in member's draft does not say it is a draft")
	}
	if anon := h.Get(nil, "/plan/"+draft.Token).Body; !strings.Contains(anon, "unless you save the plan to an account") {
		t.Error("a visitor is no longer told when the link expires")
	}
}
