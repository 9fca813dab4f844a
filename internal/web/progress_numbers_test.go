package web_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"supple/internal/servertest"
)

// apiProgress is GET /api/v1/me/progress, as far as these tests read it.
type apiProgress struct {
	Sessions struct {
		Planned   int
		Done      float64
		Full      int
		Partly    int
		Adherence int `json:"adherence_percent"`
	}
	Minutes struct {
		Goal, Total int
		WeeksAtGoal int `json:"weeks_at_goal"`
	}
	Checkins struct {
		Count int
		Pain  struct {
			Baseline, Change int
			Meaningful       bool
		}
		PSFS *struct {
			Baseline   float64 `json:"baseline_average"`
			Latest     float64 `json:"latest_average"`
			Change     float64
			Meaningful bool
		}
	}
}

// The pages and the API show one set of numbers for a member: the same
// check-ins give the same activity change on the progress page, the
// one-page summary and in the API. The latest check-in changed its
// activities; only the one scored both times ("socks", 2 -> 6) counts.
func TestProgressNumbersAgreeOnPagesAndAPI(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org", servertest.WithToken())
	clk.Set(servertest.Day(16)) // week 3
	if r := ann.Call("POST", "/api/v1/me/checkins", "application/json", `{"pain": 4, "psfs": [{"activity": "socks", "score": 2}, {"activity": "walking", "score": 4}]}`); r.StatusCode != http.StatusCreated {
		t.Fatalf("first check-in: %d %s", r.StatusCode, r.Body)
	}
	clk.Set(servertest.Day(23)) // week 4
	if r := ann.Call("POST", "/api/v1/me/checkins", "application/json", `{"pain": 2, "psfs": [{"activity": "Socks", "score": 6}, {"activity": "stairs", "score": 1}]}`); r.StatusCode != http.StatusCreated {
		t.Fatalf("second check-in: %d %s", r.StatusCode, r.Body)
	}
	r := ann.Call("GET", "/api/v1/me/progress", "", "")
	p := servertest.Decode[apiProgress](t, r)
	if r.StatusCode != http.StatusOK || r.Header.Get("Cache-Control") != "no-store" || p.Checkins.Count != 2 || p.Checkins.PSFS == nil {
		t.Fatalf("progress: %d %s", r.StatusCode, r.Body)
	}
	if ps := p.Checkins.PSFS; ps.Baseline != 2 || ps.Latest != 6 || ps.Change != 4 || !ps.Meaningful {
		t.Errorf("API activity change %+v, want socks 2 -> 6, meaningful", *ps)
	}
	if c := p.Checkins.Pain; c.Baseline != 4 || c.Change != -2 || !c.Meaningful {
		t.Errorf("API pain change %+v", c)
	}
	ann.Login()
	want := "Your activities 6.0/10 on average, against 2.0/10 at the first check-in: 4 points higher, a meaningful change."
	for _, page := range []string{"/me/progress", "/me/summary"} {
		if r := h.Get(ann.Client, page); r.StatusCode != http.StatusOK || !strings.Contains(r.Body, want) {
			t.Errorf("%s: %d, does not say %q", page, r.StatusCode, want)
		}
	}
	if r := h.Get(ann.Client, "/me/checkin"); !strings.Contains(r.Body, "4 points better, a meaningful change") {
		t.Errorf("check-in page: the socks change is not 4 points")
	}
}

// A partly done session counts for what was done: two of four exercises
// is half a session, on the page and in the API ("0 of 1 sessions done"
// before).
func TestPartlyDoneSessionCountsForWhatWasDone(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org", servertest.WithToken())
	plan := servertest.Decode[servertest.APIPlan](t, ann.Call("GET", "/api/v1/me/plan", "", ""))
	day := 0
	for i, d := range plan.Weeks[0].Days {
		if !d.Rest && len(d.Items) >= 2 {
			day = i + 1
			break
		}
	}
	if day == 0 {
		t.Fatal("week 1 has no session of two exercises or more")
	}
	clk.Set(servertest.Day(day - 1))
	items := plan.Weeks[0].Days[day-1].Items
	var parts []string
	for i, it := range items {
		done := i < len(items)/2
		skipped := ""
		if !done {
			skipped = `, "skipped": "skipped"`
		}
		parts = append(parts, fmt.Sprintf(`{"exercise": %q, "minutes": %d, "done": %t%s}`, it.Exercise, it.Minutes, done, skipped))
	}
	body := fmt.Sprintf(`{"week": 1, "day": %d, "date": %q, "done": true, "pain_before": 3, "pain_after": 3, "leg_symptoms": "none",
		"new_numbness_or_weakness": false, "red_flags": [], "items": [%s]}`, day, plan.Today, strings.Join(parts, ", "))
	if r := ann.Call("POST", "/api/v1/me/logs", "application/json", body); r.StatusCode != http.StatusCreated {
		t.Fatalf("log: %d %s", r.StatusCode, r.Body)
	}
	share := float64(len(items)/2) / float64(len(items))
	p := servertest.Decode[apiProgress](t, ann.Call("GET", "/api/v1/me/progress", "", ""))
	if s := p.Sessions; s.Planned != 1 || s.Done != share || s.Partly != 1 || s.Full != 0 || s.Adherence != int(share*100+0.5) {
		t.Errorf("API sessions %+v, want %v of 1 done", s, share)
	}
	ann.Login()
	want := fmt.Sprintf("%s of 1 planned sessions so far done (%d%%)", strings.TrimSuffix(fmt.Sprintf("%.1f", share), ".0"), int(share*100+0.5))
	for _, page := range []string{"/me/progress", "/me/summary"} {
		if r := h.Get(ann.Client, page); !strings.Contains(r.Body, want) {
			t.Errorf("%s does not say %q", page, want)
		}
	}
}
