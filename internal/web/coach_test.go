package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"
	"supple/internal/servertest"
)

func TestStartWalksToAPlan(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	r := h.Get(nil, "/start")
	if r.StatusCode != 200 || !strings.Contains(r.Body, "Step 1 of 5") || !strings.Contains(r.Body, `name="red_flags_emergency"`) {
		t.Fatalf("step 1: %d", r.StatusCode)
	}
	v := servertest.Answers()
	for step := 1; step <= 4; step++ {
		r = h.PostStep(step, v)
		if r.StatusCode != 200 || !strings.Contains(r.Body, "Step "+string(rune('0'+step+1))+" of 5") {
			t.Fatalf("after step %d: %d\n%s", step, r.StatusCode, servertest.ErrorText(r.Body))
		}
	}
	r = h.PostStep(5, v)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/plan/") {
		t.Fatalf("final step: %d %s\n%s", r.StatusCode, r.Header.Get("Location"), servertest.ErrorText(r.Body))
	}
	planURL := r.Header.Get("Location")
	page := h.Get(nil, planURL)
	for _, want := range []string{"Your 12-week back plan", "Today: week 1, day 1", "Sphinx", "Left out, and why", "Knee-to-chest stretch is not in your plan: you said sitting makes it worse",
		"The pain rule", "Add to my calendar", `role="img"`, `<span class="week-name">Week 12</span>`} {
		if !strings.Contains(page.Body, want) {
			t.Errorf("plan page lacks %q", want)
		}
	}
	if page.Header.Get("X-Robots-Tag") != "noindex" {
		t.Error("plan pages must not be indexed")
	}
	if r := h.Get(nil, "/plan/AAAAAAAAAAAAAAAAAAAAAAAA"); r.StatusCode != 404 {
		t.Errorf("unknown plan: %d", r.StatusCode)
	}
	if r := h.Get(nil, "/plan/short"); r.StatusCode != 404 {
		t.Errorf("malformed plan token: %d", r.StatusCode)
	}

	// The calendar feed parses with a real iCalendar parser.
	cal := h.Get(nil, planURL+"/calendar.ics")
	if ct := cal.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/calendar") {
		t.Errorf("calendar content type %q", ct)
	}
	parsed, err := ics.ParseCalendar(strings.NewReader(cal.Body))
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
	if !strings.Contains(summary, "Sphinx") || !strings.Contains(desc, "pain rule") || !strings.Contains(desc, h.TS.URL+planURL) {
		t.Errorf("event: %q / %q", summary, desc)
	}
	for _, line := range strings.Split(cal.Body, "\r\n") {
		if len(line) > 75 {
			t.Errorf("unfolded line of %d octets", len(line))
		}
	}
}

func TestStartKeepsAnswersOnErrors(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	v := servertest.Answers()
	v.Set("age", "abc")
	v.Set("duration_weeks", "6")
	r := h.PostStep(3, v)
	if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, "please enter a whole number") ||
		!strings.Contains(r.Body, `value="abc"`) || !strings.Contains(r.Body, `id="duration_weeks" name="duration_weeks" type="text" inputmode="numeric" pattern="[0-9]*" autocomplete="off" value="6"`) {
		t.Errorf("step 3 with a bad age: %d\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	v = servertest.Answers()
	v.Set("age", "12")
	if r := h.PostStep(3, v); r.StatusCode != 422 || !strings.Contains(r.Body, "Please enter your age in years, from 16 to 110") {
		t.Errorf("age 12: %d", r.StatusCode)
	}
	v = servertest.Answers()
	v.Set("pregnant", "yes")
	v.Del("pregnancy_weeks")
	if r := h.PostStep(3, v); r.StatusCode != 422 || !strings.Contains(r.Body, "how many weeks pregnant") {
		t.Errorf("pregnant without weeks: %d", r.StatusCode)
	}
	v = servertest.Answers()
	v.Del("days_per_week")
	if r := h.PostStep(5, v); r.StatusCode != 422 || !strings.Contains(r.Body, "Please choose how many days a week you could exercise") {
		t.Errorf("no days: %d", r.StatusCode)
	}
	// Back keeps everything.
	v = servertest.Answers()
	v.Set("back", "1")
	r = h.PostStep(4, v)
	if r.StatusCode != 200 || !strings.Contains(r.Body, "Step 3 of 5") || !strings.Contains(r.Body, `value="46"`) {
		t.Errorf("back: %d", r.StatusCode)
	}
}

func TestStartRefers(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	v := servertest.Answers()
	v.Add("red_flags_emergency", "saddle_numbness")
	r := h.PostStep(1, v)
	if r.StatusCode != 200 || !strings.Contains(r.Body, "Please get medical help now") || !strings.Contains(r.Body, "numbness or tingling between the legs") {
		t.Errorf("emergency after step 1: %d", r.StatusCode)
	}
	v = servertest.Answers()
	v.Set("leg_pain", "both_legs")
	v.Set("both_legs_onset", "new")
	if r := h.PostStep(1, v); !strings.Contains(r.Body, "Please get medical help now") {
		t.Error("new symptoms in both legs are an emergency")
	}
	v = servertest.Answers()
	v.Add("red_flags_urgent", "cancer_history")
	if r := h.PostStep(2, v); !strings.Contains(r.Body, "Please see a doctor before starting a plan") {
		t.Error("urgent after step 2")
	}
	v.Set("cleared_by_clinician", "yes")
	if r := h.PostStep(2, v); !strings.Contains(r.Body, "Step 3 of 5") {
		t.Error("a cleared urgent sign should continue")
	}
	v = servertest.Answers()
	v.Set("age", "18")
	if r := h.PostStep(3, v); !strings.Contains(r.Body, "Step 4 of 5") {
		t.Error("age 18 alone is no referral (TestStartAgeAlone)")
	}
}

func TestExercisePagesAndAPI(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	r := h.Get(nil, "/exercises/")
	for _, id := range []string{"cat-cow", "bird-dog", "brisk-walking", "sit-up"} {
		if !strings.Contains(r.Body, `href="/exercises/`+id+`"`) {
			t.Errorf("library page lacks %s", id)
		}
	}
	r = h.Get(nil, "/exercises/cobra")
	for _, want := range []string{"<h1>Cobra</h1>", "How to do it", "Who should take care", `role="img"`, "Spinal stenosis"} {
		if !strings.Contains(r.Body, want) {
			t.Errorf("cobra page lacks %q", want)
		}
	}
	if r := h.Get(nil, "/exercises/sit-up"); !strings.Contains(r.Body, "Not part of any supple plan") {
		t.Error("avoid page")
	}
	if r := h.Get(nil, "/exercises/nope"); r.StatusCode != 404 {
		t.Errorf("unknown exercise: %d", r.StatusCode)
	}
	var list struct {
		Exercises []struct {
			ID    string
			Block string
		}
	}
	if err := json.Unmarshal([]byte(h.Get(nil, "/api/v1/exercises").Body), &list); err != nil || len(list.Exercises) < 29 {
		t.Fatalf("api list: %v %d", err, len(list.Exercises))
	}
	if r := h.Get(nil, "/api/v1/exercises/nope"); r.StatusCode != 404 || r.Header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("api unknown exercise: %d", r.StatusCode)
	}
}

// The /start form reads straight into coach.Profile and shows
// coach.ValidateProfile's errors at the question that asks the field,
// for this step and for tampered answers of earlier steps.
func TestStartFormErrorsComeFromCoach(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	for _, tt := range []struct {
		name  string
		step  int
		edit  func(url.Values)
		field string
	}{
		{"unknown warning sign", 1, func(v url.Values) { v.Set("red_flags_emergency", "headache") }, "red_flags_emergency"},
		{"unknown urgent sign", 2, func(v url.Values) { v.Set("red_flags_urgent", "headache") }, "red_flags_urgent"},
		{"unknown leg answer", 1, func(v url.Values) { v.Set("leg_pain", "arm") }, "leg_pain"},
		{"onset without both legs", 1, func(v url.Values) { v.Set("leg_pain", "both_legs"); v.Set("both_legs_onset", "soon") }, "both_legs_onset"},
		{"pain out of range", 3, func(v url.Values) { v.Set("pain_now", "11") }, "pain_now"},
		{"unknown condition", 4, func(v url.Values) { v.Set("conditions", "gout") }, "conditions"},
		{"worse and better", 4, func(v url.Values) { v.Set("better_with", "sitting") }, "better_with"},
		{"unknown access", 5, func(v url.Values) { v.Set("access", "gym") }, "access"},
		{"tampered age at the last step", 5, func(v url.Values) { v.Set("age", "200") }, "age"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := servertest.Answers()
			tt.edit(v)
			r := h.PostStep(tt.step, v)
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#q-`+tt.field+`"`) {
				t.Errorf("%d, want 422 with the message at %s:\n%s", r.StatusCode, tt.field, servertest.ErrorText(r.Body))
			}
		})
	}
}
