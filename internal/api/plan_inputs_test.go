package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"supple/internal/servertest"
)

type inputsPlan struct {
	Status    string `json:"status"`
	StartDate string `json:"start_date"`
	Swaps     map[string]struct {
		With string `json:"with"`
	} `json:"swaps"`
	Adjustments []struct {
		Change   string `json:"change"`
		Exercise string `json:"exercise"`
		Reason   string `json:"reason"`
	} `json:"adjustments"`
	Weeks []struct {
		Days []struct {
			Rest  bool `json:"rest"`
			Items []struct {
				Exercise string `json:"exercise"`
				Block    string `json:"block"`
			} `json:"items"`
		} `json:"days"`
	} `json:"weeks"`
}

func (p inputsPlan) uses(from int, id string) bool {
	n := 0
	for _, w := range p.Weeks {
		for _, d := range w.Days {
			if n >= from {
				for _, it := range d.Items {
					if it.Exercise == id {
						return true
					}
				}
			}
			n++
		}
	}
	return false
}

func (p inputsPlan) said(change, word string) bool {
	for _, a := range p.Adjustments {
		if a.Change == change && strings.Contains(a.Reason, word) {
			return true
		}
	}
	return false
}

// A member saves a plan with PUT, swaps an exercise and undoes it, and
// changes their settings; bad input is a 422 naming the field or reason.
func TestAPIPlanInputs(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org", servertest.WithToken(), servertest.NoPlan())

	prof, err := json.Marshal(servertest.Profile)
	if err != nil {
		t.Fatal(err)
	}
	if r := ann.Call("PATCH", "/api/v1/me/plan", "application/json", `{"days_per_week": 3}`); r.StatusCode != http.StatusNotFound {
		t.Errorf("settings without a plan: %d %s", r.StatusCode, r.Body)
	}
	r := ann.Call("PUT", "/api/v1/me/plan", "application/json", string(prof))
	if r.StatusCode != http.StatusCreated || servertest.Decode[inputsPlan](t, r).Status != "plan" {
		t.Fatalf("PUT /me/plan: %d %s", r.StatusCode, r.Body)
	}
	if r := ann.Call("GET", "/api/v1/me/plan", "", ""); r.StatusCode != 200 {
		t.Fatalf("the PUT plan is not the active one: %d", r.StatusCode)
	}
	if r := ann.Call("PUT", "/api/v1/me/plan", "application/json", `{"age": 300}`); r.StatusCode != 422 || !strings.Contains(r.Body, "age") {
		t.Errorf("PUT a bad profile: %d %s", r.StatusCode, r.Body)
	}

	clk.Set(servertest.Day(14)) // week 3, day 1
	pl, err := h.Srv.Plans.Active(t.Context(), ann.ID)
	if err != nil {
		t.Fatal(err)
	}
	mob := ""
	for _, it := range pl.Result.Weeks[2].Days[0].Items {
		if it.Block == "mobility" {
			mob = it.Exercise
			break
		}
	}
	alts := pl.Alternatives(mob)
	if mob == "" || len(alts) == 0 {
		t.Fatalf("no mobility exercise with alternatives on day 15 (%q)", mob)
	}
	with := alts[0].ID
	for _, c := range []struct {
		body, says string
	}{
		{`{"with": "moonwalk"}`, "moonwalk"},
		{`{"with": "brisk-walking"}`, "same part of the session"},
		{`{"with": ""}`, "with"},
		{`{"instead": "x"}`, "instead"},
	} {
		r := ann.Call("PUT", "/api/v1/me/plan/swaps/"+mob, "application/json", c.body)
		if r.StatusCode != 422 || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/problem+json") || !strings.Contains(r.Body, c.says) {
			t.Errorf("swap %s: %d %s, want 422 saying %q", c.body, r.StatusCode, r.Body, c.says)
		}
	}
	r = ann.Call("PUT", "/api/v1/me/plan/swaps/"+mob, "application/json", `{"with": "`+with+`"}`)
	got := servertest.Decode[inputsPlan](t, r)
	if r.StatusCode != 200 || got.uses(14, mob) || !got.uses(14, with) || !got.said("swap", "instead of") || got.Swaps[mob].With != with {
		t.Fatalf("swap %s for %s: %d %s", mob, with, r.StatusCode, r.Body)
	}
	if !got.uses(0, mob) {
		t.Error("the lived days lost the exercise swapped out")
	}
	clk.Set(servertest.Day(21))
	r = ann.Call("DELETE", "/api/v1/me/plan/swaps/"+mob, "", "")
	if got := servertest.Decode[inputsPlan](t, r); r.StatusCode != 200 || !got.uses(21, mob) || !got.said("swap", "undid") {
		t.Errorf("undo: %d %s", r.StatusCode, r.Body)
	}
	if r := ann.Call("DELETE", "/api/v1/me/plan/swaps/"+mob, "", ""); r.StatusCode != 404 {
		t.Errorf("undo again: %d, want 404", r.StatusCode)
	}

	for _, c := range []struct{ body, field string }{
		{`{"days_per_week": 9}`, "days_per_week"},
		{`{"minutes_per_day": 0}`, "minutes_per_day"},
		{`{"access": ["jetpack"]}`, "access"},
		{`{}`, "days_per_week"},
		{`{"age": 30}`, "age"},
	} {
		if r := ann.Call("PATCH", "/api/v1/me/plan", "application/json", c.body); r.StatusCode != 422 || !strings.Contains(r.Body, c.field) {
			t.Errorf("PATCH %s: %d %s, want 422 naming %s", c.body, r.StatusCode, r.Body, c.field)
		}
	}
	r = ann.Call("PATCH", "/api/v1/me/plan", "application/merge-patch+json", `{"days_per_week": 3, "access": ["pool"]}`)
	if got := servertest.Decode[inputsPlan](t, r); r.StatusCode != 200 || !got.said("settings", "3 days a week") {
		t.Errorf("PATCH settings: %d %s", r.StatusCode, r.Body)
	}
}
