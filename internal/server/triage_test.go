package server_test

import (
	"html"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"supple/internal/server"
)

// TestStartBothLegs: the both-legs answer asks whether the symptoms are
// new, getting worse or long-standing (clinical.md 2.1). The follow-up is
// in step 1 for browsers that show it at once; without it (no :has(),
// no script) the step comes back asking.
func TestStartBothLegs(t *testing.T) {
	h := newHarness(t)
	if r := h.get(nil, "/start"); !strings.Contains(r.body, `id="q-both_legs_onset"`) || !strings.Contains(r.body, `name="both_legs_onset" value="long_standing"`) {
		t.Fatal("step 1 lacks the both-legs follow-up")
	}
	if css := h.get(nil, "/static/coach.css"); !strings.Contains(css.body, `.start-form:has(input[name=leg_pain][value=both_legs]:checked) .follow-up{display:block}`) {
		t.Error("the follow-up is not shown by the both-legs answer")
	}
	both := func(onset string) url.Values {
		v := answers()
		v.Set("leg_pain", "both_legs")
		if onset != "" {
			v.Set("both_legs_onset", onset)
		}
		return v
	}
	r := postStep(h, 1, both(""))
	if r.StatusCode != 422 || !strings.Contains(r.body, "Step 1 of 5") || !strings.Contains(r.body, `id="e-both_legs_onset"`) ||
		!strings.Contains(r.body, `name="leg_pain" value="both_legs" checked`) {
		t.Errorf("both legs without the follow-up: %d\n%s", r.StatusCode, errorText(r.body))
	}
	if r := postStep(h, 1, both("soon")); r.StatusCode != 422 || !strings.Contains(r.body, `id="e-both_legs_onset"`) {
		t.Errorf("unknown onset: %d\n%s", r.StatusCode, errorText(r.body))
	}
	for _, onset := range []string{"new", "worsening"} {
		if r := postStep(h, 1, both(onset)); r.StatusCode != 200 || !strings.Contains(r.body, "Please get medical help now") ||
			!strings.Contains(r.body, "in both legs that is new or getting worse") {
			t.Errorf("%s: not an emergency: %d\n%s", onset, r.StatusCode, errorText(r.body))
		}
	}
	// Long-standing: not an emergency; whether it was assessed decides.
	v := both("long_standing")
	for step := 1; step <= 3; step++ {
		if r := postStep(h, step, v); r.StatusCode != 200 || !strings.Contains(r.body, "Step "+string(rune('1'+step))+" of 5") {
			t.Fatalf("long-standing, step %d: %d\n%s", step, r.StatusCode, errorText(r.body))
		}
	}
	if r := postStep(h, 4, v); !strings.Contains(r.body, "Please see a doctor before starting a plan") || !strings.Contains(r.body, "no clinician has checked yet") {
		t.Errorf("long-standing, never assessed: not urgent\n%s", errorText(r.body))
	}
	for name, assessed := range map[string]func(url.Values){
		"diagnosed stenosis": func(v url.Values) { v["conditions"] = []string{"spinal_stenosis"} },
		"cleared":            func(v url.Values) { v.Set("cleared_by_clinician", "yes") },
	} {
		v := both("long_standing")
		assessed(v)
		r := postStep(h, 5, v)
		if r.StatusCode != 303 {
			t.Fatalf("%s: %d\n%s", name, r.StatusCode, errorText(r.body))
		}
		if page := h.get(nil, r.Header.Get("Location")).body; !strings.Contains(page, "Get emergency help at once if it changes") {
			t.Errorf("%s: the plan lacks the both-legs caution", name)
		}
	}
	// A follow-up answer left over from a changed mind is ignored.
	v = answers()
	v.Set("both_legs_onset", "new")
	if r := postStep(h, 1, v); r.StatusCode != 200 || !strings.Contains(r.body, "Step 2 of 5") {
		t.Errorf("one leg with a stale follow-up: %d\n%s", r.StatusCode, errorText(r.body))
	}
}

// TestStartAgeAlone: age is no referral on its own (clinical.md 0, rule 1).
func TestStartAgeAlone(t *testing.T) {
	h := newHarness(t)
	v := answers()
	v.Set("age", "17")
	v["conditions"] = []string{"scoliosis"}
	r := postStep(h, 5, v)
	if r.StatusCode != 303 {
		t.Fatalf("17, scoliosis: %d\n%s", r.StatusCode, errorText(r.body))
	}
	if page := h.get(nil, r.Header.Get("Location")).body; !strings.Contains(page, "Because you are under 20, please also see a doctor") {
		t.Error("the plan lacks the advice to see a clinician")
	}
	v.Add("red_flags_urgent", "constant_night_pain")
	if r := postStep(h, 5, v); !strings.Contains(r.body, "Please see a doctor before starting a plan") || !strings.Contains(r.body, "being under 20") {
		t.Errorf("17 with night pain: not referred\n%s", errorText(r.body))
	}
}

var (
	telRE    = regexp.MustCompile(`href="tel:([0-9]+)"`)
	hiddenRE = regexp.MustCompile(`<input type="hidden" name="([^"]+)" value="([^"]*)">`)
)

// TestEmergencyPageCalls: the emergency page offers the configured
// numbers as tap-to-call links, local ones first.
func TestEmergencyPageCalls(t *testing.T) {
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
			h := newHarness(t, func(c *server.Config) { c.EmergencyNumber, c.Country = tc.number, tc.country })
			v := answers()
			v.Add("red_flags_emergency", "fever_and_unwell")
			r := postStep(h, 1, v)
			var got []string
			for _, m := range telRE.FindAllStringSubmatch(r.body, -1) {
				got = append(got, m[1])
			}
			if strings.Join(got, ",") != strings.Join(tc.want, ",") || !strings.Contains(r.body, "Call "+tc.want[0]+" now") {
				t.Errorf("tel links %v, want %v", got, tc.want)
			}
			for _, n := range []string{"999 in the UK", "911 in the US"} {
				if strings.Contains(r.body, n) {
					t.Errorf("the page still names %q", n)
				}
			}
		})
	}
}

// TestReferralWayBack: someone who ticked a box by mistake goes back to
// the question with every answer kept.
func TestReferralWayBack(t *testing.T) {
	h := newHarness(t)
	v := answers()
	v.Add("red_flags_emergency", "saddle_numbness")
	r := postStep(h, 1, v)
	call := strings.Index(r.body, `href="tel:`)
	back := strings.Index(r.body, `name="revise"`)
	if call < 0 || back < call {
		t.Fatalf("the way back must come after the call link (call %d, back %d)", call, back)
	}
	form := r.body[strings.LastIndex(r.body[:back], "<form"):back]
	got := url.Values{}
	for _, m := range hiddenRE.FindAllStringSubmatch(form, -1) {
		got.Add(html.UnescapeString(m[1]), html.UnescapeString(m[2]))
	}
	if got.Get("step") != "1" || got.Get("red_flags_emergency") != "saddle_numbness" || got.Get("age") != "46" || len(got["worse_with"]) != 2 {
		t.Fatalf("the way back carries %v", got)
	}
	got.Set("revise", "1")
	r = h.form(nil, "/start", got)
	if r.StatusCode != 200 || !strings.Contains(r.body, "Step 1 of 5") || !strings.Contains(r.body, `value="saddle_numbness" checked`) || !strings.Contains(r.body, `name="age" value="46"`) {
		t.Fatalf("back at step 1: %d\n%s", r.StatusCode, errorText(r.body))
	}
	// Unticked, the walk goes on with the other answers.
	got.Del("revise")
	got.Del("red_flags_emergency")
	if r := h.form(nil, "/start", got); r.StatusCode != 200 || !strings.Contains(r.body, "Step 2 of 5") {
		t.Errorf("after unticking: %d\n%s", r.StatusCode, errorText(r.body))
	}
	// A teen's new pain worse bending backward goes back to the age.
	v = answers()
	v.Set("age", "17")
	v.Set("duration_weeks", "3")
	v["worse_with"] = []string{"bending_backward"}
	v["better_with"] = []string{}
	r = postStep(h, 4, v)
	if !strings.Contains(r.body, "a stress fracture in the spine needs ruling out") || !strings.Contains(r.body, `<input type="hidden" name="step" value="3">`) {
		t.Errorf("teen, new pain worse bending backward: no way back to step 3\n%s", errorText(r.body))
	}
	// An urgent referral goes back to its own step.
	v = answers()
	v.Add("red_flags_urgent", "cancer_history")
	r = postStep(h, 2, v)
	if !strings.Contains(r.body, `<input type="hidden" name="step" value="2">`) || !strings.Contains(r.body, `name="revise"`) {
		t.Errorf("urgent referral: no way back to step 2\n%s", errorText(r.body))
	}
}

// TestRescreenBothLegsChange: the re-screen asks about a change in
// symptoms in both legs, and a yes is an emergency.
func TestRescreenBothLegsChange(t *testing.T) {
	h := newHarness(t)
	m := newMember(t, h, "ann@example.org", true)
	if page := h.get(m.c, "/me/rescreen").body; !strings.Contains(page, `name="red_flags_emergency" value="both_legs_new_or_worse"`) {
		t.Fatal("the re-screen does not ask about both legs")
	}
	r := m.post(h, "/me/rescreen", url.Values{"red_flags_emergency": {"both_legs_new_or_worse"}})
	if r.StatusCode != 200 || !strings.Contains(r.body, "Please get medical help now") || !strings.Contains(r.body, `href="tel:112"`) {
		t.Errorf("both legs worse: %d\n%s", r.StatusCode, errorText(r.body))
	}
	if strings.Contains(r.body, `name="revise"`) {
		t.Error("a recorded re-screen has no way back to /start")
	}
}
