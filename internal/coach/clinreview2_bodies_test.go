package coach

import (
	"slices"
	"strings"
	"testing"
)

// floorWork reports the floor exercises a plan has.
func floorWork(lib *Library, r Result) []string {
	var ids []string
	for _, w := range r.Weeks {
		for _, d := range w.Days {
			for _, it := range d.Items {
				if e, ok := lib.Get(it.Exercise); ok && slices.Contains(floorPositions, e.Tags.Position) && !slices.Contains(ids, e.ID) {
					ids = append(ids, e.ID)
				}
			}
		}
	}
	return ids
}

func adviceSays(r Result, words string) bool {
	return slices.ContainsFunc(r.Advice, func(a string) bool { return strings.Contains(a, words) })
}

// Clinical review 2, M1 (rule F14): an unanswered floor_transfer is read
// as hard from 75 or with a walking aid, and the plan says it assumed
// so; from 65, a plan with floor work advises a chair and practice.
func TestFloorDefaultForTheFrail(t *testing.T) {
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		age     int
		aid     string
		floor   string
		noFloor bool   // no floor work planned
		assumed bool   // the advice says it took the safe reading
		chair   bool   // the chair-and-practice advice
		read    string // Profile.Floor
	}{
		{"88, sedentary, not answered", 88, "", "", true, true, false, FloorHard},
		{"75, not answered", 75, "", "", true, true, false, FloorHard},
		{"78, walking aid, not answered", 78, AidWalking, "", true, true, false, FloorHard},
		{"50, walking aid, not answered", 50, AidWalking, "", true, true, false, FloorHard},
		{"74, not answered: easy, with the chair advice", 74, "", "", false, false, true, FloorEasy},
		{"88, said easy", 88, "", FloorEasy, false, false, true, FloorEasy},
		{"45, not answered", 45, "", "", false, false, false, FloorEasy},
		{"88, said hard", 88, "", FloorHard, true, false, false, FloorHard},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := clinicalBase()
			p.Age, p.MobilityAid, p.FloorTransfer, p.ActivityLevel = tc.age, tc.aid, tc.floor, "sedentary"
			if got := p.Floor(); got != tc.read {
				t.Errorf("Floor() = %q, want %q", got, tc.read)
			}
			if n := p.Normal(); tc.assumed && n.FloorTransfer != "" || !tc.assumed && n.FloorTransfer != tc.read {
				t.Errorf("Normal().FloorTransfer = %q (assumed %v)", n.FloorTransfer, tc.assumed)
			}
			r := Plan(p, lib)
			if got := floorWork(lib, r); tc.noFloor != (len(got) == 0) {
				t.Errorf("floor work %v, want none: %v", got, tc.noFloor)
			}
			if got := adviceSays(r, "did not tell us whether you can get down to the floor"); got != tc.assumed {
				t.Errorf("advice says it assumed: %v, want %v\n%s", got, tc.assumed, strings.Join(r.Advice, "\n"))
			}
			if got := adviceSays(r, "put a sturdy chair next to you"); got != tc.chair {
				t.Errorf("chair advice: %v, want %v", got, tc.chair)
			}
			if tc.assumed {
				i := slices.IndexFunc(r.Excluded, func(x Excluded) bool { return x.Exercise == "bird-dog" })
				if i < 0 || !strings.Contains(r.Excluded[i].Reason, "did not tell us") {
					t.Errorf("bird dog's card does not say the floor answer was assumed: %+v", r.Excluded)
				}
			}
		})
	}
}

// Clinical review 2, M2 (rule F15): with a walking aid, single-leg
// stance is left out as the single-leg heel raise is, and heel-to-toe
// standing keeps a hand on the counter.
func TestWalkingAidBalance(t *testing.T) {
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		aid  string
		out  bool
	}{{"walking aid", AidWalking, true}, {"no aid", AidNone, false}} {
		t.Run(tc.name, func(t *testing.T) {
			p := clinicalBase()
			p.Age, p.MobilityAid, p.FloorTransfer = 78, tc.aid, FloorEasy
			r := Plan(p, lib)
			if got := sessionsOf(r, "single-leg-stance") == 0; got != tc.out {
				t.Fatalf("single-leg stance left out: %v, want %v", got, tc.out)
			}
			if !tc.out {
				return
			}
			i := slices.IndexFunc(r.Excluded, func(x Excluded) bool { return x.Exercise == "single-leg-stance" })
			if i < 0 || !strings.Contains(r.Excluded[i].Reason, "walking aid") {
				t.Errorf("single-leg stance's card: %+v", r.Excluded)
			}
			if sessionsOf(r, "tandem-stance") == 0 {
				t.Fatal("no balance work left")
			}
			for _, w := range r.Weeks {
				for _, d := range w.Days {
					for _, it := range d.Items {
						if it.Block == Balance && !strings.Contains(it.Why, "keep a hand on the counter") {
							t.Errorf("week %d: balance why %q", w.Week, it.Why)
						}
					}
				}
			}
		})
	}
}

// Clinical review 2, M8 (rule R11): in pregnancy the pelvic-floor
// squeezes are on every active day from week 1, outside the strength
// slots: the strength days still have 2 other strength exercises' worth
// of work from week 3.
func TestPelvicFloorDaily(t *testing.T) {
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name    string
		weeks   int
		minutes int
	}{{"30 weeks, 30 minutes", 30, 30}, {"10 weeks, 15 minutes", 10, 15}, {"20 weeks, 45 minutes", 20, 45}} {
		t.Run(tc.name, func(t *testing.T) {
			p := clinicalBase()
			p.Age, p.Sex, p.PregnancyWeeks, p.MinutesPerDay, p.ActivityLevel = 31, "female", tc.weeks, tc.minutes, "moderate"
			r := Plan(p, lib)
			for _, w := range r.Weeks {
				strengthDays := 0
				for _, d := range w.Days {
					if d.Rest {
						continue
					}
					if !slices.ContainsFunc(d.Items, func(it Item) bool { return it.Exercise == PelvicFloor }) {
						t.Errorf("week %d day %d: no pelvic-floor squeezes", w.Week, d.Day)
					}
					if slices.ContainsFunc(d.Items, func(it Item) bool { return it.Block == Strength && it.Exercise != PelvicFloor }) {
						strengthDays++
					}
				}
				if w.Week >= 3 && strengthDays < 2 {
					t.Errorf("week %d: %d strength days besides the pelvic floor", w.Week, strengthDays)
				}
			}
			if !adviceSays(r, "Pelvic-floor squeezes are in your plan every active day") {
				t.Errorf("advice: %s", strings.Join(r.Advice, "\n"))
			}
		})
	}
	p := clinicalBase()
	if sessionsOf(Plan(p, lib), PelvicFloor) != 0 {
		t.Error("pelvic floor planned outside pregnancy")
	}
	p.Sex, p.PregnancyWeeks = "female", 20
	for _, alt := range Alternatives(p, lib, Choices{}, "bird-dog") {
		if alt.ID == PelvicFloor {
			t.Error("the pelvic floor is offered as a swap for a strength exercise")
		}
	}
}

// Clinical review 2, M4 (rule V5): walk-run only for someone who ran
// before; at most 3 running days a week in weeks 5 to 8 and 4 later,
// never on consecutive days (week to week too), brisk walking on the
// others; from 65 only when a clinician cleared them.
func TestWalkRunNeedsRanBefore(t *testing.T) {
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		age      int
		days     int
		ran      bool
		cleared  bool
		runs     bool
		reason   string // in the walk-run card when it is out
		maxEarly int    // running days a week in weeks 5-8
	}{
		{"active, never ran", 34, 5, false, false, false, "ran before this episode", 0},
		{"ran before, 5 days", 34, 5, true, false, true, "", 3},
		{"ran before, 7 days", 34, 7, true, false, true, "", 3},
		{"ran before, 6 days", 34, 6, true, false, true, "", 3},
		{"ran before, 70", 70, 5, true, false, false, "from 65", 0},
		{"ran before, 70, cleared", 70, 5, true, true, true, "", 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := Profile{Age: tc.age, PainNow: 2, DurationWeeks: 3, ActivityLevel: "active", MinutesPerDay: 45, DaysPerWeek: tc.days,
				RanBefore: tc.ran, ClearedByClinician: tc.cleared}
			r := Plan(p, lib)
			if got := sessionsOf(r, "walk-run") > 0; got != tc.runs {
				t.Fatalf("walk-run planned: %v, want %v", got, tc.runs)
			}
			if !tc.runs {
				i := slices.IndexFunc(r.Excluded, func(x Excluded) bool { return x.Exercise == "walk-run" })
				if i < 0 || !strings.Contains(r.Excluded[i].Reason, tc.reason) {
					t.Errorf("walk-run card does not say %q: %+v", tc.reason, r.Excluded)
				}
				return
			}
			lastRun := false // day 7 of the week before
			for _, w := range r.Weeks {
				runs := 0
				prev := -1
				for _, d := range w.Days {
					run := slices.ContainsFunc(d.Items, func(it Item) bool { return it.Exercise == "walk-run" })
					if !run {
						if !d.Rest && w.Week >= WalkRunWeek && !slices.ContainsFunc(d.Items, func(it Item) bool { return it.Exercise == "brisk-walking" }) {
							t.Errorf("week %d day %d: neither walk-run nor a walk", w.Week, d.Day)
						}
						continue
					}
					runs++
					if d.Day == prev+1 || d.Day == 1 && lastRun {
						t.Errorf("week %d: walk-run on consecutive days, day %d", w.Week, d.Day)
					}
					prev = d.Day
				}
				lastRun = prev == 7
				limit := 4
				if w.Week <= 8 {
					limit = tc.maxEarly
				}
				if runs > limit {
					t.Errorf("week %d: %d running days, at most %d", w.Week, runs, limit)
				}
			}
		})
	}
}

// Issue 15 (a seated plan with seated aerobic work) and clinical review
// 2, L6 (rule F10): a wheelchair user's plan has seated aerobic work on
// its active days, taking turns between wheelchair pushing and seated
// arm aerobics, and with a band the seated band row; nobody else gets
// the seated aerobic work, and a walking-aid user with a band gets the
// seated band row. The honest "no seated aerobic work" message is only
// for a plan that has none left.
func TestSeatedWorkForWheelchairUsers(t *testing.T) {
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	wheel := clinicalBase()
	wheel.MobilityAid = AidWheelchair
	for _, tc := range []struct {
		name    string
		change  func(*Profile)
		plans   []string
		never   []string
		rx      []Prescription
		noneMsg bool // the "no seated aerobic activity" advice
	}{
		{"wheelchair", func(*Profile) {}, []string{"wheelchair-pushing", "seated-arm-aerobics"}, []string{"brisk-walking", "band-row", "seated-band-row"}, nil, false},
		{"wheelchair with a band", func(p *Profile) { p.Access = []string{AccessBand} }, []string{"seated-band-row", "wheelchair-pushing"}, []string{"band-row"}, nil, false},
		{"wheelchair, both seated aerobics removed by a physio", func(*Profile) {}, nil, []string{"wheelchair-pushing", "seated-arm-aerobics"},
			[]Prescription{{ID: 1, Kind: PrescribeExclude, Exercise: "wheelchair-pushing", Reason: "shoulder", By: "Sam"}, {ID: 2, Kind: PrescribeExclude, Exercise: "seated-arm-aerobics", Reason: "shoulder", By: "Sam"}}, true},
		{"no aid", func(p *Profile) { p.MobilityAid = AidNone; p.Access = []string{AccessBand} }, []string{"brisk-walking"}, []string{"wheelchair-pushing", "seated-arm-aerobics", "seated-band-row"}, nil, false},
		{"walking aid with a band", func(p *Profile) { p.MobilityAid = AidWalking; p.Age = 70; p.Access = []string{AccessBand} }, nil, []string{"band-row", "wheelchair-pushing", "seated-arm-aerobics"}, nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := wheel
			tc.change(&p)
			r := PlanWith(p, lib, Choices{Prescriptions: tc.rx})
			for _, id := range tc.plans {
				if sessionsOf(r, id) == 0 {
					t.Errorf("%s is never planned", id)
				}
			}
			for _, id := range tc.never {
				if sessionsOf(r, id) != 0 {
					t.Errorf("%s is planned", id)
				}
			}
			if got := adviceSays(r, "no seated aerobic activity that suits you"); got != tc.noneMsg {
				t.Errorf("no-seated-aerobic advice: %v, want %v", got, tc.noneMsg)
			}
			if p.MobilityAid == AidWalking { // the standing band row is out: its seated version is there to choose
				if !slices.ContainsFunc(Alternatives(p, lib, Choices{}, "sit-to-stand"), func(e *Exercise) bool { return e.ID == "seated-band-row" }) {
					t.Error("the seated band row is not offered to a walking-aid user with a band")
				}
				i := slices.IndexFunc(r.Excluded, func(x Excluded) bool { return x.Exercise == "band-row" })
				if i < 0 || !strings.Contains(r.Excluded[i].Reason, "seated band row") {
					t.Errorf("band row's card does not point to the seated band row: %+v", r.Excluded)
				}
			}
			if p.MobilityAid != AidWheelchair || tc.rx != nil {
				return
			}
			for _, w := range r.Weeks[1:] {
				if w.ModerateMinutes == 0 {
					t.Errorf("week %d: no moderate minutes", w.Week)
				}
				for _, d := range w.Days {
					if !d.Rest && !slices.ContainsFunc(d.Items, func(it Item) bool { return it.Block == Aerobic && wheelchairAerobic(lib.byID[it.Exercise]) }) {
						t.Errorf("week %d day %d: no seated aerobic work", w.Week, d.Day)
					}
				}
			}
			for _, a := range r.Advice {
				if strings.Contains(a, "brisk walks") || strings.Contains(a, "such as walking") {
					t.Errorf("advice speaks of walking to a wheelchair user: %q", a)
				}
			}
		})
	}
}

// Clinical review 2, L7 and L11: seated versions and wheelchair work are
// not offered as swaps to someone who can stand, and the card of an
// exercise meant for others names no replacement.
func TestSeatedSwapsAndCards(t *testing.T) {
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	p := clinicalBase()
	p.Access = []string{AccessBand}
	for _, x := range []string{"bird-dog", "cat-cow", "brisk-walking"} {
		for _, alt := range Alternatives(p, lib, Choices{}, x) {
			if slices.Contains(seatedVersions, alt.ID) || wheelchairAerobic(alt) {
				t.Errorf("%s offered as a swap for %s to someone who can stand", alt.ID, x)
			}
		}
	}
	r := Plan(p, lib)
	for _, id := range []string{PelvicFloor, "heel-drops", "wheelchair-pushing", "seated-arm-aerobics"} {
		i := slices.IndexFunc(r.Excluded, func(x Excluded) bool { return x.Exercise == id })
		if i < 0 {
			t.Fatalf("%s has no card", id)
		}
		if strings.Contains(r.Excluded[i].Reason, "In its place") {
			t.Errorf("%s's card names a replacement: %q", id, r.Excluded[i].Reason)
		}
	}
	wheel := clinicalBase()
	wheel.MobilityAid = AidWheelchair
	for _, alt := range Alternatives(wheel, lib, Choices{}, "wheelchair-pushing") {
		if alt.ID == "seated-arm-aerobics" {
			return
		}
	}
	t.Error("a wheelchair user cannot swap wheelchair pushing for seated arm aerobics")
}

// Clinical review 2, L12 (rule R9): heel drops only with pain of 5 or
// less at the start, the pain rule's ceiling.
func TestHeelDropsWithinThePainCeiling(t *testing.T) {
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		pain    int
		planned bool
	}{{3, true}, {5, true}, {6, false}, {8, false}} {
		p := Profile{Age: 60, Conditions: []string{"osteoporosis"}, PainNow: tc.pain, DurationWeeks: 20, ActivityLevel: "light", MinutesPerDay: 30, DaysPerWeek: 5}
		r := Plan(p, lib)
		if got := sessionsOf(r, "heel-drops") > 0; got != tc.planned {
			t.Errorf("pain %d: heel drops planned %v, want %v", tc.pain, got, tc.planned)
		}
		if !tc.planned {
			i := slices.IndexFunc(r.Excluded, func(x Excluded) bool { return x.Exercise == "heel-drops" })
			if i < 0 || !strings.Contains(r.Excluded[i].Reason, "5 or less") {
				t.Errorf("pain %d: heel drops' card: %+v", tc.pain, r.Excluded)
			}
		}
	}
}

// Clinical review 2, L8 and L9 (the member's words; warnings for the
// clinician are another change's): a plan left without aerobic work by
// a physio's cap or exclusion says it comes from the physio's
// prescription, not from the back.
func TestNoAerobicWorkFromAPrescription(t *testing.T) {
	lib, err := LoadLibrary()
	if err != nil {
		t.Fatal(err)
	}
	aid := clinicalBase()
	aid.Age, aid.MobilityAid, aid.FloorTransfer = 78, AidWalking, FloorHard
	for _, tc := range []struct {
		name  string
		p     Profile
		rx    Prescription
		words string
	}{
		{"cap at its minimum", clinicalBase(), Prescription{ID: 1, Kind: PrescribeCapMinutes, CapMinutes: 10, By: "Sam Okafor", Reason: "go easy"}, "your physio Sam Okafor set a limit of 10 minutes a week"},
		{"the only aerobic activity excluded", aid, Prescription{ID: 2, Kind: PrescribeExclude, Exercise: "brisk-walking", By: "Sam Okafor", Reason: "knee"}, "your physio Sam Okafor took brisk walking out of your plan"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := PlanWith(tc.p, lib, Choices{Prescriptions: []Prescription{tc.rx}})
			if r.Weeks[11].ModerateMinutes != 0 {
				t.Fatalf("the plan still has %d moderate minutes", r.Weeks[11].ModerateMinutes)
			}
			if !adviceSays(r, tc.words) || adviceSays(r, "suits your back") {
				t.Errorf("advice:\n%s", strings.Join(r.Advice, "\n"))
			}
		})
	}
}
