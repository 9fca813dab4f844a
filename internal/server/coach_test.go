package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
)

// answers are the /start form's answers for a 46-year-old desk worker.
func answers() url.Values {
	return url.Values{
		"leg_pain": {"none"}, "pregnant": {"no"}, "age": {"46"}, "pain_now": {"4"}, "duration_weeks": {"16"},
		"worse_with": {"sitting", "bending_forward"}, "better_with": {"walking"},
		"activity_level": {"sedentary"}, "minutes_per_day": {"30"}, "days_per_week": {"5"},
	}
}

func postStep(h *harness, step int, v url.Values) response {
	v = cloneValues(v)
	v.Set("step", string(rune('0'+step)))
	return h.form(nil, "/start", v)
}

func cloneValues(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

func TestStartWalksToAPlan(t *testing.T) {
	h := newHarness(t)
	r := h.get(nil, "/start")
	if r.StatusCode != 200 || !strings.Contains(r.body, "Step 1 of 5") || !strings.Contains(r.body, `name="red_flags_emergency"`) {
		t.Fatalf("step 1: %d", r.StatusCode)
	}
	v := answers()
	for step := 1; step <= 4; step++ {
		r = postStep(h, step, v)
		if r.StatusCode != 200 || !strings.Contains(r.body, "Step "+string(rune('0'+step+1))+" of 5") {
			t.Fatalf("after step %d: %d\n%s", step, r.StatusCode, errorText(r.body))
		}
	}
	r = postStep(h, 5, v)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/plan/") {
		t.Fatalf("final step: %d %s\n%s", r.StatusCode, r.Header.Get("Location"), errorText(r.body))
	}
	planURL := r.Header.Get("Location")
	page := h.get(nil, planURL)
	for _, want := range []string{"Your 12-week back plan", "Today: week 1, day 1", "Sphinx", "Left out, and why", "Knee-to-chest stretch is not in your plan: you said sitting makes it worse",
		"The pain rule", "Add to my calendar", `role="img"`, "Week 12:"} {
		if !strings.Contains(page.body, want) {
			t.Errorf("plan page lacks %q", want)
		}
	}
	if page.Header.Get("X-Robots-Tag") != "noindex" {
		t.Error("plan pages must not be indexed")
	}
	if r := h.get(nil, "/plan/AAAAAAAAAAAAAAAAAAAAAAAA"); r.StatusCode != 404 {
		t.Errorf("unknown plan: %d", r.StatusCode)
	}
	if r := h.get(nil, "/plan/short"); r.StatusCode != 404 {
		t.Errorf("malformed plan token: %d", r.StatusCode)
	}

	// The calendar feed parses with a real iCalendar parser.
	cal := h.get(nil, planURL+"/calendar.ics")
	if ct := cal.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
		t.Errorf("calendar content type %q", ct)
	}
	parsed, err := ics.ParseCalendar(strings.NewReader(cal.body))
	if err != nil {
		t.Fatal(err)
	}
	events := parsed.Events()
	if len(events) != 12*5 {
		t.Fatalf("%d events, want 60 (5 days x 12 weeks)", len(events))
	}
	first := events[0]
	start, err := first.GetAllDayStartAt()
	if err != nil || !start.Equal(time.Date(2026, 11, 23, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("first event starts %v (%v)", start, err)
	}
	summary := first.GetProperty(ics.ComponentPropertySummary).Value
	desc := first.GetProperty(ics.ComponentPropertyDescription).Value
	if !strings.Contains(summary, "Sphinx") || !strings.Contains(desc, "pain rule") || !strings.Contains(desc, h.ts.URL+planURL) {
		t.Errorf("event: %q / %q", summary, desc)
	}
	for _, line := range strings.Split(cal.body, "\r\n") {
		if len(line) > 75 {
			t.Errorf("unfolded line of %d octets", len(line))
		}
	}
}

func TestStartKeepsAnswersOnErrors(t *testing.T) {
	h := newHarness(t)
	v := answers()
	v.Set("age", "abc")
	v.Set("duration_weeks", "6")
	r := postStep(h, 3, v)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.body, "please enter a whole number") ||
		!strings.Contains(r.body, `value="abc"`) || !strings.Contains(r.body, `id="duration_weeks" name="duration_weeks" type="text" inputmode="numeric" pattern="[0-9]*" autocomplete="off" value="6"`) {
		t.Errorf("step 3 with a bad age: %d\n%s", r.StatusCode, errorText(r.body))
	}
	v = answers()
	v.Set("age", "12")
	if r := postStep(h, 3, v); r.StatusCode != 422 || !strings.Contains(r.body, "Please enter your age in years, from 16 to 110") {
		t.Errorf("age 12: %d", r.StatusCode)
	}
	v = answers()
	v.Set("pregnant", "yes")
	v.Del("pregnancy_weeks")
	if r := postStep(h, 3, v); r.StatusCode != 422 || !strings.Contains(r.body, "how many weeks pregnant") {
		t.Errorf("pregnant without weeks: %d", r.StatusCode)
	}
	v = answers()
	v.Del("days_per_week")
	if r := postStep(h, 5, v); r.StatusCode != 422 || !strings.Contains(r.body, "Please choose how many days a week you could exercise") {
		t.Errorf("no days: %d", r.StatusCode)
	}
	// Back keeps everything.
	v = answers()
	v.Set("back", "1")
	r = postStep(h, 4, v)
	if r.StatusCode != 200 || !strings.Contains(r.body, "Step 3 of 5") || !strings.Contains(r.body, `value="46"`) {
		t.Errorf("back: %d", r.StatusCode)
	}
}

func TestStartRefers(t *testing.T) {
	h := newHarness(t)
	v := answers()
	v.Add("red_flags_emergency", "saddle_numbness")
	r := postStep(h, 1, v)
	if r.StatusCode != 200 || !strings.Contains(r.body, "Please get medical help now") || !strings.Contains(r.body, "numbness or tingling between the legs") {
		t.Errorf("emergency after step 1: %d", r.StatusCode)
	}
	v = answers()
	v.Set("leg_pain", "both_legs")
	v.Set("both_legs_onset", "new")
	if r := postStep(h, 1, v); !strings.Contains(r.body, "Please get medical help now") {
		t.Error("new symptoms in both legs are an emergency")
	}
	v = answers()
	v.Add("red_flags_urgent", "cancer_history")
	if r := postStep(h, 2, v); !strings.Contains(r.body, "Please see a doctor before starting a plan") {
		t.Error("urgent after step 2")
	}
	v.Set("cleared_by_clinician", "yes")
	if r := postStep(h, 2, v); !strings.Contains(r.body, "Step 3 of 5") {
		t.Error("a cleared urgent sign should continue")
	}
	v = answers()
	v.Set("age", "18")
	if r := postStep(h, 3, v); !strings.Contains(r.body, "Step 4 of 5") {
		t.Error("age 18 alone is no referral (TestStartAgeAlone)")
	}
}

func TestExercisePagesAndAPI(t *testing.T) {
	h := newHarness(t)
	r := h.get(nil, "/exercises/")
	for _, id := range []string{"cat-cow", "bird-dog", "brisk-walking", "sit-up"} {
		if !strings.Contains(r.body, `href="/exercises/`+id+`"`) {
			t.Errorf("library page lacks %s", id)
		}
	}
	r = h.get(nil, "/exercises/cobra")
	for _, want := range []string{"<h1>Cobra</h1>", "How to do it", "Who should take care", `role="img"`, "Spinal stenosis"} {
		if !strings.Contains(r.body, want) {
			t.Errorf("cobra page lacks %q", want)
		}
	}
	if r := h.get(nil, "/exercises/sit-up"); !strings.Contains(r.body, "Not part of any supple plan") {
		t.Error("avoid page")
	}
	if r := h.get(nil, "/exercises/nope"); r.StatusCode != 404 {
		t.Errorf("unknown exercise: %d", r.StatusCode)
	}
	var list struct {
		Exercises []struct {
			ID    string
			Block string
		}
	}
	if err := json.Unmarshal([]byte(h.get(nil, "/api/v1/exercises").body), &list); err != nil || len(list.Exercises) < 29 {
		t.Fatalf("api list: %v %d", err, len(list.Exercises))
	}
	if r := h.get(nil, "/api/v1/exercises/nope"); r.StatusCode != 404 || r.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("api unknown exercise: %d", r.StatusCode)
	}
}

func TestPlanAPI(t *testing.T) {
	h := newHarness(t)
	good := `{"age": 46, "pain_now": 4, "duration_weeks": 16, "activity_level": "sedentary", "minutes_per_day": 30, "days_per_week": 5, "worse_with": ["sitting"]}`
	r := h.json(nil, "/api/v1/plans", good)
	var res struct {
		Status         string
		Classification struct{ Direction string }
		Weeks          []struct{ Week int }
		Excluded       []struct{ Exercise, Reason string }
	}
	if err := json.Unmarshal([]byte(r.body), &res); err != nil || r.StatusCode != 200 || res.Status != "plan" || len(res.Weeks) != 12 || res.Classification.Direction != "extension" {
		t.Fatalf("plan: %d %v %+v", r.StatusCode, err, res.Status)
	}
	r = h.json(nil, "/api/v1/plans", strings.Replace(good, `"age": 46`, `"age": 46, "red_flags": ["major_trauma"]`, 1))
	if !strings.Contains(r.body, `"status":"referred"`) || !strings.Contains(r.body, `"level":"emergency"`) || strings.Contains(r.body, `"weeks"`) {
		t.Errorf("referral: %s", r.body)
	}
	// Long-standing symptoms in both legs a clinician cleared: a plan;
	// without the follow-up, the safe default (an emergency).
	r = h.json(nil, "/api/v1/plans", strings.Replace(good, `"age": 46`, `"age": 46, "leg_pain": "both_legs", "both_legs_onset": "long_standing", "cleared_by_clinician": true`, 1))
	if r.StatusCode != 200 || !strings.Contains(r.body, `"status":"plan"`) {
		t.Errorf("long-standing, cleared: %d %s", r.StatusCode, r.body)
	}
	r = h.json(nil, "/api/v1/plans", strings.Replace(good, `"age": 46`, `"age": 46, "leg_pain": "both_legs", "cleared_by_clinician": true`, 1))
	if !strings.Contains(r.body, `"level":"emergency"`) {
		t.Errorf("both legs, onset not said: %s", r.body)
	}
	for _, tt := range []struct{ body, field string }{
		{strings.Replace(good, `"age": 46`, `"age": 200`, 1), "age"},
		{strings.Replace(good, `"age": 46`, `"age": "old"`, 1), "age"},
		{strings.Replace(good, `"age": 46`, `"age": 46, "mood": "grumpy"`, 1), "mood"},
		{`{"age": 46}`, "pain_now"},
		{strings.Replace(good, `"age": 46`, `"age": 46, "leg_pain": "both_legs", "both_legs_onset": "last_year"`, 1), "both_legs_onset"},
		{strings.Replace(good, `"age": 46`, `"age": 46, "leg_pain": "above_knee", "both_legs_onset": "new"`, 1), "both_legs_onset"},
	} { // a body that is not JSON at all is 400: TestMalformedJSONIs400
		r := h.json(nil, "/api/v1/plans", tt.body)
		var p problem
		json.Unmarshal([]byte(r.body), &p)
		if r.StatusCode != 422 || r.Header.Get("Content-Type") != "application/problem+json" || len(p.Errors) == 0 || p.Errors[0].Field != tt.field {
			t.Errorf("%q: %d %+v", tt.body, r.StatusCode, p)
		}
	}
}
