package web_test

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"supple/internal/servertest"
)

// An older plan stays on /me/plans with its dates and status, opens
// read-only as its logs left it, and exports its own logs; another
// member cannot open it.
func TestOlderPlansAreKeptAndOpen(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Day(0))
	h := servertest.New(t, servertest.WithClock(clk))
	m := h.Member("plans@example.org", servertest.DaysAgo(clk, 20), servertest.WithToken())
	first := m.Plan
	// A session on the first session day of the first plan, through the API.
	ap := servertest.Decode[servertest.APIPlan](t, m.Call("GET", "/api/v1/me/plan", "", ""))
	day := 1
	for ap.Weeks[0].Days[day-1].Rest {
		day++
	}
	logged := first.Start.AddDate(0, 0, day-1).Format("2006-01-02")
	r := m.Call("POST", "/api/v1/me/logs", "application/json", servertest.SessionLog(ap, 1, day, ""))
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("log: %d %s", r.StatusCode, r.Body)
	}
	// Ten days later the member makes and saves a new plan.
	clk.Set(servertest.Day(-10))
	ctx := context.Background()
	second, err := h.Srv.Plans.Create(ctx, servertest.Profile)
	if err != nil {
		t.Fatal(err)
	}
	if err := h.Srv.Plans.Save(ctx, second.Token, m.ID); err != nil {
		t.Fatal(err)
	}
	clk.Set(servertest.Day(0))

	list := h.Get(m.Client, "/me/plans")
	if list.StatusCode != 200 {
		t.Fatalf("/me/plans: %d", list.StatusCode)
	}
	newer, older := strings.Index(list.Body, "Plan from <time datetime=\""+second.Start.Format("2006-01-02")), strings.Index(list.Body, "Plan from <time datetime=\""+first.Start.Format("2006-01-02"))
	if newer < 0 || older < 0 || newer > older {
		t.Fatalf("the plans are not listed newest first:\n%s", servertest.ErrorText(list.Body))
	}
	for _, want := range []string{
		`<span class="badge">Active</span>`, `<span class="badge">Replaced</span>`,
		"Week 1 began on " + first.Start.Format("2 January 2006") + "; it was replaced on " + second.Start.Format("2 January 2006"),
		"1 session logged.", "0 sessions logged.",
		`href="/me/plans/` + itoa64(first.ID) + `"`, `href="/me/plans/` + itoa64(first.ID) + `/logs.csv"`, `href="/me/plans/` + itoa64(first.ID) + `/fhir.json"`,
		`href="/me/plan"`,
	} {
		if !strings.Contains(list.Body, want) {
			t.Errorf("/me/plans lacks %q", want)
		}
	}

	view := h.Get(m.Client, "/me/plans/"+itoa64(first.ID))
	if view.StatusCode != 200 || !strings.Contains(view.Body, "no longer changes") || !strings.Contains(view.Body, "Week by week") {
		t.Fatalf("older plan: %d\n%s", view.StatusCode, servertest.ErrorText(view.Body))
	}
	for _, gone := range []string{"Start today’s session", `id="today-title"`, "/save", "is-today"} {
		if strings.Contains(view.Body, gone) {
			t.Errorf("the read-only older plan shows %q", gone)
		}
	}
	if r := h.Get(m.Client, "/me/plans/"+itoa64(second.ID)); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/me/plan" {
		t.Errorf("the active plan: %d %s, want a redirect to /me/plan", r.StatusCode, r.Header.Get("Location"))
	}

	c := h.Get(m.Client, "/me/plans/"+itoa64(first.ID)+"/logs.csv")
	rows, err := csv.NewReader(strings.NewReader(c.Body)).ReadAll()
	if c.StatusCode != 200 || err != nil || len(rows) != 2 || rows[1][0] != logged {
		t.Errorf("older plan CSV: %d %v\n%s", c.StatusCode, err, c.Body)
	}
	if !strings.Contains(c.Header.Get("Content-Disposition"), "supple-plan-"+first.Start.Format("2006-01-02")) {
		t.Errorf("CSV file name: %s", c.Header.Get("Content-Disposition"))
	}
	if cur := h.Get(m.Client, "/me/export/logs.csv").Body; strings.Count(cur, "\n") != 1 {
		t.Errorf("the active plan's CSV holds the older plan's logs:\n%s", cur)
	}
	f := h.Get(m.Client, "/me/plans/"+itoa64(first.ID)+"/fhir.json")
	if f.StatusCode != 200 || !strings.Contains(f.Body, `"resourceType": "Bundle"`) || !strings.Contains(f.Body, logged) {
		t.Errorf("older plan FHIR: %d\n%.400s", f.StatusCode, f.Body)
	}

	// The account's JSON export holds the older plan with its logs, and
	// the time zone chosen.
	m.Post("/me/timezone", url.Values{"time_zone": {"Europe/Dublin"}})
	type olderJSON struct {
		Start    string            `json:"start_date"`
		Status   string            `json:"status"`
		Replaced string            `json:"replaced_on"`
		Logs     []json.RawMessage `json:"logs"`
	}
	exp := servertest.Decode[struct {
		Account    map[string]string `json:"account"`
		Logs       []json.RawMessage `json:"logs"`
		OlderPlans []olderJSON       `json:"older_plans"`
	}](t, h.Get(m.Client, "/me/export"))
	if want := (olderJSON{Start: first.Start.Format("2006-01-02"), Status: "replaced", Replaced: second.Start.Format("2006-01-02")}); len(exp.OlderPlans) != 1 ||
		exp.OlderPlans[0].Start != want.Start || exp.OlderPlans[0].Status != want.Status || exp.OlderPlans[0].Replaced != want.Replaced ||
		len(exp.OlderPlans[0].Logs) != 1 || len(exp.Logs) != 0 {
		t.Errorf("export: %d logs, older plans %+v; want none, and %+v with 1 log", len(exp.Logs), exp.OlderPlans, want)
	}
	if exp.Account["time_zone"] != "Europe/Dublin" {
		t.Errorf("export account = %v, want time_zone Europe/Dublin", exp.Account)
	}

	other := h.Member("other@example.org")
	for _, path := range []string{"", "/logs.csv", "/fhir.json"} {
		if r := h.Get(other.Client, "/me/plans/"+itoa64(first.ID)+path); r.StatusCode != http.StatusNotFound {
			t.Errorf("another member's plan%s: %d", path, r.StatusCode)
		}
	}
	for _, bad := range []string{"0", "-1", "abc", "99999"} {
		if r := h.Get(m.Client, "/me/plans/"+bad); r.StatusCode != http.StatusNotFound {
			t.Errorf("/me/plans/%s: %d", bad, r.StatusCode)
		}
	}
	if r := h.Get(nil, "/me/plans"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous /me/plans: %d", r.StatusCode)
	}
}
