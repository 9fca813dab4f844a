package web_test

import (
	"net/http"
	"strings"
	"testing"

	"supple/internal/servertest"
)

// An 88-year-old woman past the menopause, who cannot get down to the
// floor and uses a walking aid, answers /start: her plan has no floor
// work and says why, and it follows the osteoporosis rules with a
// bone-health check (clinical.md 4.1; before, /start asked none of
// this and she got floor work).
func TestStartAsksTheBody(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	v := servertest.Answers()
	v.Set("age", "88")
	v.Set("floor_transfer", "cannot")
	v.Set("mobility_aid", "walking_aid")
	v.Set("sex", "female")
	v.Set("postmenopausal", "yes")
	r := h.PostStep(3, v)
	if r.StatusCode != http.StatusOK || !strings.Contains(r.Body, "Step 4 of 5") {
		t.Fatalf("step 3: %d\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	// Step 4 carries step 3's answers.
	for _, hidden := range []string{`name="floor_transfer" value="cannot"`, `name="mobility_aid" value="walking_aid"`, `name="sex" value="female"`, `name="postmenopausal" value="yes"`} {
		if !strings.Contains(r.Body, hidden) {
			t.Errorf("step 4 does not carry %s", hidden)
		}
	}
	for _, q := range []string{`name="long_term_steroids"`, `name="previous_fragility_fracture"`, `name="vertebral_fracture"`} {
		if !strings.Contains(r.Body, q) {
			t.Errorf("step 4 does not ask %s", q)
		}
	}
	r = h.PostStep(5, v)
	if r.StatusCode != http.StatusSeeOther || !strings.HasPrefix(r.Header.Get("Location"), "/plan/") {
		t.Fatalf("final step: %d\n%s", r.StatusCode, servertest.ErrorText(r.Body))
	}
	page := h.Get(nil, r.Header.Get("Location")).Body
	plan, rest, ok := strings.Cut(page, `id="advice-title"`)
	if !ok {
		t.Fatal("the plan page has no advice section")
	}
	for _, floor := range []string{"Bird dog", "Dead bug", "Cat-cow", "Glute bridge", "Sphinx", "Pelvic tilt", "Side plank"} {
		if strings.Contains(plan, floor) {
			t.Errorf("the plan has %s, an exercise on the floor", floor)
		}
	}
	for _, want := range []string{"you are past the menopause", "bone-health check", "Your plan has no exercises on the floor",
		"you said you cannot get down to the floor and up again"} {
		if !strings.Contains(rest, want) {
			t.Errorf("the plan page does not say %q", want)
		}
	}
}

// An answer that is not one of coach's, or none, re-renders the step
// with the message at the question.
func TestStartBodyAnswersAreChecked(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	for _, tt := range []struct {
		field, value, message string
	}{
		{"floor_transfer", "fly", "Please say whether you can get down to the floor and back up again"},
		{"floor_transfer", "", "Please say whether you can get down to the floor and back up again"},
		{"mobility_aid", "skates", "Please say whether you use a walking aid or a wheelchair"},
		{"mobility_aid", "", "Please say whether you use a walking aid or a wheelchair"},
		{"sex", "other", "Please choose female, male or prefer not to say"},
		{"sex", "", "Please choose female, male or prefer not to say"},
	} {
		t.Run(tt.field+"="+tt.value, func(t *testing.T) {
			v := servertest.Answers()
			v.Set(tt.field, tt.value)
			r := h.PostStep(3, v)
			if r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#q-`+tt.field+`"`) ||
				!strings.Contains(r.Body, `<p class="error" id="e-`+tt.field+`">`+tt.message+`</p>`) ||
				!strings.Contains(r.Body, `aria-describedby="h-`+tt.field+` e-`+tt.field+`"`) {
				t.Errorf("%d, want 422 with %q at %s:\n%s", r.StatusCode, tt.message, tt.field, servertest.ErrorText(r.Body))
			}
			// A tampered answer from step 3 is caught at the last step too.
			if r := h.PostStep(5, v); r.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(r.Body, `href="#q-`+tt.field+`"`) {
				t.Errorf("last step: %d, want 422 at %s", r.StatusCode, tt.field)
			}
		})
	}
}

// The settings page words the answers about the body.
func TestSettingsShowsBodyAnswers(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("ann@example.org")
	page := h.Get(m.Client, "/me/settings").Body
	for _, want := range []string{"<dt>Getting down to the floor and back up</dt><dd>Yes, easily</dd>", "<dt>Walking aid or wheelchair</dt><dd>No</dd>",
		"<dt>Sex</dt><dd>Prefer not to say</dd>", "<dt>Bone health</dt><dd>none of the things we ask about</dd>"} {
		if !strings.Contains(page, want) {
			t.Errorf("settings lacks %s", want)
		}
	}
}

// /start asks active people whether they ran before this episode (a
// follow-up of the activity question, rule V5): ticked, an active
// person with mild pain gets the walk-run path; not ticked, or not
// active, the box is not read and the plan keeps to brisk walking.
func TestStartAsksRanBefore(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	for _, tc := range []struct {
		name, level, ran string
		runs             bool
	}{
		{"active, ran before", "active", "yes", true},
		{"active, did not run", "active", "", false},
		{"moderate, ran before: the card says how running comes", "moderate", "yes", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			v := servertest.Answers()
			v.Set("activity_level", tc.level)
			v.Set("pain_now", "2")
			v.Set("duration_weeks", "3")
			v.Set("minutes_per_day", "45")
			v.Del("worse_with")
			v.Del("better_with")
			v.Set("ran_before", tc.ran)
			step := h.PostStep(4, v)
			if !strings.Contains(step.Body, `id="q-ran_before"`) || !strings.Contains(step.Body, "did you run before this back pain?") {
				t.Fatalf("step 5 does not ask ran_before:\n%s", servertest.ErrorText(step.Body))
			}
			r := h.PostStep(5, v)
			if r.StatusCode != http.StatusSeeOther {
				t.Fatalf("final step: %d\n%s", r.StatusCode, servertest.ErrorText(r.Body))
			}
			page := h.Get(nil, r.Header.Get("Location")).Body
			if got := strings.Contains(page, `href="/exercises/walk-run">Walk-run intervals</a>: `); got != tc.runs {
				t.Errorf("walk-run planned: %v, want %v", got, tc.runs)
			}
			if tc.level == "moderate" && !strings.Contains(page, "answer the questions again as active") {
				i := strings.Index(page, "walk-run")
				t.Errorf("a runner now moderately active is not told how walk-run comes: %q", page[max(0, i-200):min(len(page), i+600)])
			}
		})
	}
}
