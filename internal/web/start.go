package web

import (
	"cmp"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"supple/internal/coach"
	"supple/internal/validate"
)

// A step of the /start questionnaire and the profile fields it asks.
type step struct {
	Title  string
	Fields []string
}

var startSteps = []step{
	{"Safety check: signs that need help today", []string{"red_flags_emergency", "leg_pain", "both_legs_onset"}},
	{"Safety check: signs to get checked first", []string{"red_flags_urgent", "cleared_by_clinician"}},
	{"About you and your pain", []string{"age", "sex", "postmenopausal", "pregnant", "pregnancy_weeks", "pain_now", "duration_weeks", "floor_transfer", "mobility_aid"}},
	{"What makes it better or worse", []string{"worse_with", "better_with", "conditions", "long_term_steroids", "previous_fragility_fracture", "vertebral_fracture"}},
	{"Your time and what you can use", []string{"activity_level", "ran_before", "access", "minutes_per_day", "days_per_week"}},
}

// startWording words the profile's field errors for the question that
// asks it: coach.ValidateProfile names the field, the page words it for
// people. A missing answer gets the same words.
var startWording = map[string]string{
	"age":             "Please enter your age in years, from 16 to 110",
	"pain_now":        "Please choose how bad your pain is, from 0 to 10",
	"duration_weeks":  "Please enter how many weeks this episode has lasted (0 or more)",
	"pregnancy_weeks": "Please enter how many weeks pregnant you are, from 1 to 40",
	"leg_pain":        "Please choose one answer about leg pain",
	"both_legs_onset": "Please say whether the symptoms in both legs are new, getting worse, or long-standing",
	"activity_level":  "Please choose how active you are",
	"minutes_per_day": "Please enter the minutes you could spend on your busiest useful day, from 5 to 180",
	"days_per_week":   "Please choose how many days a week you could exercise",
	"better_with":     "One movement is ticked as both making it worse and easing it; please untick one",
	"sex":             "Please choose female, male or prefer not to say",
	"floor_transfer":  "Please say whether you can get down to the floor and back up again",
	"mobility_aid":    "Please say whether you use a walking aid or a wheelchair",
}

// Option is one choice in a question.
type Option struct {
	Value, Label string
}

// optionsOf lists coach's values, in coach's order, with the wording
// of each here; a test checks that every value has its wording.
func optionsOf(values []string, labels map[string]string) []Option {
	out := make([]Option, 0, len(values))
	for _, v := range values {
		out = append(out, Option{v, labels[v]})
	}
	return out
}

// The choices of the questions come from coach's own value lists
// (coach.EmergencyFlags, coach.LegPainValues, ...); only the wording is
// here. bothLegsChange, an emergency flag, is asked at /start as the
// leg-pain question and its follow-up, and as a box when re-screening.
var (
	emergencyOptions = optionsOf(slices.DeleteFunc(slices.Clone(coach.EmergencyFlags), func(f string) bool { return f == bothLegsChange.Value }), map[string]string{
		"saddle_numbness":              "New numbness or tingling between your legs, around your back passage or genitals, or a different feeling when you wipe",
		"bladder_or_bowel_change":      "New trouble starting to pee, a weak stream, not feeling when your bladder is full, leaking, or losing control of your bowels",
		"rapidly_worsening_weakness":   "Weakness in a leg that is getting worse: tripping, a foot that slaps, or not being able to walk on your heels or toes",
		"fever_and_unwell":             "A fever, shivers, or feeling generally unwell along with the back pain",
		"major_trauma":                 "The pain started after a serious fall, a road accident or a hard blow",
		"sudden_severe_abdominal_pain": "Sudden, severe pain in your back and tummy, with dizziness or fainting",
		"pregnancy_warning_signs":      "If you are pregnant: bleeding, fluid leaking, regular painful contractions, dizziness, chest pain or calf swelling",
	})
	urgentOptions = optionsOf(coach.UrgentFlags, map[string]string{
		"cancer_history":                  "You have had cancer in the past",
		"unexplained_weight_loss":         "You have lost weight without trying",
		"constant_night_pain":             "The pain is constant, worse at night, and does not ease when you change position",
		"suspected_fracture":              "You have osteoporosis or take steroid tablets long term, and this pain started suddenly",
		"inflammatory_features":           "You have " + coach.InflammatoryWording,
		"spine_shape_change":              "The shape of your back has changed recently: a new or growing curve, a hump, or you have lost height",
		"stable_numbness_or_weakness":     "Numbness or weakness in one leg that is not getting worse",
		"immunosuppressed_or_iv_drug_use": "Your immune system is weakened (for example by medicines or HIV), or you inject drugs",
		"recent_spine_surgery":            "You had surgery on your spine in the last year",
		"pregnancy_contraindication":      "If you are pregnant: your midwife or doctor has told you about a complication or advised you not to exercise",
	})
	legPainOptions = optionsOf(coach.LegPainValues, map[string]string{
		"none":       "No leg pain",
		"above_knee": "Pain in one leg, above the knee",
		"below_knee": "Pain in one leg, going below the knee",
		"both_legs":  "Pain, numbness or tingling in both legs",
	})
	bothLegsOnsetOptions = optionsOf(coach.OnsetValues, map[string]string{
		coach.OnsetNew:          "They started in the last two weeks or so",
		coach.OnsetWorsening:    "I have had them longer, but they are getting worse or spreading",
		coach.OnsetLongStanding: "I have had them longer than two weeks and they are not getting worse",
	})
	// bothLegsChange is the re-screen question for everyone, and the
	// change in long-standing symptoms in both legs (clinical.md 2.1, 2.3).
	bothLegsChange  = Option{"both_legs_new_or_worse", "Pain, numbness or tingling in both legs that is new, or that you had before and has now spread or got worse"}
	movementOptions = optionsOf(coach.MovementValues, map[string]string{
		"bending_forward": "Bending forward", "bending_backward": "Bending backward", "sitting": "Sitting",
		"standing": "Standing", "walking": "Walking", "lying_face_down": "Lying face down",
		"lying_on_back": "Lying on your back", "twisting": "Twisting", "lifting": "Lifting",
	})
	conditionOptions = optionsOf(coach.ConditionValues, map[string]string{
		"muscle_strain": "Muscle or ligament strain", "disc_herniation": "Disc herniation (bulging or slipped disc, sciatica)",
		"spinal_stenosis": "Spinal stenosis", "osteoarthritis": "Arthritis of the spine",
		"spondylolisthesis": "Spondylolisthesis or spondylolysis", "scoliosis": "Scoliosis", "osteoporosis": "Osteoporosis or osteopenia",
	})
	activityOptions = optionsOf(coach.ActivityValues, map[string]string{
		"sedentary": "Mostly sitting; little planned exercise", "light": "Some walking or light activity most days",
		"moderate": "Moderate exercise a few times a week", "active": "Active: exercise most days",
	})
	floorOptions = optionsOf(coach.FloorValues, map[string]string{
		coach.FloorEasy: "Yes, easily", coach.FloorHard: "Yes, but with difficulty", coach.FloorCannot: "No, not at all",
	})
	aidOptions = optionsOf(coach.AidValues, map[string]string{
		coach.AidNone: "No", coach.AidWalking: "A walking aid (a stick, crutches or a frame)", coach.AidWheelchair: "A wheelchair",
	})
	sexOptions = optionsOf(coach.SexValues, map[string]string{"female": "Female", "male": "Male", "unspecified": "Prefer not to say"})
	// menopauseOption and boneOptions are the yes/no questions of bone
	// health (clinical.md 4.1), each a box named by its profile field:
	// the menopause is step 3's follow-up for women, the others step 4's.
	menopauseOption = Option{"postmenopausal", "Yes, I am past the menopause (my periods stopped a year or more ago)"}
	// ranBeforeOption is the follow-up for active people (rule V5).
	ranBeforeOption = Option{"ran_before", "Yes, I ran regularly before this episode of back pain"}
	boneOptions     = []Option{
		{"long_term_steroids", "Steroid tablets, such as prednisolone, taken for 3 months or more"},
		{"previous_fragility_fracture", "A broken bone from a minor fall or bump (from standing height or less) since the age of 50"},
		{"vertebral_fracture", "A fracture of a bone in the spine (a vertebral fracture), diagnosed by a doctor"},
	}
	accessOptions = optionsOf(coach.AccessValues, map[string]string{"pool": "A swimming pool", "stationary_bike": "An exercise bike (stationary)", "outdoor_bike": "A bike to ride outdoors", "elliptical": "An elliptical trainer", "band": "A resistance band"})
)

// labelOf is the wording of value v among opts, or v itself.
func labelOf(opts []Option, v string) string {
	for _, o := range opts {
		if o.Value == v {
			return o.Label
		}
	}
	return v
}

// bodyAnswers words the profile's answers about the body for the
// settings page: the floor, a walking aid, sex and the bone-health
// questions /start asks.
func bodyAnswers(p coach.Profile) []Option {
	p = p.Normal() // a plan made before the questions reads as coach read it
	var bone []string
	for _, b := range []struct {
		yes  bool
		text string
	}{{p.Sex == "female" && p.Postmenopausal, "past the menopause"}, {p.LongTermSteroids, "steroid tablets for 3 months or more"},
		{p.PreviousFragilityFracture, "a broken bone from a minor fall or bump since the age of 50"}, {p.VertebralFracture, "a fracture in the spine"}} {
		if b.yes {
			bone = append(bone, b.text)
		}
	}
	return []Option{
		{"Getting down to the floor and back up", floorWords(p)},
		{"Walking aid or wheelchair", labelOf(aidOptions, p.MobilityAid)},
		{"Sex", labelOf(sexOptions, p.Sex)},
		{"Bone health", cmp.Or(strings.Join(bone, "; "), "none of the things we ask about")},
	}
}

// floorWords words the floor answer, or, unanswered from 75 or with a
// walking aid, that the plan takes it as hard (coach.FloorAssumedHard).
func floorWords(p coach.Profile) string {
	if p.FloorAssumedHard() {
		return "Not answered: your plan takes it as difficult, to be safe, and leaves out floor exercises"
	}
	return labelOf(floorOptions, p.Floor())
}

// startForm is the questionnaire's state: every answer so far.
type startForm struct {
	Step    int // 1-based
	Steps   []step
	Values  url.Values
	Errors  validate.Errors
	Summary string
}

func (f startForm) Has(field, value string) bool { return slices.Contains(f.Values[field], value) }
func (f startForm) Get(field string) string      { return f.Values.Get(field) }
func (f startForm) Err(field string) string      { return f.Errors.For(field) }

// Hidden lists the answers from other steps, carried in hidden fields.
func (f startForm) Hidden() []Option {
	var out []Option
	current := startSteps[f.Step-1].Fields
	for _, s := range startSteps {
		for _, field := range s.Fields {
			if slices.Contains(current, field) {
				continue
			}
			for _, v := range f.Values[field] {
				out = append(out, Option{field, v})
			}
		}
	}
	return out
}

// All lists every answer, for a form that carries them all.
func (f startForm) All() []Option {
	var out []Option
	for _, s := range startSteps {
		for _, field := range s.Fields {
			for _, v := range f.Values[field] {
				out = append(out, Option{field, v})
			}
		}
	}
	return out
}

func (s *Site) start(w http.ResponseWriter, r *http.Request) error {
	return s.renderStart(w, r, http.StatusOK, startForm{Step: 1, Values: url.Values{}})
}

func (s *Site) renderStart(w http.ResponseWriter, r *http.Request, status int, f startForm) error {
	f.Steps = startSteps
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, status, "start", &Page{
		Title:       "Build my plan: " + startSteps[f.Step-1].Title,
		Description: "Answer a few questions to get a safe, gentle 12-week exercise plan for your back.",
		Path:        "/start", NoIndex: f.Step > 1,
		Data: map[string]any{
			"Form": f, "Emergency": emergencyOptions, "Urgent": urgentOptions, "LegPain": legPainOptions, "Onset": bothLegsOnsetOptions,
			"Movements": movementOptions, "Conditions": conditionOptions, "Activity": activityOptions, "Access": accessOptions,
			"Floor": floorOptions, "Aid": aidOptions, "Sex": sexOptions, "Menopause": menopauseOption, "Bone": boneOptions, "RanBefore": ranBeforeOption,
		},
	})
}

// startPost validates the current step; it moves on, shows a referral, or
// makes the plan.
func (s *Site) startPost(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := startForm{Values: url.Values{}}
	for k, v := range r.PostForm {
		if k != "step" && k != "back" {
			f.Values[k] = v
		}
	}
	step, err := strconv.Atoi(r.PostForm.Get("step"))
	if err != nil || step < 1 || step > len(startSteps) {
		step = 1
	}
	f.Step = step
	if r.PostForm.Get("back") != "" && step > 1 {
		f.Step = step - 1
		return s.renderStart(w, r, http.StatusOK, f)
	}
	if r.PostForm.Get("revise") != "" { // the way back from a referral
		return s.renderStart(w, r, http.StatusOK, f)
	}
	p, errs := profileFromForm(f.Values)
	// Only the questions asked so far count: this step's first, then
	// earlier steps' answers, if they were tampered with.
	for _, st := range append(startSteps[step-1:step:step], startSteps[:step]...) {
		for _, e := range errs {
			if slices.Contains(st.Fields, e.Field) && f.Errors.For(e.Field) == "" {
				f.Errors = append(f.Errors, e)
			}
		}
	}
	if step == 1 && p.LegPain == "both_legs" && p.BothLegsOnset == "" && f.Errors.For("leg_pain") == "" {
		// The follow-up shows at once in browsers with :has(); others
		// see it now.
		f.Errors.Add("both_legs_onset", startWording["both_legs_onset"])
	}
	if len(f.Errors) > 0 {
		f.Summary = "Please check the answers marked below."
		return s.renderStart(w, r, http.StatusUnprocessableEntity, f)
	}
	// The safety screen answers as soon as it can: emergency signs after
	// step 1, urgent ones after step 2, age after step 3.
	probe := p
	if step < 3 {
		probe.Age = 40 // not asked yet
	}
	if step < 4 && p.BothLegsOnset == coach.OnsetLongStanding {
		// Conditions are asked at step 4: a diagnosed stenosis counts as
		// assessed, so wait for the answer before referring for it.
		probe.Conditions = append(probe.Conditions, "spinal_stenosis")
	}
	if ref := coach.Screen(probe); ref != nil && (ref.Level == coach.Emergency || step >= 2) {
		return s.showStartReferral(w, r, ref, f)
	}
	if step < len(startSteps) {
		f.Step = step + 1
		return s.renderStart(w, r, http.StatusOK, f)
	}
	loc, err := s.zoneOf(r)
	if err != nil {
		return err
	}
	pl, err := s.Plans.CreateIn(r.Context(), p, loc)
	if err != nil {
		return err
	}
	if pl.Result.Status == coach.StatusReferred {
		return s.showStartReferral(w, r, pl.Result.Referral, f)
	}
	return s.planMade(w, r, pl)
}

// showStartReferral shows the referral the answers of /start lead to,
// with a way back to the question that referred, answers kept, for
// someone who ticked a box by mistake.
func (s *Site) showStartReferral(w http.ResponseWriter, r *http.Request, ref *coach.Referral, f startForm) error {
	f.Step = len(startSteps)
	for _, x := range ref.Reasons {
		switch {
		case ref.Level == coach.Emergency, x == "both_legs_not_assessed", x == "both_legs_new_episode":
			f.Step = 1
		case slices.Contains(coach.UrgentFlags, x):
			f.Step = min(f.Step, 2)
		case x == "young_new_extension_pain": // age (step 3) and what makes it worse (step 4)
			f.Step = min(f.Step, 3)
		}
	}
	return s.renderReferral(w, r, ref, nil, &f)
}

// showPaused shows a member whose plan a reported warning sign has
// paused the referral, with what they told us and when.
func (s *Site) showPaused(w http.ResponseWriter, r *http.Request, res coach.Result) error {
	var why []string
	for _, a := range res.Adjustments {
		why = append(why, a.Reason)
	}
	return s.renderReferral(w, r, res.Referral, why, nil)
}

// renderReferral shows a referral; the emergency page offers the site's
// emergency numbers to call. revise, when set, carries the answers back
// to the step it names.
func (s *Site) renderReferral(w http.ResponseWriter, r *http.Request, ref *coach.Referral, paused []string, revise *startForm) error {
	var reasons []string
	for _, x := range ref.Reasons {
		reasons = append(reasons, coach.ReasonText[x])
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, http.StatusOK, "referral", &Page{
		Title: "Please see a clinician first", NoIndex: true,
		Data: map[string]any{"Referral": ref, "Reasons": reasons, "Emergency": ref.Level == coach.Emergency, "Paused": paused,
			"Numbers": s.emergency, "Revise": revise},
	})
}

// profileFromForm reads the form's answers into a profile; the errors
// are the unreadable or missing answers and then coach.ValidateProfile's,
// at the form's fields (a red flag at the box list it was ticked in) and
// in the words of the question that asks them (startWording).
func profileFromForm(v url.Values) (coach.Profile, validate.Errors) {
	var errs validate.Errors
	p := coach.Profile{
		LegPain: cmp.Or(v.Get("leg_pain"), "none"), ActivityLevel: v.Get("activity_level"),
		WorseWith: nonNil(v["worse_with"]), BetterWith: nonNil(v["better_with"]), Conditions: nonNil(v["conditions"]), Access: nonNil(v["access"]),
		RedFlags: append(nonNil(v["red_flags_emergency"]), v["red_flags_urgent"]...), ClearedByClinician: v.Get("cleared_by_clinician") == "yes",
		FloorTransfer: v.Get("floor_transfer"), MobilityAid: v.Get("mobility_aid"), Sex: v.Get("sex"),
		LongTermSteroids: v.Get("long_term_steroids") == "yes", PreviousFragilityFracture: v.Get("previous_fragility_fracture") == "yes",
		VertebralFracture: v.Get("vertebral_fracture") == "yes",
	}
	if p.LegPain == "both_legs" {
		p.BothLegsOnset = v.Get("both_legs_onset") // kept from an earlier answer otherwise, but not asked
	}
	if p.Sex == "female" {
		p.Postmenopausal = v.Get("postmenopausal") == "yes" // the follow-up for women; kept otherwise, but not asked
	}
	if p.ActivityLevel == "active" || p.ActivityLevel == "moderate" {
		p.RanBefore = v.Get("ran_before") == "yes" // the follow-up for moderately active and active people (clinical review 3, L7); kept otherwise, but not asked
	}
	for _, c := range []string{"sex", "floor_transfer", "mobility_aid"} {
		if v.Get(c) == "" { // coach reads "" as its default; the page asks for an answer
			errs.Add(c, startWording[c])
		}
	}
	number := func(dst *int, name, missing string) {
		raw := strings.TrimSpace(v.Get(name))
		n, err := strconv.Atoi(raw)
		switch {
		case raw == "":
			errs.Add(name, missing)
		case err != nil:
			errs.Add(name, "please enter a whole number")
		default:
			*dst = n
		}
	}
	for _, n := range []struct {
		dst  *int
		name string
	}{{&p.Age, "age"}, {&p.PainNow, "pain_now"}, {&p.DurationWeeks, "duration_weeks"}, {&p.MinutesPerDay, "minutes_per_day"}, {&p.DaysPerWeek, "days_per_week"}} {
		number(n.dst, n.name, startWording[n.name])
	}
	switch v.Get("pregnant") {
	case "":
		errs.Add("pregnant", "please answer this question")
	case "yes":
		number(&p.PregnancyWeeks, "pregnancy_weeks", "please say how many weeks pregnant you are")
	}
	if p.ActivityLevel == "" {
		errs.Add("activity_level", startWording["activity_level"])
	}
	for _, e := range coach.ValidateProfile(p) {
		if e.Field == "red_flags" {
			e.Field = flagField(v)
		}
		if msg, ok := startWording[e.Field]; ok {
			e.Message = msg
		}
		if errs.For(e.Field) == "" {
			errs = append(errs, e)
		}
	}
	return p, errs
}

// flagField is the box list that holds a warning sign coach does not
// know.
func flagField(v url.Values) string {
	known := append(slices.Clone(coach.EmergencyFlags), coach.UrgentFlags...)
	for _, x := range v["red_flags_emergency"] {
		if !slices.Contains(known, x) {
			return "red_flags_emergency"
		}
	}
	return "red_flags_urgent"
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
