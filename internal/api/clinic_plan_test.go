package api_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"supple/internal/servertest"
)

// planDays are the exercises of each plan day (index 0 is day 1 of week 1).
func planDays(t *testing.T, m *servertest.Member) ([][]string, string) {
	t.Helper()
	r := m.Call("GET", "/api/v1/me/plan", "", "")
	if r.StatusCode != http.StatusOK {
		t.Fatalf("GET /api/v1/me/plan: %d %s", r.StatusCode, r.Body)
	}
	p := servertest.Decode[servertest.APIPlan](t, r)
	var days [][]string
	for _, w := range p.Weeks {
		for _, d := range w.Days {
			var ex []string
			for _, it := range d.Items {
				ex = append(ex, it.Exercise)
			}
			days = append(days, ex)
		}
	}
	var adj []string
	for _, a := range p.Adjustments {
		adj = append(adj, string(a))
	}
	return days, strings.Join(adj, "\n")
}

func planned(days [][]string, from, until int, ex string) []int {
	var on []int
	for i := from; i < until && i < len(days); i++ {
		for _, e := range days[i] {
			if e == ex {
				on = append(on, i)
			}
		}
	}
	return on
}

// A clinician's prescription is a plan input: an exclusion leaves the
// exercise out from the day it is made on (today's session is not lived
// yet) and says so with the clinician's name and reason; removing it
// brings the engine's choice back from the next day, and the days it was
// in force keep it, as do all lived days.
func TestPrescriptionsReachTheMembersPlan(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	doc := h.Clinician("doc@example.org", "Dr Ada Rowe")
	ann := h.Member("ann@example.org", servertest.WithToken())
	before, _ := planDays(t, ann)
	// The exercise the plan uses most from week 3 on, and the first day
	// from day 21 on that plans it: the prescription is made that day.
	ex := mostUsed(before, 14, len(before))
	if ex == "" {
		t.Fatal("the plan has no exercise to prescribe against")
	}
	today := planned(before, 20, len(before), ex)[0]
	clk.Set(servertest.Day(today))
	l := link(t, doc, ann)
	pat := fmt.Sprintf("/api/v1/clinic/patients/%d", l.ID)
	r := doc.Call("POST", pat+"/overrides", "application/json", fmt.Sprintf(`{"exclude": %q, "reason": "it sets off your knee"}`, ex))
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("override: %d %s", r.StatusCode, r.Body)
	}
	o := servertest.Decode[struct {
		ID int64 `json:"id"`
	}](t, r)

	excluded, adj := planDays(t, ann)
	if on := planned(excluded, today, len(excluded), ex); len(on) > 0 {
		t.Errorf("%s is still planned after the exclusion, on plan days %v", ex, on)
	}
	if !strings.Contains(adj, `"prescription"`) || !strings.Contains(adj, "Dr Ada Rowe") || !strings.Contains(adj, "it sets off your knee") {
		t.Errorf("adjustments do not name the prescription, its clinician and reason:\n%s", adj)
	}
	for i := range today {
		if strings.Join(excluded[i], ",") != strings.Join(before[i], ",") {
			t.Errorf("plan day %d changed by a prescription made on day %d: %v, was %v", i+1, today+1, excluded[i], before[i])
		}
	}

	clk.Set(servertest.Day(34))
	if r := doc.Call("DELETE", fmt.Sprintf("%s/overrides/%d", pat, o.ID), "", ""); r.StatusCode != http.StatusNoContent {
		t.Fatalf("remove override: %d %s", r.StatusCode, r.Body)
	}
	after, adj := planDays(t, ann)
	if on := planned(after, today, 35, ex); len(on) > 0 {
		t.Errorf("removing the prescription changed the days it was in force: %s on plan days %v", ex, on)
	}
	if on := planned(after, 35, len(after), ex); len(on) == 0 {
		t.Errorf("%s did not come back after the prescription was removed", ex)
	}
	if !strings.Contains(adj, "no longer applies") {
		t.Errorf("adjustments do not say the prescription ended:\n%s", adj)
	}
}

// mostUsed is the exercise (not a walk) the plan days from..until use most.
func mostUsed(days [][]string, from, until int) string {
	count := map[string]int{}
	var ex string
	for _, d := range days[from:until] {
		for _, e := range d {
			count[e]++
			if count[e] > count[ex] && !strings.Contains(e, "walk") {
				ex = e
			}
		}
	}
	return ex
}

// A prescription made after today's session was logged acts from
// tomorrow: the lived day keeps what the member did, as a swap does.
func TestPrescriptionAfterTodaysLogActsFromTomorrow(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	doc := h.Clinician("doc@example.org", "Dr Ada Rowe")
	ann := h.Member("ann@example.org", servertest.WithToken())
	before, _ := planDays(t, ann)
	// A day that is not a rest day, and an exercise it and later days use.
	today := 14
	for len(before[today]) == 0 {
		today++
	}
	ex := mostUsed(before, today, today+1)
	clk.Set(servertest.Day(today))
	plan := servertest.Decode[servertest.APIPlan](t, ann.Call("GET", "/api/v1/me/plan", "", ""))
	if r := ann.Call("POST", "/api/v1/me/logs", "application/json", servertest.SessionLog(plan, today/7+1, today%7+1, "")); r.StatusCode != http.StatusCreated {
		t.Fatalf("log today: %d %s", r.StatusCode, r.Body)
	}
	l := link(t, doc, ann)
	r := doc.Call("POST", fmt.Sprintf("/api/v1/clinic/patients/%d/overrides", l.ID), "application/json",
		fmt.Sprintf(`{"exclude": %q, "reason": "it sets off your knee"}`, ex))
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("override: %d %s", r.StatusCode, r.Body)
	}
	after, adj := planDays(t, ann)
	if on := planned(after, today, today+1, ex); len(on) == 0 {
		t.Errorf("today's logged session lost %s to a prescription made after it: %v", ex, after[today])
	}
	if on := planned(after, today+1, len(after), ex); len(on) > 0 {
		t.Errorf("%s is still planned from tomorrow on, on plan days %v", ex, on)
	}
	if !strings.Contains(adj, "it sets off your knee") {
		t.Errorf("adjustments do not name the prescription:\n%s", adj)
	}
}
