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
