package web_test

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"supple/internal/server"
	"supple/internal/servertest"
)

// TestStartBothLegs: the both-legs answer asks whether the symptoms are
// new, getting worse or long-standing (clinical.md 2.1). The follow-up is
// in step 1 for browsers that show it at once; without it (no :has(),
// no script) the step comes back asking.
func TestStartBothLegs(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	if r := h.Get(nil, "/start"); !strings.Contains(r.Body, `id="q-both_legs_onset"`) || !strings.Contains(r.Body, `name="both_legs_onset" value="long_standing"`) {
		t.Fatal("step 1 lacks the both-legs follow-up")
	}
	if css := h.Get(nil, "/static/coach.css"); !strings.Contains(css.Body, `.start-form:has(input[name=leg_pain][value=both_legs]:checked) #q-both_legs_onset,`) {
		t.Error("the follow-up is not shown by the both-legs answer")
	}
	if css := h.Get(nil, "/static/coach.css"); !strings.Contains(css.Body, `.start-form:has(input[name=sex][value=female]:checked) #q-postmenopausal,`) {
		t.Error("the menopause follow-up is not shown by the answer female")
	}
	if css := h.Get(nil, "/static/coach.css"); !strings.Contains(css.Body, `.start-form:has(input[name=activity_level][value=moderate]:checked) #q-ran_before,.start-form:has(input[name=activity_level][value=active]:checked) #q-ran_before{display:block}`) {
		t.Error("the ran-before follow-up is not shown by the answers moderate and active (clinical review 3, L7)")
	}
	both := func(onset string) url.Values {
		v := servertest.Answers()
		v.Set("leg_pain", "both_legs")
		if onset != "" {
			v.Set("both_legs_onset", onset)
		}
		return v
	}
	r := h.PostStep(1, both(""))
	if r.StatusCode != 422 || !strings.Contains(r.Body, "Step 1 of 5") || !strings.Contains(r.Body, `id="e-both_legs_onset"`) ||
		!strings.Contains(r.Body, `name="leg_pain" value="both_legs" checked`) {
		t.Errorf("both legs without the follow-up: %d\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	if r := h.PostStep(1, both("soon")); r.StatusCode != 422 || !strings.Contains(r.Body, `id="e-both_legs_onset"`) {
		t.Errorf("unknown onset: %d\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	for _, onset := range []string{"new", "worsening"} {
		if r := h.PostStep(1, both(onset)); r.StatusCode != 200 || !strings.Contains(r.Body, "Please get medical help now") ||
			!strings.Contains(r.Body, "in both legs that is new or getting worse") {
			t.Errorf("%s: not an emergency: %d\n%s", onset, r.StatusCode, servertest.ErrorText(r.Body))
		}
	}
	// Long-standing: not an emergency; whether it was assessed decides.
	v := both("long_standing")
	for step := 1; step <= 3; step++ {
		if r := h.PostStep(step, v); r.StatusCode != 200 || !strings.Contains(r.Body, "Step "+string(rune('1'+step))+" of 5") {
			t.Fatalf("long-standing, step %d: %d\n%s", step, r.StatusCode, servertest.ErrorText(r.Body))
		}
	}
	if r := h.PostStep(4, v); !strings.Contains(r.Body, "Please see a doctor before starting a plan") || !strings.Contains(r.Body, "no clinician has checked yet") {
		t.Errorf("long-standing, never assessed: not urgent\n%s", servertest.ErrorText(r.Body))
	}
	for name, assessed := range map[string]func(url.Values){
		"diagnosed stenosis": func(v url.Values) { v["conditions"] = []string{"spinal_stenosis"} },
		"cleared":            func(v url.Values) { v.Set("cleared_by_clinician", "yes") },
	} {
		v := both("long_standing")
		assessed(v)
		r := h.PostStep(5, v)
		if r.StatusCode != 303 {
			t.Fatalf("%s: %d\n%s", name, r.StatusCode, servertest.ErrorText(r.Body))
		}
		if page := h.Get(nil, r.Header.Get("Location")).Body; !strings.Contains(page, "Get emergency help at once if it changes") {
			t.Errorf("%s: the plan lacks the both-legs caution", name)
		}
	}
	// A follow-up answer left over from a changed mind is ignored.
	v = servertest.Answers()
	v.Set("both_legs_onset", "new")
	if r := h.PostStep(1, v); r.StatusCode != 200 || !strings.Contains(r.Body, "Step 2 of 5") {
		t.Errorf("one leg with a stale follow-up: %d\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
}

// TestStartAgeAlone: age is no referral on its own (clinical.md 0, rule 1).
func TestStartAgeAlone(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	v := servertest.Answers()
	v.Set("age", "17")
	v["conditions"] = []string{"scoliosis"}
	r := h.PostStep(5, v)
	if r.StatusCode != 303 {
		t.Fatalf("17, scoliosis: %d\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	if page := h.Get(nil, r.Header.Get("Location")).Body; !strings.Contains(page, "Because you are under 20, please also see a doctor") {
		t.Error("the plan lacks the advice to see a clinician")
	}
	v.Add("red_flags_urgent", "constant_night_pain")
	if r := h.PostStep(5, v); !strings.Contains(r.Body, "Please see a doctor before starting a plan") || !strings.Contains(r.Body, "being under 20") {
		t.Errorf("17 with night pain: not referred\n%s", servertest.ErrorText(r.Body))
	}
}

var (
	telRE    = regexp.MustCompile(`href="tel:([0-9]+)"`)
	hiddenRE = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)
)

// TestEmergencyPageCalls: the emergency page offers the configured
// numbers as tap-to-call links, local ones first.
func TestEmergencyPageCalls(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, number, country string
		want                  []string
	}{
		{"default", "", "", []string{"112"}},
		{"number only", "911", "", []string{"911"}},
		{"GB", "", "GB", []string{"999", "112"}},
		{"IE", "", "ie", []string{"112", "999"}},
		{"AU", "", "AU", []string{"000", "112"}},
		{"NZ", "", "NZ", []string{"111", "112"}},
		{"US", "", "US", []string{"911", "112"}},
		{"CA", "", "CA", []string{"911", "112"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := servertest.New(t, func(c *server.Config) { c.EmergencyNumber, c.Country = tc.number, tc.country })
			v := servertest.Answers()
			v.Add("red_flags_emergency", "fever_and_unwell")
			r := h.PostStep(1, v)
			var got []string
			for _, m := range telRE.FindAllStringSubmatch(r.Body, -1) {
				got = append(got, m[1])
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") || !strings.Contains(r.Body, "Call "+tc.want[0]+" now") {
				t.Errorf("tel links %v, want %v", got, tc.want)
			}
			for _, n := range []string{"999 in the UK", "911 in the US"} {
				if strings.Contains(r.Body, n) {
					t.Errorf("the page still names %q", n)
				}
			}
		})
	}
}

// TestReferralWayBack: someone who ticked a box by mistake goes back to
// the question with every answer kept.
func TestReferralWayBack(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	v := servertest.Answers()
	v.Add("red_flags_emergency", "saddle_numbness")
	r := h.PostStep(1, v)
	call := strings.Index(r.Body, `href="tel:`)
	back := strings.Index(r.Body, `name="revise"`)
	if call < 0 || back < call {
		t.Fatalf("the way back must come after the call link (call %d, back %d)", call, back)
	}
	form := r.Body[strings.LastIndex(r.Body[:back], "<form"):back]
	got := url.Values{}
	for _, m := range hiddenRE.FindAllStringSubmatch(form, -1) {
		got.Add(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	if got.Get("step") != "1" || got.Get("red_flags_emergency") != "saddle_numbness" || got.Get("age") != "46" || len(got["worse_with"]) != 2 {
		t.Fatalf("the way back carries %v", got)
	}
	got.Set("revise", "1")
	r = h.Form(nil, "/start", got)
	if r.StatusCode != 200 || !strings.Contains(r.Body, "Step 1 of 5") || !strings.Contains(r.Body, `value="saddle_numbness" checked`) || !strings.Contains(r.Body, `name="age" value="46"`) {
		t.Fatalf("back at step 1: %d\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	// Unticked, the walk goes on with the other answers.
	got.Del("revise")
	got.Del("red_flags_emergency")
	if r := h.Form(nil, "/start", got); r.StatusCode != 200 || !strings.Contains(r.Body, "Step 2 of 5") {
		t.Errorf("after unticking: %d\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	// A teen's new pain worse bending backward goes back to the age.
	v = servertest.Answers()
	v.Set("age", "17")
	v.Set("duration_weeks", "3")
	v["worse_with"] = []string{"bending_backward"}
	v["better_with"] = []string{}
	r = h.PostStep(4, v)
	if !strings.Contains(r.Body, "a stress fracture in the spine needs ruling out") || !strings.Contains(r.Body, `<input type="hidden" name="step" value="3">`) {
		t.Errorf("teen, new pain worse bending backward: no way back to step 3\n%s", servertest.ErrorText(r.Body))
	}
	// An urgent referral goes back to its own step.
	v = servertest.Answers()
	v.Add("red_flags_urgent", "cancer_history")
	r = h.PostStep(2, v)
	if !strings.Contains(r.Body, `<input type="hidden" name="step" value="2">`) || !strings.Contains(r.Body, `name="revise"`) {
		t.Errorf("urgent referral: no way back to step 2\n%s", servertest.ErrorText(r.Body))
	}
}

// TestRescreenBothLegsChange: the re-screen asks about a change in
// symptoms in both legs, and a yes is an emergency.
func TestRescreenBothLegsChange(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("ann@example.org")
	if page := h.Get(m.Client, "/me/rescreen").Body; !strings.Contains(page, `name="red_flags_emergency" value="both_legs_new_or_worse"`) {
		t.Fatal("the re-screen does not ask about both legs")
	}
	r := m.Post("/me/rescreen", url.Values{"red_flags_emergency": {"both_legs_new_or_worse"}})
	if r.StatusCode != 200 || !strings.Contains(r.Body, "Please get medical help now") || !strings.Contains(r.Body, `href="tel:112"`) {
		t.Errorf("both legs worse: %d\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	if strings.Contains(r.Body, `name="revise"`) {
		t.Error("a recorded re-screen has no way back to /start")
	}
}
