package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"supple/internal/coach"
	"supple/internal/validate"
)

const goodLog = `{"week": 6, "day": 2, "date": "2026-12-01", "done": true, "pain_before": 3, "pain_during": 4, "pain_after": 5,
	"pain_next_morning": 3, "leg_symptoms": "same", "new_numbness_or_weakness": false, "red_flags": [],
	"items": [{"exercise": "brisk-walking", "minutes": 20, "done": true}, {"exercise": "bird-dog", "minutes": 0, "done": false, "skipped": "too_painful"}]}`

func intp(n int) *int { return &n }

func TestDecodeLogGood(t *testing.T) {
	l, err := DecodeLog(strings.NewReader(goodLog))
	if err != nil {
		t.Fatal(err)
	}
	want := coach.Log{Kind: coach.KindSession, Week: 6, Day: 2, Date: "2026-12-01", Done: true, PainBefore: intp(3), PainDuring: intp(4),
		PainAfter: intp(5), PainNextMorning: intp(3), LegSymptoms: "same", RedFlags: []string{},
		Items: []coach.LogItem{{Exercise: "brisk-walking", Minutes: 20, Done: true}, {Exercise: "bird-dog", Skipped: "too_painful"}}}
	if !reflect.DeepEqual(l, want) {
		t.Errorf("got  %+v\nwant %+v", l, want)
	}
	if l.Minutes() != 20 {
		t.Errorf("minutes = %d, want 20 (only done items count)", l.Minutes())
	}
	// Defaults: an activity is done, has no plan day and needs no pain.
	a, err := DecodeLog(strings.NewReader(`{"kind": "activity", "date": "2026-12-02", "items": [{"exercise": "cycling", "minutes": 25, "done": true}]}`))
	if err != nil || !a.Done || a.Week != 0 || a.LegSymptoms != "none" || a.PainBefore != nil {
		t.Errorf("activity: %+v %v", a, err)
	}
}

// Every bad input is refused with an error naming the field.
func TestDecodeLogBad(t *testing.T) {
	edit := func(old, new string) string {
		if !strings.Contains(goodLog, old) {
			t.Fatalf("%q is not in the good log", old)
		}
		return strings.Replace(goodLog, old, new, 1)
	}
	for _, tt := range []struct{ name, in, field, msg string }{
		{"empty", ``, "", "is empty"},
		{"not JSON", `{"week": 6`, "", "not valid JSON"},
		{"a list", `[]`, "", "must be a JSON object"},
		{"null", `null`, "", "must be a JSON object"},
		{"two objects", goodLog + goodLog, "", "exactly one"},
		{"pain above 10", edit(`"pain_after": 5`, `"pain_after": 11`), "pain_after", "from 0 (no pain) to 10"},
		{"negative pain", edit(`"pain_before": 3`, `"pain_before": -1`), "pain_before", "not -1"},
		{"pain as text", edit(`"pain_during": 4`, `"pain_during": "4"`), "pain_during", "whole number"},
		{"pain as fraction", edit(`"pain_during": 4`, `"pain_during": 4.5`), "pain_during", "whole number"},
		{"week 13", edit(`"week": 6`, `"week": 13`), "week", "from 1 to 12"},
		{"no week", edit(`"week": 6, `, ``), "week", "required"},
		{"day 8", edit(`"day": 2`, `"day": 8`), "day", "from 1 to 7"},
		{"bad date", edit(`"2026-12-01"`, `"1 Dec 2026"`), "date", "YYYY-MM-DD"},
		{"impossible date", edit(`"2026-12-01"`, `"2026-02-30"`), "date", "YYYY-MM-DD"},
		{"no done", edit(`"done": true, "pain_before"`, `"pain_before"`), "done", "required"},
		{"leg symptoms", edit(`"same"`, `"worse"`), "leg_symptoms", "further_down"},
		{"unknown red flag", edit(`"red_flags": []`, `"red_flags": ["headache"]`), "red_flags", "headache"},
		{"red flags not a list", edit(`"red_flags": []`, `"red_flags": "major_trauma"`), "red_flags", "a list"},
		{"unknown field", edit(`"week": 6`, `"week": 6, "mood": "fine"`), "mood", `unknown field "mood"`},
		{"unknown item field", edit(`"minutes": 20,`, `"minutes": 20, "sets": 2,`), "items[0].sets", `unknown field "sets"`},
		{"item minutes as text", edit(`"minutes": 20`, `"minutes": "20"`), "items[0].minutes", "whole number"},
		{"item not an object", edit(`{"exercise": "brisk-walking", "minutes": 20, "done": true}`, `"brisk-walking"`), "items[0]", "must be a JSON object"},
		{"item without exercise", edit(`"exercise": "bird-dog", `, ``), "items[1].exercise", "required"},
		{"item minutes too many", edit(`"minutes": 20`, `"minutes": 601`), "items[0].minutes", "0 to 600"},
		{"item skipped", edit(`"too_painful"`, `"bored"`), "items[1].skipped", "too_painful"},
		{"kind", edit(`"week": 6`, `"kind": "nap", "week": 6`), "kind", "session or activity"},
		{"activity without items", `{"kind": "activity", "date": "2026-12-02"}`, "items", "at least one item"},
		{"note control characters", edit(`"week": 6`, `"note": "a\u0007b", "week": 6`), "note", "control character (U+0007)"},
		{"note NUL", edit(`"week": 6`, `"note": "a\u0000b", "week": 6`), "note", "control character (U+0000)"},
		{"note right-to-left override", edit(`"week": 6`, `"note": "a\u202eb", "week": 6`), "note", "text-direction"},
		{"note too long", edit(`"week": 6`, `"note": "`+strings.Repeat("ä", coach.MaxNoteRunes+1)+`", "week": 6`), "note", "longer than 1000"},
		{"item exercise with NUL", edit(`"exercise": "bird-dog"`, `"exercise": "bird\u0000dog"`), "items[1].exercise", "required"},
		{"too many items", edit(`"items": [`, `"items": [`+strings.Repeat(`{"exercise": "bird-dog", "minutes": 1, "done": true}, `, coach.MaxLogItems)), "items", "at most 40"},
		{"recorded", edit(`"week": 6`, `"recorded": "yesterday", "week": 6`), "recorded", "YYYY-MM-DD"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DecodeLog(strings.NewReader(tt.in))
			var e validate.Errors
			if !errors.As(err, &e) || len(e) == 0 {
				t.Fatalf("err = %v, want field errors", err)
			}
			if e[0].Field != tt.field || !strings.Contains(e[0].Message, tt.msg) {
				t.Errorf("got %q: %q, want %q: …%s…", e[0].Field, e[0].Message, tt.field, tt.msg)
			}
		})
	}
	if _, err := DecodeLog(strings.NewReader(`{"note": "` + strings.Repeat("x", MaxLogBytes) + `"}`)); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("a huge log: %v", err)
	}
}

func TestDecodeLogsNamesTheEntry(t *testing.T) {
	one := `{"week": 1, "day": 1, "date": "2026-11-23", "done": true}`
	for _, tt := range []struct{ in, field string }{
		{`[` + one + `, ` + strings.Replace(one, `"done": true`, `"done": true, "pain_after": 12`, 1) + `]`, "logs[1].pain_after"},
		{`[` + one + `, ` + one + `, ` + strings.Replace(one, `"done": true`, `"done": "yes"`, 1) + `]`, "logs[2].done"},
		{`[` + one + `, 7]`, "logs[1]"},
		{`[` + strings.Replace(one, `"done": true`, `"done": true, "items": [{"exercise": "cycling", "minutes": -1, "done": true}]`, 1) + `]`, "logs[0].items[0].minutes"},
		{one, ""},
		{`[` + one, ""},
	} {
		_, err := DecodeLogs(strings.NewReader(tt.in))
		var e validate.Errors
		if !errors.As(err, &e) || e[0].Field != tt.field {
			t.Errorf("%s: %v, want the field %q", tt.in, err, tt.field)
		}
	}
	logs, err := DecodeLogs(strings.NewReader(`[` + one + `, ` + strings.Replace(one, `"day": 1, "date": "2026-11-23"`, `"day": 2, "date": "2026-11-24"`, 1) + `]`))
	if err != nil || len(logs) != 2 || logs[1].Day != 2 {
		t.Errorf("two logs: %+v %v", logs, err)
	}
}

func TestDecodeLogPatch(t *testing.T) {
	old, err := DecodeLog(strings.NewReader(strings.Replace(goodLog, `"pain_next_morning": 3, `, ``, 1)))
	if err != nil {
		t.Fatal(err)
	}
	old.ID, old.Recorded = 7, "2026-12-01"
	l, err := DecodeLogPatch(strings.NewReader(`{"pain_next_morning": 6}`), old)
	if err != nil || l.PainNextMorning == nil || *l.PainNextMorning != 6 || l.ID != 7 || l.Recorded != "2026-12-01" || *l.PainAfter != 5 || len(l.Items) != 2 {
		t.Fatalf("patch: %+v %v", l, err)
	}
	if !l.BreaksPainRule() || old.BreaksPainRule() {
		t.Error("next-morning pain 3 points above pain before breaks the pain rule")
	}
	if l, err := DecodeLogPatch(strings.NewReader(`{"pain_after": null}`), old); err != nil || l.PainAfter != nil {
		t.Errorf("null removes an answer (merge patch): %+v %v", l, err)
	}
	for _, tt := range []struct{ in, field string }{
		{`{"pain_next_morning": 11}`, "pain_next_morning"},
		{`{"week": 7}`, "week"},
		{`{"date": "2026-12-02"}`, "date"},
		{`{"id": 8}`, "id"},
		{`{"mood": 1}`, "mood"},
		{`{"pain_next_morning": "3"}`, "pain_next_morning"},
		{`[]`, ""},
		{`null`, ""},
		{``, ""},
		{`{"done": null}`, "done"},
	} {
		got, err := DecodeLogPatch(strings.NewReader(tt.in), old)
		var e validate.Errors
		if !errors.As(err, &e) || e[0].Field != tt.field {
			t.Errorf("%s: %v, want the field %q", tt.in, err, tt.field)
		}
		if !reflect.DeepEqual(got, old) {
			t.Errorf("%s: a refused patch changed the log", tt.in)
		}
	}
}

// DecodeLog and DecodeLogPatch never panic; a decoded log encodes and
// decodes to the same value, and a patch result is a valid log.
func FuzzDecodeLog(f *testing.F) {
	f.Add([]byte(goodLog), []byte(`{"pain_next_morning": 3}`))
	f.Add([]byte(`{"kind": "activity", "date": "2026-12-02", "items": [{"exercise": "cycling", "minutes": 25, "done": true}]}`), []byte(`{"items": null}`))
	f.Add([]byte(`{"week": 1, "day": 1, "date": "2026-11-23", "done": false, "note": " hi\n ", "red_flags": ["major_trauma", "major_trauma"]}`), []byte(`{"note": "\u202e"}`))
	f.Add([]byte(`[]`), []byte(`null`))
	f.Add([]byte(`{"items": [null, 1, {"exercise": ""}]}`), []byte(`{"week": 2}`))
	f.Fuzz(func(t *testing.T, doc, patch []byte) {
		l, err := DecodeLog(bytes.NewReader(doc))
		if err != nil {
			var e validate.Errors
			if !errors.As(err, &e) || len(e) == 0 {
				t.Fatalf("error without fields: %v", err)
			}
			return
		}
		b, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		again, err := DecodeLog(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("re-decoding %s: %v", b, err)
		}
		if !reflect.DeepEqual(l, again) {
			t.Fatalf("round trip changed the log:\n%+v\n%+v", l, again)
		}
		p, err := DecodeLogPatch(bytes.NewReader(patch), l)
		if err != nil {
			if !reflect.DeepEqual(p, l) {
				t.Fatal("a refused patch changed the log")
			}
			return
		}
		if p.Kind != l.Kind || p.Week != l.Week || p.Day != l.Day || p.Date != l.Date {
			t.Fatalf("a patch changed the plan day: %+v -> %+v", l, p)
		}
	})
}
