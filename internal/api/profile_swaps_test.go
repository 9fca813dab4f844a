package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"supple/internal/coach"
	"supple/internal/servertest"
)

// The profile's swaps (rule R18): a plan made with them uses the
// alternative from day 1, POST /api/v1/plans and PUT /api/v1/me/plan
// alike; an unknown id or an ineligible alternative is a 422 on "swaps"
// with the reason; a stored plan's swaps can be undone.
func TestProfileSwapsAPI(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	ann := h.Member("ann@example.org", servertest.WithToken(), servertest.NoPlan())
	lib := h.Srv.Plans.Library()
	base := coach.Plan(servertest.Profile, lib)
	first := base.Weeks[0].Days[0].Items[0].Exercise
	alts := coach.Alternatives(servertest.Profile, lib, coach.Choices{}, first)
	if len(alts) == 0 {
		t.Fatalf("%s has no alternatives", first)
	}
	with := alts[0].ID
	body := func(swaps map[string]string) string {
		p := servertest.Profile
		p.Swaps = swaps
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	good := body(map[string]string{first: with})
	// An exercise of the same block that the person may not use, and the
	// coach's reason for it.
	blocked, reason := "", ""
	fx, _ := lib.Get(first)
	for _, e := range lib.All() {
		if err := coach.CheckSwap(servertest.Profile, lib, coach.Choices{}, first, e.ID); e.Block == fx.Block && e.ID != first && err != nil {
			blocked, reason = e.ID, err.Error()
			break
		}
	}
	if blocked == "" {
		t.Fatalf("no ineligible alternative for %s", first)
	}

	r := h.JSON(nil, "/api/v1/plans", good)
	var res coach.Result
	if err := json.Unmarshal([]byte(r.Body), &res); err != nil || r.StatusCode != 200 || res.Weeks[0].Days[0].Items[0].Exercise != with {
		t.Fatalf("POST /plans with a swap: %d %v %s", r.StatusCode, err, r.Body[:min(300, len(r.Body))])
	}

	r = ann.Call("PUT", "/api/v1/me/plan", "application/json", good)
	pl := servertest.Decode[inputsPlan](t, r)
	if r.StatusCode != http.StatusCreated || pl.Swaps[first].With != with || pl.Weeks[0].Days[0].Items[0].Exercise != with {
		t.Fatalf("PUT /me/plan with a swap: %d %s", r.StatusCode, r.Body[:min(300, len(r.Body))])
	}
	if r := ann.Call("DELETE", "/api/v1/me/plan/swaps/"+first, "", ""); r.StatusCode != 200 || servertest.Decode[inputsPlan](t, r).Swaps[first].With != "" {
		t.Errorf("undo the profile's swap: %d %s", r.StatusCode, r.Body[:min(300, len(r.Body))])
	}

	for _, tt := range []struct {
		name, body, want string
	}{
		{"unknown exercise", body(map[string]string{"handstand": with}), "handstand"},
		{"unknown alternative", body(map[string]string{first: "handstand"}), "handstand"},
		{"ineligible alternative", body(map[string]string{first: blocked}), reason},
		{"not an object", strings.Replace(body(nil), `"age":`, `"swaps": ["cat-cow"], "age":`, 1), "swaps"},
	} {
		for _, call := range []func() servertest.Response{
			func() servertest.Response { return h.JSON(nil, "/api/v1/plans", tt.body) },
			func() servertest.Response { return ann.Call("PUT", "/api/v1/me/plan", "application/json", tt.body) },
		} {
			r := call()
			var p problem
			json.Unmarshal([]byte(r.Body), &p)
			if r.StatusCode != 422 || len(p.Errors) == 0 || p.Errors[0].Field != "swaps" || !strings.Contains(p.Errors[0].Message, tt.want) {
				t.Errorf("%s: %d %s", tt.name, r.StatusCode, r.Body)
			}
		}
	}
}
