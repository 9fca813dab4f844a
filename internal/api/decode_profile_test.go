package api

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"supple/internal/coach"
	"supple/internal/validate"
)

const minimal = `{"age": 46, "pain_now": 4, "duration_weeks": 16, "activity_level": "sedentary", "minutes_per_day": 30, "days_per_week": 5}`

func TestDecodeProfile(t *testing.T) {
	p, err := DecodeProfile(strings.NewReader(minimal))
	if err != nil {
		t.Fatal(err)
	}
	if p.LegPain != "none" || p.PregnancyWeeks != 0 || p.ClearedByClinician || len(p.RedFlags) != 0 {
		t.Errorf("defaults: %+v", p)
	}
	edit := func(f func(m map[string]json.RawMessage)) string {
		m := map[string]json.RawMessage{}
		if err := json.Unmarshal([]byte(minimal), &m); err != nil {
			t.Fatal(err)
		}
		f(m)
		b, _ := json.Marshal(m)
		return string(b)
	}
	with := func(field, value string) string {
		return edit(func(m map[string]json.RawMessage) { m[field] = json.RawMessage(value) })
	}
	without := func(field string) string {
		return edit(func(m map[string]json.RawMessage) { delete(m, field) })
	}
	tests := []struct {
		name, body, field string
	}{
		{"empty", ``, ""},
		{"spaces", "  \n", ""},
		{"malformed", `{"age": `, ""},
		{"not an object", `[1]`, ""},
		{"two objects", minimal + minimal, ""},
		{"unknown field", with("weight", "80"), "weight"},
		{"age too low", with("age", "15"), "age"},
		{"age too high", with("age", "111"), "age"},
		{"age a string", with("age", `"46"`), "age"},
		{"age a fraction", with("age", "46.5"), "age"},
		{"age missing", without("age"), "age"},
		{"pain too high", with("pain_now", "11"), "pain_now"},
		{"pain negative", with("pain_now", "-1"), "pain_now"},
		{"pain missing", without("pain_now"), "pain_now"},
		{"duration negative", with("duration_weeks", "-2"), "duration_weeks"},
		{"duration missing", without("duration_weeks"), "duration_weeks"},
		{"pregnancy too long", with("pregnancy_weeks", "43"), "pregnancy_weeks"},
		{"leg pain unknown", with("leg_pain", `"sometimes"`), "leg_pain"},
		{"worse_with unknown", with("worse_with", `["jogging"]`), "worse_with"},
		{"worse_with not a list", with("worse_with", `"sitting"`), "worse_with"},
		{"better_with unknown", with("better_with", `["chocolate"]`), "better_with"},
		{"same in both", edit(func(m map[string]json.RawMessage) {
			m["worse_with"], m["better_with"] = json.RawMessage(`["sitting"]`), json.RawMessage(`["sitting"]`)
		}), "better_with"},
		{"conditions unknown", with("conditions", `["flu"]`), "conditions"},
		{"red flag unknown", with("red_flags", `["headache"]`), "red_flags"},
		{"activity unknown", with("activity_level", `"couch"`), "activity_level"},
		{"activity missing", without("activity_level"), "activity_level"},
		{"access unknown", with("access", `["gym"]`), "access"},
		{"minutes too low", with("minutes_per_day", "4"), "minutes_per_day"},
		{"minutes too high", with("minutes_per_day", "181"), "minutes_per_day"},
		{"days zero", with("days_per_week", "0"), "days_per_week"},
		{"days eight", with("days_per_week", "8"), "days_per_week"},
		{"cleared not a bool", with("cleared_by_clinician", `"yes"`), "cleared_by_clinician"},
		{"ran_before not a bool", with("ran_before", `"yes"`), "ran_before"},
		{"ran_before a number", with("ran_before", `1`), "ran_before"},
		{"both_legs_onset unknown", edit(func(m map[string]json.RawMessage) {
			m["leg_pain"], m["both_legs_onset"] = json.RawMessage(`"both_legs"`), json.RawMessage(`"ages_ago"`)
		}), "both_legs_onset"},
		{"both_legs_onset not a string", edit(func(m map[string]json.RawMessage) {
			m["leg_pain"], m["both_legs_onset"] = json.RawMessage(`"both_legs"`), json.RawMessage(`3`)
		}), "both_legs_onset"},
		{"both_legs_onset without both legs", with("both_legs_onset", `"new"`), "both_legs_onset"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeProfile(strings.NewReader(tt.body))
			var ve validate.Errors
			if !errors.As(err, &ve) {
				t.Fatalf("err = %v, want validate.Errors", err)
			}
			if ve[0].Field != tt.field || ve[0].Message == "" {
				t.Errorf("errors %v, want field %q", ve, tt.field)
			}
			if tt.field != "" && !strings.Contains(ve[0].Message, tt.field) && !strings.Contains(ve[0].Message, "sitting") {
				t.Errorf("message %q does not name the field", ve[0].Message)
			}
		})
	}
}

// TestDecodeBothLegsOnset: the follow-up is optional, and a profile
// without it keeps its old meaning (an emergency).
func TestDecodeBothLegsOnset(t *testing.T) {
	for _, tc := range []struct{ extra, want string }{
		{`"leg_pain": "both_legs"`, ""},
		{`"leg_pain": "both_legs", "both_legs_onset": null`, ""},
		{`"leg_pain": "both_legs", "both_legs_onset": "new"`, coach.OnsetNew},
		{`"leg_pain": "both_legs", "both_legs_onset": "worsening"`, coach.OnsetWorsening},
		{`"leg_pain": "both_legs", "both_legs_onset": "long_standing"`, coach.OnsetLongStanding},
	} {
		p, err := DecodeProfile(strings.NewReader(strings.TrimSuffix(minimal, "}") + ", " + tc.extra + "}"))
		if err != nil || p.BothLegsOnset != tc.want {
			t.Errorf("%s: %q, %v", tc.extra, p.BothLegsOnset, err)
		}
		b, _ := json.Marshal(p)
		if strings.Contains(string(b), "both_legs_onset") != (tc.want != "") {
			t.Errorf("%s: encoded as %s", tc.extra, b)
		}
	}
}

// FuzzDecodeProfile: the decoder never panics, refuses with field errors
// only, and what it accepts passes coach.ValidateProfile and encodes and
// decodes to the same profile.
func FuzzDecodeProfile(f *testing.F) {
	f.Add([]byte(minimal))
	f.Add([]byte(`{"age": 70, "pain_now": 3, "duration_weeks": 60, "activity_level": "light", "minutes_per_day": 20, "days_per_week": 3, "leg_pain": "both_legs", "both_legs_onset": "long_standing", "conditions": ["spinal_stenosis"]}`))
	f.Add([]byte(`{"red_flags": ["saddle_numbness"], "worse_with": ["sitting", "sitting"]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		p, err := DecodeProfile(strings.NewReader(string(b)))
		if err != nil {
			var ve validate.Errors
			if !errors.As(err, &ve) || len(ve) == 0 {
				t.Fatalf("error is not a field error: %v", err)
			}
			return
		}
		if e := coach.ValidateProfile(p); len(e) > 0 {
			t.Fatalf("accepted a profile coach refuses: %v", e)
		}
		enc, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := DecodeProfile(strings.NewReader(string(enc))); err != nil {
			t.Fatalf("re-decoding %s: %v", enc, err)
		}
	})
}

// ran_before (rule V5) is read as given, false when left out; an
// unanswered floor_transfer stays unanswered where the coach reads it
// as hard (rule F14), and is spelled out as easy otherwise.
func TestDecodeProfileRanBeforeAndFloor(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		ran        bool
		floor      string
	}{
		{"left out", minimal, false, coach.FloorEasy},
		{"ran before", strings.Replace(minimal, `{`, `{"ran_before": true, `, 1), true, coach.FloorEasy},
		{"80, floor not answered", strings.Replace(minimal, `"age": 46`, `"age": 80`, 1), false, ""},
		{"walking aid, floor not answered", strings.Replace(minimal, `{`, `{"mobility_aid": "walking_aid", `, 1), false, ""},
		{"80, floor answered", strings.Replace(minimal, `"age": 46`, `"age": 80, "floor_transfer": "easy"`, 1), false, coach.FloorEasy},
	} {
		p, err := DecodeProfile(strings.NewReader(tc.body))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if p.RanBefore != tc.ran || p.FloorTransfer != tc.floor {
			t.Errorf("%s: ran_before %v floor_transfer %q, want %v %q", tc.name, p.RanBefore, p.FloorTransfer, tc.ran, tc.floor)
		}
	}
}
