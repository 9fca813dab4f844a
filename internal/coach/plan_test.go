package coach_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"supple/internal/coach"
)

var update = flag.Bool("update", false, "rewrite the golden files")

func mustLibrary(t testing.TB) *coach.Library {
	t.Helper()
	lib, err := coach.LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	return lib
}

// base is a healthy adult with ordinary back pain.
func base() coach.Profile {
	return coach.Profile{Age: 46, PainNow: 4, DurationWeeks: 16, LegPain: "none", ActivityLevel: "sedentary",
		MinutesPerDay: 30, DaysPerWeek: 5, WorseWith: []string{}, BetterWith: []string{}, Conditions: []string{}, RedFlags: []string{}, Access: []string{}}
}

func with(f func(*coach.Profile)) coach.Profile {
	p := base()
	f(&p)
	return p
}

// planned lists every exercise id in the plan, and the ids per week.
func planned(r coach.Result) (all map[string]bool, byWeek []map[string]bool) {
	all = map[string]bool{}
	for _, w := range r.Weeks {
		wk := map[string]bool{}
		for _, d := range w.Days {
			for _, it := range d.Items {
				all[it.Exercise] = true
				wk[it.Exercise] = true
			}
		}
		byWeek = append(byWeek, wk)
	}
	return all, byWeek
}

func excludedReason(r coach.Result, id string) string {
	for _, x := range r.Excluded {
		if x.Exercise == id {
			return x.Reason
		}
	}
	return ""
}

// checkInvariants holds for every plan, whatever the profile.
func checkInvariants(t *testing.T, p coach.Profile, r coach.Result, lib *coach.Library) {
	t.Helper()
	if r.Status == coach.StatusReferred {
		if r.Referral == nil || len(r.Referral.Reasons) == 0 || r.Referral.Message == "" || len(r.Weeks) != 0 {
			t.Fatalf("bad referral %+v", r)
		}
		return
	}
	if r.Status != coach.StatusPlan || len(r.Weeks) != coach.PlanWeeks || r.Classification == nil {
		t.Fatalf("status %q with %d weeks", r.Status, len(r.Weeks))
	}
	all, _ := planned(r)
	highest := 0
	for wi, w := range r.Weeks {
		if w.Week != wi+1 || len(w.Days) != 7 {
			t.Fatalf("week %d: numbering or %d days", w.Week, len(w.Days))
		}
		active, total, moderate := 0, 0, 0
		strengthDays := []int{}
		for _, d := range w.Days {
			dayMin := 0
			for _, it := range d.Items {
				e, ok := lib.Get(it.Exercise)
				if !ok || e.Avoid {
					t.Fatalf("week %d planned %q (unknown or on the avoid list)", w.Week, it.Exercise)
				}
				if it.Why == "" || it.Minutes <= 0 || it.Block != e.Block {
					t.Errorf("week %d day %d: item %+v", w.Week, d.Day, it)
				}
				dayMin += it.Minutes
				if it.Block == coach.Aerobic {
					moderate += it.Minutes
				}
				if it.Block == coach.Strength && it.Exercise != coach.PelvicFloor && !slices.Contains(strengthDays, d.Day) { // the daily pelvic floor is outside the strength slots (M8)
					strengthDays = append(strengthDays, d.Day)
				}
			}
			if d.Rest != (len(d.Items) == 0) {
				t.Errorf("week %d day %d: rest %v with %d items", w.Week, d.Day, d.Rest, len(d.Items))
			}
			if !d.Rest {
				active++
			}
			if dayMin > p.MinutesPerDay {
				t.Errorf("week %d day %d: %d minutes, budget %d", w.Week, d.Day, dayMin, p.MinutesPerDay)
			}
			total += dayMin
		}
		if active > p.DaysPerWeek || active > 6 {
			t.Errorf("week %d: %d active days (asked for at most %d, and one rest day)", w.Week, active, p.DaysPerWeek)
		}
		if total != w.TotalMinutes || moderate != w.ModerateMinutes {
			t.Errorf("week %d: totals %d/%d, items add to %d/%d", w.Week, w.TotalMinutes, w.ModerateMinutes, total, moderate)
		}
		if wi > 0 && total > highest+max(highest/5, 10) {
			t.Errorf("week %d: %d minutes jumps more than 20%% or 10 minutes over %d", w.Week, total, highest)
		}
		highest = max(highest, total)
		for i := 1; i < len(strengthDays); i++ {
			if strengthDays[i]-strengthDays[i-1] < 2 {
				t.Errorf("week %d: strength on consecutive days %v", w.Week, strengthDays)
			}
		}
	}
	for _, e := range lib.All() {
		reason := excludedReason(r, e.ID)
		switch {
		case all[e.ID] && reason != "":
			t.Errorf("%s is both planned and excluded (%s)", e.ID, reason)
		case !all[e.ID] && reason == "":
			t.Errorf("%s is neither planned nor explained", e.ID)
		}
	}
	if len(r.Advice) < 3 {
		t.Errorf("advice %v", r.Advice)
	}
}

func TestScreening(t *testing.T) {
	lib := mustLibrary(t)
	for _, f := range coach.EmergencyFlags {
		for _, cleared := range []bool{false, true} {
			r := coach.Plan(with(func(p *coach.Profile) { p.RedFlags = []string{f}; p.ClearedByClinician = cleared }), lib)
			if r.Status != coach.StatusReferred || r.Referral.Level != coach.Emergency || r.Referral.Reasons[0] != f {
				t.Errorf("%s (cleared %v): %+v", f, cleared, r.Referral)
			}
			checkInvariants(t, base(), r, lib)
		}
	}
	if r := coach.Plan(with(func(p *coach.Profile) { p.LegPain = "both_legs"; p.ClearedByClinician = true }), lib); r.Status != coach.StatusReferred || r.Referral.Level != coach.Emergency {
		t.Errorf("both legs: %+v", r.Referral)
	}
	for _, f := range coach.UrgentFlags {
		r := coach.Plan(with(func(p *coach.Profile) { p.RedFlags = []string{f} }), lib)
		if r.Status != coach.StatusReferred || r.Referral.Level != coach.Urgent || r.Referral.Reasons[0] != f || !strings.Contains(r.Referral.Message, "next few days") {
			t.Errorf("%s: %+v", f, r.Referral)
		}
		if r := coach.Plan(with(func(p *coach.Profile) { p.RedFlags = []string{f}; p.ClearedByClinician = true }), lib); r.Status != coach.StatusPlan {
			t.Errorf("%s with clearance: %s", f, r.Status)
		}
	}
	// An emergency sign wins over urgent ones.
	r := coach.Plan(with(func(p *coach.Profile) { p.RedFlags = []string{"cancer_history", "major_trauma"} }), lib)
	if r.Referral.Level != coach.Emergency || !slices.Equal(r.Referral.Reasons, []string{"major_trauma"}) {
		t.Errorf("mixed flags: %+v", r.Referral)
	}
	// Age alone never refers (clinical.md 0, rule 1; TestScreenTriage).
	for age, want := range map[int]string{16: coach.StatusPlan, 19: coach.StatusPlan, 20: coach.StatusPlan} {
		if r := coach.Plan(with(func(p *coach.Profile) { p.Age = age }), lib); r.Status != want {
			t.Errorf("age %d: %s, want %s", age, r.Status, want)
		}
	}
	if r := coach.Plan(with(func(p *coach.Profile) { p.Age = 17; p.ClearedByClinician = true }), lib); r.Status != coach.StatusPlan {
		t.Error("a cleared 17-year-old gets no plan")
	}
	seeClinician := func(r coach.Result) bool {
		return slices.ContainsFunc(r.Advice, func(a string) bool { return strings.Contains(a, "50 or over") })
	}
	if r := coach.Plan(with(func(p *coach.Profile) { p.Age = 55; p.DurationWeeks = 3 }), lib); r.Status != coach.StatusPlan || !seeClinician(r) {
		t.Error("age 55, new episode: want a plan with advice to see a clinician")
	}
	if r := coach.Plan(with(func(p *coach.Profile) { p.Age = 55; p.DurationWeeks = 20 }), lib); seeClinician(r) {
		t.Error("age 55, long-standing pain: no need for the new-episode advice")
	}
}

func TestRules(t *testing.T) {
	lib := mustLibrary(t)
	tests := []struct {
		name     string
		profile  coach.Profile
		planned  []string // must be in the plan
		excluded []string // must be left out, with a reason
		reason   string   // a word the first exclusion's reason must hold
		check    func(t *testing.T, r coach.Result)
	}{
		{"extension bias from sitting", with(func(p *coach.Profile) { p.WorseWith = []string{"sitting", "bending_forward"} }),
			[]string{"sphinx"}, []string{"knee-to-chest", "double-knee-to-chest", "childs-pose"}, "sitting", nil},
		{"extension bias from lying face down", with(func(p *coach.Profile) { p.BetterWith = []string{"lying_face_down"} }),
			[]string{"sphinx"}, []string{"knee-to-chest", "childs-pose"}, "lying face down", nil},
		{"flexion bias", with(func(p *coach.Profile) {
			p.WorseWith = []string{"walking", "standing"}
			p.BetterWith = []string{"sitting"}
		}),
			nil, []string{"cobra", "prone-press-up"}, "walking", nil},
		{"osteoporosis", with(func(p *coach.Profile) { p.Conditions = []string{"osteoporosis"}; p.Age = 68 }),
			[]string{"brisk-walking", "sphinx"}, []string{"double-knee-to-chest", "childs-pose", "mcgill-curl-up", "sit-up", "toe-touch"}, "osteoporosis", nil},
		{"stenosis with a bike", with(func(p *coach.Profile) {
			p.Conditions = []string{"spinal_stenosis"}
			p.Access = []string{"bike"}
			p.Age = 70
		}), []string{"cycling"}, []string{"cobra", "prone-press-up"}, "stenosis", func(t *testing.T, r coach.Result) {
			if r.Classification.Direction != coach.Flexion {
				t.Errorf("direction %s", r.Classification.Direction)
			}
			all, _ := planned(r)
			if !all["knee-to-chest"] && !all["pelvic-tilt"] && !all["childs-pose"] {
				t.Error("no flexion stretch for stenosis")
			}
		}},
		{"spondylolisthesis", with(func(p *coach.Profile) { p.Conditions = []string{"spondylolisthesis"} }),
			nil, []string{"cobra", "prone-press-up"}, "spondylolisthesis", nil},
		{"pregnant 12 weeks", with(func(p *coach.Profile) { p.PregnancyWeeks = 12; p.Age = 31 }),
			nil, []string{"cobra", "sphinx", "prone-press-up"}, "face down", nil},
		{"pregnant 20 weeks", with(func(p *coach.Profile) {
			p.PregnancyWeeks = 20
			p.Age = 31
			p.WorseWith = []string{"sitting"}
		}), []string{"pelvic-tilt-standing"}, []string{"pelvic-tilt", "knee-to-chest", "double-knee-to-chest", "dead-bug", "glute-bridge", "mcgill-curl-up", "sphinx"}, "lying on your back", nil},
		{"pregnant 10 weeks: the rules follow the pregnancy through the plan", with(func(p *coach.Profile) {
			p.PregnancyWeeks = 10
			p.Age = 29
			p.WorseWith = []string{"sitting"}
		}), nil, []string{"sphinx", "cobra", "prone-press-up", "dead-bug", "glute-bridge", "knee-to-chest"}, "up to 21 weeks pregnant", nil},
		{"disc, bending forward eases it", with(func(p *coach.Profile) {
			p.Conditions = []string{"disc_herniation"}
			p.BetterWith = []string{"bending_forward"}
			p.LegPain = "below_knee"
		}), nil, []string{"downward-dog", "cobra", "prone-press-up", "sphinx"}, "", nil},
		{"disc and stenosis without symptom answers", with(func(p *coach.Profile) {
			p.Conditions = []string{"disc_herniation", "spinal_stenosis"}
			p.LegPain = "below_knee"
		}), nil, []string{"childs-pose", "double-knee-to-chest", "cobra"}, "", nil},
		{"no pool, bike or elliptical", base(), []string{"brisk-walking"}, []string{"swimming", "water-aerobics", "cycling", "elliptical"}, "pool", nil},
		{"pool", with(func(p *coach.Profile) { p.Access = []string{"pool"} }), []string{"swimming"}, nil, "", nil},
		{"combined: osteoporosis and stenosis", with(func(p *coach.Profile) {
			p.Conditions = []string{"osteoporosis", "spinal_stenosis"}
			p.Age = 72
		}), nil, []string{"cobra", "prone-press-up", "childs-pose", "double-knee-to-chest", "mcgill-curl-up"}, "", func(t *testing.T, r coach.Result) {
			all, _ := planned(r)
			blocks := map[coach.Block]bool{}
			for id := range all {
				e, _ := lib.Get(id)
				blocks[e.Block] = true
			}
			if !blocks[coach.Mobility] || !blocks[coach.Aerobic] || !blocks[coach.Strength] || !blocks[coach.Balance] {
				t.Errorf("the most restrictive combination left blocks empty: %v", blocks)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := coach.Plan(tt.profile, lib)
			checkInvariants(t, tt.profile, r, lib)
			all, _ := planned(r)
			for _, id := range tt.planned {
				if !all[id] {
					t.Errorf("%s not planned; excluded: %s", id, excludedReason(r, id))
				}
			}
			for i, id := range tt.excluded {
				reason := excludedReason(r, id)
				if all[id] || reason == "" {
					t.Errorf("%s planned or unexplained", id)
				}
				if i == 0 && tt.reason != "" && !strings.Contains(reason, tt.reason) {
					t.Errorf("reason for %s: %q lacks %q", id, reason, tt.reason)
				}
			}
			if tt.check != nil {
				tt.check(t, r)
			}
		})
	}
}

func TestDose(t *testing.T) {
	lib := mustLibrary(t)
	weekMax := func(w coach.Week) int {
		m := 0
		for _, d := range w.Days {
			s := 0
			for _, it := range d.Items {
				s += it.Minutes
			}
			m = max(m, s)
		}
		return m
	}
	t.Run("sedentary starts around 10 minutes a day", func(t *testing.T) {
		r := coach.Plan(base(), lib)
		if m := weekMax(r.Weeks[0]); m < 8 || m > 12 {
			t.Errorf("week 1 days up to %d minutes", m)
		}
	})
	t.Run("high pain: week 1 is gentle mobility and short walks", func(t *testing.T) {
		for _, p := range []coach.Profile{
			with(func(p *coach.Profile) { p.PainNow = 8; p.ActivityLevel = "active"; p.MinutesPerDay = 90 }),
			with(func(p *coach.Profile) {
				p.PainNow = 6
				p.DurationWeeks = 2
				p.ActivityLevel = "active"
				p.MinutesPerDay = 90
			}),
		} {
			r := coach.Plan(p, lib)
			checkInvariants(t, p, r, lib)
			if m := weekMax(r.Weeks[0]); m > 15 {
				t.Errorf("week 1 has a %d-minute day", m)
			}
			for _, d := range r.Weeks[0].Days {
				for _, it := range d.Items {
					if it.Block != coach.Mobility && it.Exercise != "brisk-walking" {
						t.Errorf("week 1 has %s", it.Exercise)
					}
				}
			}
		}
	})
	t.Run("reaches 150 moderate minutes by week 12 when time allows", func(t *testing.T) {
		for _, days := range []int{3, 5, 7} {
			p := with(func(p *coach.Profile) { p.MinutesPerDay = 90; p.DaysPerWeek = days })
			r := coach.Plan(p, lib)
			checkInvariants(t, p, r, lib)
			if got := r.Weeks[11].ModerateMinutes; got < 150 {
				t.Errorf("%d days: week 12 has %d moderate minutes", days, got)
			}
		}
	})
	t.Run("a tight budget is respected and explained", func(t *testing.T) {
		p := with(func(p *coach.Profile) { p.MinutesPerDay = 5; p.DaysPerWeek = 1 })
		r := coach.Plan(p, lib)
		checkInvariants(t, p, r, lib)
		if !slices.ContainsFunc(r.Advice, func(a string) bool { return strings.Contains(a, "Guidelines suggest 150") }) {
			t.Error("no advice about the 150-minute target")
		}
	})
	t.Run("strength from week 3 and balance from week 2 at 65+", func(t *testing.T) {
		p := with(func(p *coach.Profile) {
			p.Age = 70
			p.MinutesPerDay = 45
			p.DaysPerWeek = 5
			p.ActivityLevel = "moderate"
		})
		r := coach.Plan(p, lib)
		checkInvariants(t, p, r, lib)
		for _, w := range r.Weeks {
			str, bal := 0, 0
			for _, d := range w.Days {
				hasS, hasB := false, false
				for _, it := range d.Items {
					hasS = hasS || it.Block == coach.Strength && it.Exercise != coach.PelvicFloor
					hasB = hasB || it.Block == coach.Balance
				}
				if hasS {
					str++
				}
				if hasB {
					bal++
				}
			}
			if w.Week >= 3 && str < 2 {
				t.Errorf("week %d: strength on %d days", w.Week, str)
			}
			if w.Week >= 2 && bal < 3 {
				t.Errorf("week %d: balance on %d days", w.Week, bal)
			}
		}
	})
}

func TestEveryPersonaKeepsTheRules(t *testing.T) {
	lib := mustLibrary(t)
	n := 0
	for _, age := range []int{22, 45, 67, 85} {
		for _, pain := range []int{0, 5, 7, 10} {
			for _, cond := range append([][]string{{}}, [][]string{{"osteoporosis"}, {"spinal_stenosis", "osteoporosis"}, {"disc_herniation"}, {"spondylolisthesis", "scoliosis"}, {"osteoarthritis", "muscle_strain"}}...) {
				for _, budget := range [][2]int{{5, 1}, {20, 3}, {60, 7}} {
					for _, preg := range []int{0, 20} {
						p := with(func(p *coach.Profile) {
							p.Age, p.PainNow, p.Conditions, p.MinutesPerDay, p.DaysPerWeek = age, pain, cond, budget[0], budget[1]
							p.Access = []string{"pool", "bike", "elliptical"}[:n%4]
							p.WorseWith = [][]string{{}, {"sitting"}, {"walking"}, {"sitting", "walking"}}[n%4]
							p.DurationWeeks = []int{1, 6, 30}[n%3]
							p.ActivityLevel = []string{"sedentary", "light", "moderate", "active"}[n%4]
							if age < 50 {
								p.PregnancyWeeks = preg
							}
						})
						n++
						r := coach.Plan(p, lib)
						checkInvariants(t, p, r, lib)
						if t.Failed() {
							t.Fatalf("persona %+v", p)
						}
					}
				}
			}
		}
	}
}

func TestPlanIsDeterministic(t *testing.T) {
	lib := mustLibrary(t)
	p := with(func(p *coach.Profile) {
		p.Conditions = []string{"disc_herniation"}
		p.WorseWith = []string{"sitting"}
		p.Access = []string{"pool"}
	})
	a, _ := json.Marshal(coach.Plan(p, lib))
	b, _ := json.Marshal(coach.Plan(p, lib))
	if string(a) != string(b) {
		t.Error("two runs differ")
	}
}

// Whole plans for a few personas, compared with reviewed golden files
// (go test ./internal/coach -run Golden -update rewrites them).
func TestGoldenPlans(t *testing.T) {
	lib := mustLibrary(t)
	personas := map[string]coach.Profile{
		"desk-worker": with(func(p *coach.Profile) {
			p.WorseWith = []string{"sitting", "bending_forward"}
			p.BetterWith = []string{"walking"}
		}),
		"stenosis-osteoporosis": with(func(p *coach.Profile) {
			p.Age, p.Conditions, p.Access, p.MinutesPerDay, p.DaysPerWeek = 72, []string{"spinal_stenosis", "osteoporosis"}, []string{"bike"}, 40, 4
			p.WorseWith = []string{"walking", "standing"}
		}),
		"pregnant-24-weeks": with(func(p *coach.Profile) {
			p.Age, p.PregnancyWeeks, p.ActivityLevel, p.Access = 33, 24, "light", []string{"pool"}
		}),
		"urgent-referral": with(func(p *coach.Profile) { p.RedFlags = []string{"unexplained_weight_loss"} }),
	}
	for name, p := range personas {
		t.Run(name, func(t *testing.T) {
			checkGolden(t, name, coach.Plan(p, lib))
		})
	}
}

// checkGolden compares a result with testdata/golden/name.json (written
// anew with -update).
func checkGolden(t *testing.T, name string, r coach.Result) {
	t.Helper()
	got, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "golden", name+".json")
	if *update {
		if err := os.WriteFile(path, append(got, '\n'), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if strings.TrimSpace(string(want)) != string(got) {
		t.Errorf("result differs from %s; review the change and run with -update", path)
	}
}

func BenchmarkPlan(b *testing.B) {
	lib := mustLibrary(b)
	p := with(func(p *coach.Profile) {
		p.Age, p.Conditions, p.Access, p.WorseWith = 67, []string{"osteoporosis"}, []string{"pool", "bike"}, []string{"sitting"}
		p.MinutesPerDay, p.DaysPerWeek = 60, 6
	})
	b.ReportAllocs()
	for b.Loop() {
		_ = coach.Plan(p, lib)
	}
}

var _ = fmt.Sprint
