package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"supple/internal/servertest"
)

func dayOf(start time.Time, n int) string { return start.AddDate(0, 0, n).Format(time.DateOnly) }

type apiLog struct {
	ID              int64  `json:"id"`
	Kind            string `json:"kind"`
	Week            int    `json:"week"`
	Day             int    `json:"day"`
	Date            string `json:"date"`
	Done            bool   `json:"done"`
	PainAfter       *int   `json:"pain_after"`
	PainNextMorning *int   `json:"pain_next_morning"`
	Recorded        string `json:"recorded"`
	Items           []struct {
		Exercise string `json:"exercise"`
		Minutes  int    `json:"minutes"`
	} `json:"items"`
}

// A member saves a plan, logs sessions and activity over the API (with a
// token and with their session), adds the next-morning pain, reads the
// adapted plan and checks in weekly.
func TestAPIProgressFlow(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org", servertest.WithToken())
	clk.Set(servertest.Day(16)) // 2026-12-09: week 3, day 3

	r := ann.Call("GET", "/api/v1/me/plan", "", "")
	plan := servertest.Decode[servertest.APIPlan](t, r)
	if r.StatusCode != 200 || plan.Status != "plan" || plan.StartDate != "2026-11-23" || plan.Today != "2026-12-09" || plan.Week != 3 || plan.Day != 3 ||
		len(plan.Weeks) != 12 || plan.Adjustments == nil || r.Header.Get("Cache-Control") != "no-store" {
		t.Fatalf("plan: %d %+v", r.StatusCode, plan)
	}
	if r := ann.Call("GET", "/api/v1/me/plan?today=2026-12-10", "", ""); servertest.Decode[servertest.APIPlan](t, r).Day != 4 {
		t.Errorf("the device's date within a day is used: %s", r.Body)
	}
	var active []int
	for _, d := range plan.Weeks[0].Days {
		if !d.Rest {
			active = append(active, d.Day)
		}
	}
	if len(active) < 2 {
		t.Fatalf("week 1 has %d active days", len(active))
	}

	// A session by token: 201, Location, the stored log.
	r = ann.Call("POST", "/api/v1/me/logs", "application/json", servertest.SessionLog(plan, 1, active[0], ""))
	first := servertest.Decode[apiLog](t, r)
	if r.StatusCode != http.StatusCreated || first.ID == 0 || r.Header.Get("Location") != fmt.Sprintf("/api/v1/me/logs/%d", first.ID) ||
		first.Recorded != "2026-12-09" || first.Kind != "session" || first.Week != 1 || first.Day != active[0] || len(first.Items) == 0 {
		t.Fatalf("post a log: %d %s %s", r.StatusCode, r.Header.Get("Location"), r.Body)
	}
	// A session by cookie: the form token is needed in X-CSRF-Token.
	ann.Login()
	second := servertest.SessionLog(plan, 1, active[1], `, "pain_next_morning": 2`)
	if r := h.Do(ann.Client, "POST", "/api/v1/me/logs", "application/json", second, "Sec-Fetch-Site", "same-origin"); r.StatusCode != http.StatusForbidden ||
		r.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("cookie without X-CSRF-Token: %d", r.StatusCode)
	}
	r = h.Do(ann.Client, "POST", "/api/v1/me/logs", "application/json; charset=utf-8", second, "Sec-Fetch-Site", "same-origin", "X-CSRF-Token", ann.CSRF)
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("cookie with X-CSRF-Token: %d %s", r.StatusCode, r.Body)
	}
	// Activity outside the plan: the server fills in the plan day.
	r = ann.Call("POST", "/api/v1/me/logs", "", `{"kind": "activity", "date": "2026-12-05", "items": [{"exercise": "cycling", "minutes": 25, "done": true}]}`)
	act := servertest.Decode[apiLog](t, r)
	if r.StatusCode != http.StatusCreated || act.Kind != "activity" || act.Week != 2 || act.Day != 6 || !act.Done {
		t.Fatalf("activity: %d %s", r.StatusCode, r.Body)
	}

	// List, one by id, patch the next-morning pain.
	r = ann.Call("GET", "/api/v1/me/logs", "", "")
	list := servertest.Decode[struct{ Logs []apiLog }](t, r)
	if r.StatusCode != 200 || len(list.Logs) != 3 || list.Logs[0].ID != first.ID {
		t.Fatalf("list: %d %s", r.StatusCode, r.Body)
	}
	path := fmt.Sprintf("/api/v1/me/logs/%d", first.ID)
	if got := servertest.Decode[apiLog](t, ann.Call("GET", path, "", "")); got.ID != first.ID || got.PainNextMorning != nil {
		t.Errorf("get by id: %+v", got)
	}
	r = ann.Call("PATCH", path, "application/merge-patch+json", `{"pain_next_morning": 3}`)
	patched := servertest.Decode[apiLog](t, r)
	if r.StatusCode != 200 || patched.PainNextMorning == nil || *patched.PainNextMorning != 3 || patched.PainAfter == nil || *patched.PainAfter != 4 ||
		patched.Date != first.Date || patched.Recorded != first.Recorded || len(patched.Items) != len(first.Items) {
		t.Fatalf("patch: %d %s", r.StatusCode, r.Body)
	}
	if r := ann.Call("PATCH", path, "application/json", `{"note": "stiff at first"}`); r.StatusCode != 200 {
		t.Errorf("patch as application/json: %d %s", r.StatusCode, r.Body)
	}
	if got := servertest.Decode[apiLog](t, ann.Call("GET", path, "", "")); got.PainNextMorning == nil || *got.PainNextMorning != 3 {
		t.Errorf("the patch was not stored: %+v", got)
	}
	// Week 2 has begun: the answers that decided it stay as they were.
	if r := ann.Call("PATCH", path, "application/json", `{"pain_after": 8}`); r.StatusCode != http.StatusConflict ||
		!strings.Contains(r.Body, "only pain_next_morning and note can still change") {
		t.Errorf("patching a lived week's pain after: %d %s", r.StatusCode, r.Body)
	}
	if got := servertest.Decode[apiLog](t, ann.Call("GET", path, "", "")); got.PainAfter == nil || *got.PainAfter != 4 {
		t.Errorf("after a refused patch: %+v", got)
	}
	if r := ann.Call("GET", "/api/v1/me/plan", "", ""); r.StatusCode != 200 || servertest.Decode[servertest.APIPlan](t, r).Status != "plan" {
		t.Errorf("plan after logging: %d", r.StatusCode)
	}

	// Weekly check-ins: the baseline is the plan's pain (4) and the first
	// check-in's PSFS; one check-in a week.
	type outcome struct {
		Checkin  struct{ Week, Pain int }
		Checkins []struct{ Week int }
		Baseline struct {
			Pain int
			PSFS []struct {
				Activity string
				Score    int
			}
		}
		Change *struct {
			Pain           int
			PainMeaningful bool `json:"pain_meaningful"`
			PSFS           []struct {
				Activity   string
				Baseline   *int
				Now        int
				Change     int
				Meaningful bool
			}
		}
	}
	r = ann.Call("GET", "/api/v1/me/checkins", "", "")
	if o := servertest.Decode[outcome](t, r); r.StatusCode != 200 || len(o.Checkins) != 0 || o.Baseline.Pain != 4 || o.Change != nil {
		t.Errorf("no check-ins yet: %d %s", r.StatusCode, r.Body)
	}
	r = ann.Call("POST", "/api/v1/me/checkins", "application/json", `{"pain": 3, "psfs": [{"activity": " putting on socks ", "score": 4}, {"activity": "sitting an hour", "score": 5}]}`)
	o := servertest.Decode[outcome](t, r)
	if r.StatusCode != http.StatusCreated || o.Checkin.Week != 3 || o.Checkin.Pain != 3 || len(o.Checkins) != 1 || o.Baseline.Pain != 4 ||
		len(o.Baseline.PSFS) != 2 || o.Baseline.PSFS[0].Activity != "putting on socks" || o.Change == nil || o.Change.Pain != -1 || o.Change.PainMeaningful {
		t.Fatalf("first check-in: %d %s", r.StatusCode, r.Body)
	}
	if r := ann.Call("POST", "/api/v1/me/checkins", "application/json", `{"pain": 2}`); r.StatusCode != http.StatusConflict {
		t.Errorf("a second check-in in the same week: %d %s", r.StatusCode, r.Body)
	}
	clk.Set(servertest.Day(23)) // week 4
	r = ann.Call("POST", "/api/v1/me/checkins", "application/json", `{"pain": 2, "psfs": [{"activity": "Putting on socks", "score": 7}, {"activity": "gardening", "score": 2}]}`)
	o = servertest.Decode[outcome](t, r)
	if r.StatusCode != http.StatusCreated || o.Checkin.Week != 4 || len(o.Checkins) != 2 || o.Change == nil || o.Change.Pain != -2 || !o.Change.PainMeaningful ||
		len(o.Change.PSFS) != 2 || o.Change.PSFS[0].Change != 3 || !o.Change.PSFS[0].Meaningful || o.Change.PSFS[1].Baseline != nil {
		t.Fatalf("second check-in: %d %s", r.StatusCode, r.Body)
	}
	if r := ann.Call("GET", "/api/v1/me/checkins", "", ""); len(servertest.Decode[outcome](t, r).Checkins) != 2 {
		t.Errorf("check-ins: %s", r.Body)
	}
}

// Every bad request gets the right status and a problem naming the
// field; nothing is stored by a refused request, never a 500.
func TestAPIProgressBadInput(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org", servertest.WithToken())
	bob := h.Member("bob@example.org", servertest.NoPlan(), servertest.WithToken())
	clk.Set(servertest.Day(16)) // week 3, day 3
	plan := servertest.Decode[servertest.APIPlan](t, ann.Call("GET", "/api/v1/me/plan", "", ""))
	var active, rest int
	for _, d := range plan.Weeks[0].Days {
		switch {
		case d.Rest && rest == 0:
			rest = d.Day
		case !d.Rest && active == 0:
			active = d.Day
		}
	}
	if active == 0 || rest == 0 {
		t.Fatalf("week 1 needs an active and a rest day: %+v", plan.Weeks[0])
	}
	good := servertest.SessionLog(plan, 1, active, "")
	r := ann.Call("POST", "/api/v1/me/logs", "application/json", good)
	if r.StatusCode != http.StatusCreated {
		t.Fatalf("good log: %d %s", r.StatusCode, r.Body)
	}
	annLog := servertest.Decode[apiLog](t, r)
	annPath := fmt.Sprintf("/api/v1/me/logs/%d", annLog.ID)
	// Another plan day that is free to log, for the bad variants.
	var free int
	for _, d := range plan.Weeks[1].Days {
		if !d.Rest && free == 0 {
			free = d.Day
		}
	}
	fresh := servertest.SessionLog(plan, 2, free, "")
	edit := func(old, new string) string {
		if !strings.Contains(fresh, old) {
			t.Fatalf("%q is not in %s", old, fresh)
		}
		return strings.Replace(fresh, old, new, 1)
	}
	anon := &servertest.Member{} // no account, no API token
	// The plan day of week 2 logged with the next day's date.
	wrongDate := edit(`"date": "`+dayOf(servertest.Start, 7+free-1)+`"`, `"date": "`+dayOf(servertest.Start, 7+free)+`"`)

	tests := []struct {
		name                string
		who                 *servertest.Member
		method, path, ctype string
		body                string
		status              int
		field               string
	}{
		{"pain above 10", ann, "POST", "/api/v1/me/logs", "application/json", edit(`"pain_after": 4`, `"pain_after": 11`), 422, "pain_after"},
		{"pain below 0", ann, "POST", "/api/v1/me/logs", "application/json", edit(`"pain_before": 3`, `"pain_before": -1`), 422, "pain_before"},
		{"week not in the plan", ann, "POST", "/api/v1/me/logs", "application/json", edit(`"week": 2`, `"week": 13`), 422, "week"},
		{"date in the future", ann, "POST", "/api/v1/me/logs", "application/json", servertest.SessionLog(plan, 3, 5, ""), 422, "date"},
		{"date not that plan day", ann, "POST", "/api/v1/me/logs", "application/json", wrongDate, 422, "date"},
		{"duplicate plan day", ann, "POST", "/api/v1/me/logs", "application/json", good, 409, "day"},
		{"rest day", ann, "POST", "/api/v1/me/logs", "application/json", servertest.SessionLog(plan, 1, rest, ""), 422, "day"},
		{"unknown exercise", ann, "POST", "/api/v1/me/logs", "application/json", edit(`"items": [{"exercise": "`, `"items": [{"exercise": "moonwalk", "minutes": 1, "done": true}, {"exercise": "`), 422, "items[0].exercise"},
		{"too painful on an exercise not planned that day", ann, "POST", "/api/v1/me/logs", "application/json", edit(`"items": [{"exercise": "`, `"items": [{"exercise": "side-plank", "skipped": "too_painful"}, {"exercise": "`), 422, "items[0].exercise"},
		{"the same exercise twice", ann, "POST", "/api/v1/me/logs", "application/json", edit(`"items": [{"exercise": "`, `"items": [{"exercise": "side-plank", "minutes": 2, "done": true}, {"exercise": "side-plank", "skipped": "too_painful"}, {"exercise": "`), 422, "items[1].exercise"},
		{"unknown leg symptoms", ann, "POST", "/api/v1/me/logs", "application/json", edit(`"leg_symptoms": "none"`, `"leg_symptoms": "worse"`), 422, "leg_symptoms"},
		{"unknown skipped reason", ann, "POST", "/api/v1/me/logs", "application/json", edit(`"items": [{"exercise": "`, `"items": [{"exercise": "side-plank", "skipped": "bored"}, {"exercise": "`), 422, "items[0].skipped"},
		{"unknown field", ann, "POST", "/api/v1/me/logs", "application/json", edit(`"done": true,`, `"done": true, "mood": "fine",`), 422, "mood"},
		{"week as text", ann, "POST", "/api/v1/me/logs", "application/json", edit(`"week": 2`, `"week": "two"`), 422, "week"},
		{"done as text", ann, "POST", "/api/v1/me/logs", "application/json", edit(`"done": true,`, `"done": "yes",`), 422, "done"},
		{"items as an object", ann, "POST", "/api/v1/me/logs", "application/json", `{"week": 2, "day": 1, "date": "2026-11-30", "done": true, "items": {}}`, 422, "items"},
		{"item minutes as text", ann, "POST", "/api/v1/me/logs", "application/json", `{"week": 2, "day": 1, "date": "2026-11-30", "done": true, "items": [{"exercise": "cycling", "minutes": "ten"}]}`, 422, "items[0].minutes"},
		{"red flag unknown", ann, "POST", "/api/v1/me/logs", "application/json", edit(`"red_flags": []`, `"red_flags": ["hiccups"]`), 422, "red_flags"},
		{"missing date", ann, "POST", "/api/v1/me/logs", "application/json", `{"week": 2, "day": 1, "done": true}`, 422, "date"},
		{"malformed JSON", ann, "POST", "/api/v1/me/logs", "application/json", `{"week": 2,`, 400, ""},
		{"empty body", ann, "POST", "/api/v1/me/logs", "application/json", ``, 400, ""},
		{"a list", ann, "POST", "/api/v1/me/logs", "application/json", `[` + fresh + `]`, 400, ""},
		{"two objects", ann, "POST", "/api/v1/me/logs", "application/json", fresh + fresh, 400, ""},
		{"wrong content type", ann, "POST", "/api/v1/me/logs", "text/plain", fresh, 415, ""},
		{"form content type", ann, "POST", "/api/v1/me/logs", "application/x-www-form-urlencoded", "week=2", 415, ""},
		{"too large", ann, "POST", "/api/v1/me/logs", "application/json", edit(`"done": true,`, `"done": true, "note": "`+strings.Repeat("x", 70<<10)+`",`), 413, ""},
		{"no token", anon, "POST", "/api/v1/me/logs", "application/json", fresh, 401, ""},
		{"no plan", bob, "POST", "/api/v1/me/logs", "application/json", fresh, 409, ""},

		{"list: no token", anon, "GET", "/api/v1/me/logs", "", "", 401, ""},
		{"list: no plan", bob, "GET", "/api/v1/me/logs", "", "", 404, ""},
		{"another member's log", bob, "GET", annPath, "", "", 404, ""},
		{"unknown log", ann, "GET", "/api/v1/me/logs/999999", "", "", 404, ""},
		{"log id not a number", ann, "GET", "/api/v1/me/logs/cobra", "", "", 404, ""},
		{"log id zero", ann, "GET", "/api/v1/me/logs/0", "", "", 404, ""},
		{"log id too large", ann, "GET", "/api/v1/me/logs/99999999999999999999", "", "", 404, ""},
		{"get log: no token", anon, "GET", annPath, "", "", 401, ""},

		{"patch another member's log", bob, "PATCH", annPath, "application/merge-patch+json", `{"pain_next_morning": 9}`, 404, ""},
		{"patch: no token", anon, "PATCH", annPath, "application/merge-patch+json", `{"pain_next_morning": 9}`, 401, ""},
		{"patch pain above 10", ann, "PATCH", annPath, "application/merge-patch+json", `{"pain_next_morning": 12}`, 422, "pain_next_morning"},
		{"patch the week", ann, "PATCH", annPath, "application/merge-patch+json", `{"week": 2}`, 422, "week"},
		{"patch the date", ann, "PATCH", annPath, "application/merge-patch+json", `{"date": "2026-11-24"}`, 422, "date"},
		{"patch an unknown field", ann, "PATCH", annPath, "application/merge-patch+json", `{"mood": 1}`, 422, "mood"},
		{"patch an unknown exercise", ann, "PATCH", annPath, "application/merge-patch+json", `{"items": [{"exercise": "moonwalk", "minutes": 3, "done": true}]}`, 422, "items[0].exercise"},
		{"patch wrong type", ann, "PATCH", annPath, "application/merge-patch+json", `{"pain_next_morning": "3"}`, 422, "pain_next_morning"},
		{"patch malformed", ann, "PATCH", annPath, "application/merge-patch+json", `{"pain_next_morning": 3`, 400, ""},
		{"patch not an object", ann, "PATCH", annPath, "application/merge-patch+json", `3`, 400, ""},
		{"patch wrong content type", ann, "PATCH", annPath, "text/plain", `{"pain_next_morning": 3}`, 415, ""},
		{"patch unknown log", ann, "PATCH", "/api/v1/me/logs/999999", "application/merge-patch+json", `{"pain_next_morning": 3}`, 404, ""},

		{"plan: no token", anon, "GET", "/api/v1/me/plan", "", "", 401, ""},
		{"plan: no plan", bob, "GET", "/api/v1/me/plan", "", "", 404, ""},
		{"plan: bad date", ann, "GET", "/api/v1/me/plan?today=tomorrow", "", "", 422, "today"},

		{"check-in pain above 10", ann, "POST", "/api/v1/me/checkins", "application/json", `{"pain": 11}`, 422, "pain"},
		{"check-in without pain", ann, "POST", "/api/v1/me/checkins", "application/json", `{"psfs": []}`, 422, "pain"},
		{"check-in pain as text", ann, "POST", "/api/v1/me/checkins", "application/json", `{"pain": "low"}`, 422, "pain"},
		{"check-in four activities", ann, "POST", "/api/v1/me/checkins", "application/json", `{"pain": 3, "psfs": [{"activity": "a", "score": 1}, {"activity": "b", "score": 1}, {"activity": "c", "score": 1}, {"activity": "d", "score": 1}]}`, 422, "psfs"},
		{"check-in score above 10", ann, "POST", "/api/v1/me/checkins", "application/json", `{"pain": 3, "psfs": [{"activity": "socks", "score": 11}]}`, 422, "psfs[0].score"},
		{"check-in no activity", ann, "POST", "/api/v1/me/checkins", "application/json", `{"pain": 3, "psfs": [{"activity": "socks", "score": 1}, {"activity": " ", "score": 1}]}`, 422, "psfs[1].activity"},
		{"check-in item not an object", ann, "POST", "/api/v1/me/checkins", "application/json", `{"pain": 3, "psfs": ["socks"]}`, 422, "psfs[0]"},
		{"check-in unknown field", ann, "POST", "/api/v1/me/checkins", "application/json", `{"pain": 3, "mood": "ok"}`, 422, "mood"},
		{"check-in unknown activity field", ann, "POST", "/api/v1/me/checkins", "application/json", `{"pain": 3, "psfs": [{"activity": "socks", "score": 1, "when": "now"}]}`, 422, "psfs[0].when"},
		{"check-in malformed", ann, "POST", "/api/v1/me/checkins", "application/json", `{"pain": `, 400, ""},
		{"check-in wrong content type", ann, "POST", "/api/v1/me/checkins", "text/csv", `pain,3`, 415, ""},
		{"check-in: no token", anon, "POST", "/api/v1/me/checkins", "application/json", `{"pain": 3}`, 401, ""},
		{"check-in: no plan", bob, "POST", "/api/v1/me/checkins", "application/json", `{"pain": 3}`, 409, ""},
		{"check-ins: no plan", bob, "GET", "/api/v1/me/checkins", "", "", 404, ""},
		{"check-ins: no token", anon, "GET", "/api/v1/me/checkins", "", "", 401, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r servertest.Response
			if tt.who.Bearer == "" {
				r = h.Do(nil, tt.method, tt.path, tt.ctype, tt.body)
			} else {
				r = tt.who.Call(tt.method, tt.path, tt.ctype, tt.body)
			}
			var p problem
			if err := json.Unmarshal([]byte(r.Body), &p); err != nil || r.StatusCode != tt.status || r.Header.Get("Content-Type") != "application/problem+json" || p.Status != tt.status || p.Detail == "" {
				t.Fatalf("%d %s (%v), want %d problem+json", r.StatusCode, r.Body, err, tt.status)
			}
			switch {
			case tt.field != "" && (len(p.Errors) == 0 || p.Errors[0].Field != tt.field || p.Errors[0].Message == ""):
				t.Errorf("errors %+v, want the field %q", p.Errors, tt.field)
			case tt.field == "" && tt.status == 422:
				t.Error("a 422 must name a field")
			}
			if tt.status == 401 && !strings.HasPrefix(r.Header.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("401 without WWW-Authenticate: %q", r.Header.Get("WWW-Authenticate"))
			}
		})
	}
	if r := h.Do(nil, "GET", "/api/v1/me/logs", "", "", "Authorization", "Bearer sup_revoked_or_unknown"); r.StatusCode != 401 {
		t.Errorf("an unknown token: %d", r.StatusCode)
	}
	// The duplicate answer names the log to change.
	if r := ann.Call("POST", "/api/v1/me/logs", "application/json", good); !strings.Contains(r.Body, "PATCH "+annPath) {
		t.Errorf("duplicate: %s", r.Body)
	}

	// Nothing refused was stored: Ann has her one log, unchanged; Bob has
	// nothing.
	logs, err := h.Srv.Progress.Logs(context.Background(), ann.ID)
	if err != nil || len(logs) != 1 || logs[0].ID != annLog.ID || logs[0].PainNextMorning != nil || len(logs[0].Items) != len(annLog.Items) {
		t.Errorf("Ann's logs after the bad requests: %+v %v", logs, err)
	}
	if r := ann.Call("GET", "/api/v1/me/checkins", "", ""); !strings.Contains(r.Body, `"checkins":[]`) {
		t.Errorf("a refused check-in was stored: %s", r.Body)
	}
}

// Two members logging the same plan day at once: each gets their own
// log, and a member sending the same day twice at once gets exactly one.
func TestAPIProgressDuplicateAtOnce(t *testing.T) {
	t.Parallel()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(t, servertest.WithClock(clk))
	ann := h.Member("ann@example.org", servertest.WithToken())
	clk.Set(servertest.Day(16))
	plan := servertest.Decode[servertest.APIPlan](t, ann.Call("GET", "/api/v1/me/plan", "", ""))
	day := 0
	for _, d := range plan.Weeks[0].Days {
		if !d.Rest && day == 0 {
			day = d.Day
		}
	}
	body := servertest.SessionLog(plan, 1, day, "")
	const n = 8
	codes := make(chan int, n)
	for range n {
		go func() {
			req, _ := http.NewRequest("POST", h.TS.URL+"/api/v1/me/logs", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+ann.Bearer)
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				codes <- 0
				return
			}
			res.Body.Close()
			codes <- res.StatusCode
		}()
	}
	count := map[int]int{}
	for range n {
		count[<-codes]++
	}
	if count[http.StatusCreated] != 1 || count[http.StatusConflict] != n-1 {
		t.Errorf("statuses %v, want one 201 and %d 409", count, n-1)
	}
	if logs, err := h.Srv.Progress.Logs(context.Background(), ann.ID); err != nil || len(logs) != 1 {
		t.Errorf("%d logs stored (%v), want exactly 1", len(logs), err)
	}
}
