package coach

import (
	"testing"
)

// ValidateLog checks a log however it was built (a web form builds the
// Log value directly), with the same errors as the JSON decoder.
func TestValidateLog(t *testing.T) {
	three, eleven := 3, 11
	good := func() Log {
		return Log{Kind: KindSession, Week: 2, Day: 3, Date: "2026-12-01", Done: true, PainBefore: &three, LegSymptoms: "none",
			RedFlags: []string{}, Items: []LogItem{{Exercise: "bird-dog", Minutes: 5, Done: true}}, Note: "Felt stiff.\r\nBetter later."}
	}
	if e := ValidateLog(good()); len(e) != 0 {
		t.Fatalf("good log: %v", e)
	}
	for _, tt := range []struct {
		name  string
		edit  func(*Log)
		field string
	}{
		{"kind", func(l *Log) { l.Kind = "nap" }, "kind"},
		{"session without week", func(l *Log) { l.Week = 0 }, "week"},
		{"day 8", func(l *Log) { l.Day = 8 }, "day"},
		{"pain 11", func(l *Log) { l.PainDuring = &eleven }, "pain_during"},
		{"date", func(l *Log) { l.Date = "1 Dec" }, "date"},
		{"leg symptoms", func(l *Log) { l.LegSymptoms = "" }, "leg_symptoms"},
		{"red flag", func(l *Log) { l.RedFlags = []string{"headache"} }, "red_flags"},
		{"item minutes", func(l *Log) { l.Items[0].Minutes = -1 }, "items[0].minutes"},
		{"note override", func(l *Log) { l.Note = "Felt \u202estiff\x01" }, "note"},
		{"note NUL", func(l *Log) { l.Note = "a\x00" }, "note"},
		{"note invalid UTF-8", func(l *Log) { l.Note = "a\xff" }, "note"},
		{"activity without items", func(l *Log) { l.Kind, l.Items = KindActivity, nil }, "items"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			l := good()
			tt.edit(&l)
			e := ValidateLog(l)
			if len(e) != 1 || e[0].Field != tt.field {
				t.Errorf("errors %v, want one at %s", e, tt.field)
			}
		})
	}
	activity := Log{Kind: KindActivity, Date: "2026-12-01", Done: true, LegSymptoms: "none", Items: []LogItem{{Exercise: "cycling", Minutes: 25, Done: true}}}
	if e := ValidateLog(activity); len(e) != 0 {
		t.Errorf("an activity outside the plan's weeks (week 0): %v", e)
	}
}

// ValidateProfile checks a profile however it was built (the /start form
// builds the Profile value directly), naming the field.
func TestValidateProfile(t *testing.T) {
	good := func() Profile {
		return Profile{Age: 40, PainNow: 4, DurationWeeks: 3, LegPain: "none", WorseWith: []string{"sitting"}, BetterWith: []string{"walking"},
			Conditions: []string{}, RedFlags: []string{}, ActivityLevel: "light", Access: []string{"pool"}, MinutesPerDay: 20, DaysPerWeek: 3}
	}
	if e := ValidateProfile(good()); len(e) != 0 {
		t.Fatalf("good profile: %v", e)
	}
	for _, tt := range []struct {
		name  string
		edit  func(*Profile)
		field string
	}{
		{"too young", func(p *Profile) { p.Age = 15 }, "age"},
		{"pregnancy weeks", func(p *Profile) { p.PregnancyWeeks = 43 }, "pregnancy_weeks"},
		{"pain", func(p *Profile) { p.PainNow = 11 }, "pain_now"},
		{"minutes", func(p *Profile) { p.MinutesPerDay = 4 }, "minutes_per_day"},
		{"days", func(p *Profile) { p.DaysPerWeek = 0 }, "days_per_week"},
		{"leg pain", func(p *Profile) { p.LegPain = "" }, "leg_pain"},
		{"onset without both legs", func(p *Profile) { p.BothLegsOnset = OnsetNew }, "both_legs_onset"},
		{"onset value", func(p *Profile) { p.LegPain, p.BothLegsOnset = "both_legs", "soon" }, "both_legs_onset"},
		{"activity", func(p *Profile) { p.ActivityLevel = "" }, "activity_level"},
		{"movement", func(p *Profile) { p.WorseWith = []string{"dancing"} }, "worse_with"},
		{"condition", func(p *Profile) { p.Conditions = []string{"gout"} }, "conditions"},
		{"red flag", func(p *Profile) { p.RedFlags = []string{"headache"} }, "red_flags"},
		{"access", func(p *Profile) { p.Access = []string{"gym"} }, "access"},
		{"worse and better", func(p *Profile) { p.BetterWith = []string{"sitting"} }, "better_with"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := good()
			tt.edit(&p)
			if e := ValidateProfile(p); len(e) != 1 || e[0].Field != tt.field {
				t.Errorf("errors %v, want one at %s", e, tt.field)
			}
		})
	}
}

// An activity is logged because it was done, so it lasted a minute or
// more; a session's item may be done without its minutes.
func TestValidateLogActivityMinutes(t *testing.T) {
	activity := Log{Kind: KindActivity, Date: "2026-11-23", Done: true, LegSymptoms: "none",
		Items: []LogItem{{Exercise: "cycling", Minutes: 0, Done: true}}}
	if e := ValidateLog(activity); e.For("items[0].minutes") == "" {
		t.Errorf("activity of 0 minutes: %v, want an error naming items[0].minutes", e)
	}
	activity.Items[0].Minutes = 25
	if e := ValidateLog(activity); len(e) != 0 {
		t.Errorf("activity of 25 minutes: %v", e)
	}
	session := Log{Kind: KindSession, Week: 1, Day: 1, Date: "2026-11-23", Done: true, LegSymptoms: "none",
		Items: []LogItem{{Exercise: "bird-dog", Done: true}}}
	if e := ValidateLog(session); len(e) != 0 {
		t.Errorf("session item done without minutes: %v", e)
	}
}
