package coach_test

import (
	"slices"
	"testing"

	"supple/internal/coach"
)

// The clinical review of the issue 15 engine: falls from a bike, a new
// episode with bones that break easily, and the menopause without a sex.
func TestBodyReviewRules(t *testing.T) {
	lib, err := coach.LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	allBikes := []string{coach.AccessOutdoorBike, coach.AccessStationaryBike}
	wheel := bodyBase(45, "light", 30, 5)
	wheel.MobilityAid, wheel.Access = coach.AidWheelchair, allBikes
	aid := bodyBase(86, "sedentary", 20, 5)
	aid.MobilityAid, aid.Access = coach.AidWalking, allBikes
	hard := bodyBase(70, "light", 30, 5)
	hard.FloorTransfer, hard.Access = coach.FloorHard, []string{coach.AccessOutdoorBike}
	easy := bodyBase(40, "moderate", 30, 5)
	easy.Access = []string{coach.AccessOutdoorBike}
	meno := bodyBase(70, "light", 30, 5)
	meno.Postmenopausal = true // sex left out
	for _, tt := range []bodyPersona{
		{"wheelchair with every bike", wheel, checks(neverPlans("cycling", "outdoor-cycling"), excludes("cycling", "outdoor-cycling"))},
		{"walking aid with every bike", aid, checks(neverPlans("outdoor-cycling"), excludes("outdoor-cycling"))},
		{"getting up from the floor is hard, outdoor bike", hard, checks(neverPlans("outdoor-cycling"), excludes("outdoor-cycling"))},
		{"no limits, outdoor bike", easy, checks(plans("outdoor-cycling"))},
		{"past the menopause, sex not given", meno, checks(adviceHas("bone-health check"), excludes("double-knee-to-chest"))},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := coach.Plan(tt.p, lib)
			if r.Status != coach.StatusPlan {
				t.Fatalf("status %s, want a plan", r.Status)
			}
			for _, c := range tt.checks {
				c(t, lib, r)
			}
		})
	}
}

// A new episode of back pain with bones that may break with little force
// needs a clinician before a plan: an osteoporotic vertebral fracture is
// an urgent sign (clinical.md 2.2). Menopause alone is not.
func TestNewEpisodeWithFractureRiskIsUrgent(t *testing.T) {
	for _, tt := range []struct {
		name   string
		change func(*coach.Profile)
		urgent bool
	}{
		{"vertebral fracture, 1 week", func(p *coach.Profile) { p.VertebralFracture, p.DurationWeeks = true, 1 }, true},
		{"long-term steroids, 3 weeks", func(p *coach.Profile) { p.LongTermSteroids, p.DurationWeeks = true, 3 }, true},
		{"earlier low-trauma fracture, 2 weeks", func(p *coach.Profile) { p.PreviousFragilityFracture, p.DurationWeeks = true, 2 }, true},
		{"diagnosed osteoporosis, 1 week", func(p *coach.Profile) { p.Conditions, p.DurationWeeks = []string{"osteoporosis"}, 1 }, true},
		{"vertebral fracture, 1 week, cleared", func(p *coach.Profile) {
			p.VertebralFracture, p.DurationWeeks, p.ClearedByClinician = true, 1, true
		}, false},
		{"vertebral fracture, 4 weeks", func(p *coach.Profile) { p.VertebralFracture, p.DurationWeeks = true, coach.FractureEpisodeWeeks }, false},
		{"past the menopause only, 1 week", func(p *coach.Profile) { p.Sex, p.Postmenopausal, p.DurationWeeks = "female", true, 1 }, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := bodyBase(45, "light", 30, 5)
			tt.change(&p)
			ref := coach.Screen(p)
			got := ref != nil && ref.Level == coach.Urgent && slices.Contains(ref.Reasons, "fracture_risk_new_episode")
			if got != tt.urgent {
				t.Errorf("referral %+v, want urgent for a possible fracture: %v", ref, tt.urgent)
			}
			if tt.urgent && coach.ReasonText["fracture_risk_new_episode"] == "" {
				t.Error("the reason has no words")
			}
		})
	}
}

func TestPostmenopausalMaleIsRefused(t *testing.T) {
	p := bodyBase(60, "light", 30, 5)
	p.Sex, p.Postmenopausal = "male", true
	if e := coach.ValidateProfile(p); e.For("postmenopausal") == "" {
		t.Errorf("errors %v, want one naming postmenopausal", e)
	}
}
