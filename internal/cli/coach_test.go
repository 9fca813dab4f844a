package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func runIn(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	return runCLI(t, nil, stdin, args...)
}

func TestPlanCommand(t *testing.T) {
	profile := `{"age": 46, "pain_now": 4, "duration_weeks": 16, "activity_level": "sedentary", "minutes_per_day": 30, "days_per_week": 5}`
	code, out, _ := runIn(t, profile, "plan")
	var res struct {
		Status string
		Weeks  []json.RawMessage
	}
	if err := json.Unmarshal([]byte(out), &res); code != 0 || err != nil || res.Status != "plan" || len(res.Weeks) != 12 {
		t.Fatalf("plan from stdin: %d %v %q", code, err, res.Status)
	}
	f := filepath.Join(t.TempDir(), "p.json")
	os.WriteFile(f, []byte(strings.Replace(profile, `"age": 46`, `"age": 46, "red_flags": ["fever_and_unwell"]`, 1)), 0o644)
	code, out, _ = runIn(t, "", "plan", f)
	if code != 0 || !strings.Contains(out, `"status": "referred"`) {
		t.Errorf("referral from a file: %d %s", code, out)
	}
	for _, tt := range []struct{ in, want string }{
		{``, "the profile is empty"},
		{`{"age": 46`, "not valid JSON"},
		{strings.Replace(profile, `"age": 46`, `"age": 9`, 1), "age must be from 16 to 110"},
		{strings.Replace(profile, `"age": 46`, `"age": 46, "colour": "red"`, 1), `unknown field "colour"`},
		{strings.Replace(profile, `"pain_now": 4`, `"pain_now": "bad"`, 1), "pain_now must be a whole number"},
		{strings.Replace(profile, `"age": 46`, `"age": 46, "leg_pain": "both_legs", "both_legs_onset": "ages"`, 1), "both_legs_onset must be one of new, worsening, long_standing"},
		{strings.Replace(profile, `"age": 46`, `"age": 46, "both_legs_onset": "new"`, 1), "both_legs_onset answers the both-legs question"},
		{strings.Replace(profile, `"age": 46`, `"age": 46, "swaps": {"handstand": "cat-cow"}`, 1), `swaps: handstand: "handstand" is not an exercise`},
		{strings.Replace(profile, `"age": 46`, `"age": 46, "swaps": ["cat-cow"]`, 1), "swaps must be an object of exercise ids"},
	} {
		code, out, errOut := runIn(t, tt.in, "plan", "-")
		if code != 2 || out != "" || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: exit %d, stderr %q, want 2 and %q", tt.in, code, errOut, tt.want)
		}
	}
	// Both legs: new (or not said) is an emergency; long-standing and
	// assessed gives a plan (clinical.md 2.1).
	for onset, want := range map[string]string{"": `"level": "emergency"`, `, "both_legs_onset": "worsening"`: `"level": "emergency"`,
		`, "both_legs_onset": "long_standing", "conditions": ["spinal_stenosis"]`: `"status": "plan"`} {
		in := strings.Replace(profile, `"age": 46`, `"age": 46, "leg_pain": "both_legs"`+onset, 1)
		if code, out, errOut := runIn(t, in, "plan"); code != 0 || !strings.Contains(out, want) {
			t.Errorf("both legs%s: exit %d, %q, want %s", onset, code, errOut, want)
		}
	}
	if code, _, errOut := runIn(t, "", "plan", "/no/such/file.json"); code != 2 || !strings.Contains(errOut, "cannot read") {
		t.Errorf("missing file: %d %q", code, errOut)
	}
}

func TestExercisesCommand(t *testing.T) {
	code, out, _ := runIn(t, "", "exercises")
	if code != 0 || !strings.Contains(out, "cat-cow") || !strings.Contains(out, "avoid") {
		t.Errorf("text: %d %q", code, out)
	}
	code, out, _ = runIn(t, "", "exercises", "-format", "json")
	var lib struct {
		Exercises []struct{ ID string }
	}
	if err := json.Unmarshal([]byte(out), &lib); code != 0 || err != nil || len(lib.Exercises) < 29 {
		t.Errorf("json: %d %v %d", code, err, len(lib.Exercises))
	}
}

func TestPlanWithLogs(t *testing.T) {
	profile := `{"age": 46, "pain_now": 4, "duration_weeks": 16, "activity_level": "sedentary", "minutes_per_day": 30, "days_per_week": 5}`
	dir := t.TempDir()
	write := func(name, body string) string {
		f := filepath.Join(dir, name)
		if err := os.WriteFile(f, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return f
	}
	pf := write("profile.json", profile)
	day1 := `{"week": 1, "day": 1, "date": "2026-11-23", "done": true, "pain_before": 3, "pain_after": 4, "items": [{"exercise": "brisk-walking", "minutes": 10, "done": true}]}`
	day2 := `{"week": 1, "day": 2, "date": "2026-11-24", "done": true, "pain_before": 3, "pain_after": 4}`
	ride := `{"kind": "activity", "date": "2026-11-25", "items": [{"exercise": "cycling", "minutes": 25, "done": true}]}`
	good := write("logs.json", "["+day1+", "+day2+", "+ride+"]")

	type result struct {
		Status      string
		Weeks       []json.RawMessage
		Adjustments []json.RawMessage
	}
	for _, args := range [][]string{
		{"plan", "-logs", good, pf},
		{"plan", "-logs", good, "-start", "2026-11-23", "-today", "2026-11-26", pf},
		{"plan", "-logs", good, "-"},
	} {
		code, out, errOut := runIn(t, profile, args...)
		var res result
		if err := json.Unmarshal([]byte(out), &res); code != 0 || err != nil || res.Status != "plan" || len(res.Weeks) != 12 || res.Adjustments == nil {
			t.Errorf("%v: exit %d %v %q", args, code, err, errOut)
		}
	}
	// Logs on standard input, the profile from a file.
	if code, out, _ := runIn(t, "["+day1+"]", "plan", "-logs", "-", pf); code != 0 || !strings.Contains(out, `"adjustments"`) {
		t.Errorf("logs from stdin: %d", code)
	}
	if code, out, _ := runIn(t, "[]", "plan", "-logs", "-", "-start", "2026-11-23", "-today", "2026-11-23", pf); code != 0 || !strings.Contains(out, `"status": "plan"`) {
		t.Errorf("no logs with -start and -today: %d", code)
	}

	for _, tt := range []struct {
		name  string
		logs  string
		extra []string
		want  string
	}{
		{"pain above 10", "[" + day1 + ", " + strings.Replace(day2, `"pain_after": 4`, `"pain_after": 11`, 1) + "]", nil, "bad.json: logs[1].pain_after: pain_after must be from 0 (no pain) to 10"},
		{"wrong type", "[" + day1 + ", " + day2 + ", " + strings.Replace(day2, `"done": true`, `"done": "yes"`, 1) + "]", nil, "bad.json: logs[2].done: done must be true or false"},
		{"unknown field", "[" + strings.Replace(day1, `"done": true`, `"done": true, "mood": 1`, 1) + "]", nil, `bad.json: logs[0].mood: unknown field "mood"`},
		{"not a list", day1, nil, "bad.json: the list of log entries must be a JSON list"},
		{"not JSON", "[" + day1, nil, "bad.json: the list of log entries is not valid JSON"},
		{"empty", "[]", nil, "bad.json: the list of logs is empty; give -start and -today"},
		{"only activity", "[" + ride + "]", nil, "give -start"},
		{"wrong plan day", "[" + day1 + ", " + strings.Replace(day2, `"2026-11-24"`, `"2026-11-25"`, 1) + "]", nil, "bad.json: logs[1].date: week 1, day 2 of your plan is 2026-11-24, not 2026-11-25"},
		{"in the future", "[" + day1 + ", " + day2 + "]", []string{"-today", "2026-11-23"}, "bad.json: logs[1].date: date 2026-11-24 is in the future"},
		{"before the start", "[" + day1 + "]", []string{"-start", "2026-11-24"}, "bad.json: logs[0].date: date 2026-11-23 is before your plan started"},
		{"duplicate day", "[" + day1 + ", " + day1 + "]", nil, "bad.json: logs[1].day: week 1, day 1 is already logged in logs[0]"},
		{"unknown exercise", "[" + strings.Replace(day1, "brisk-walking", "moonwalk", 1) + "]", nil, `bad.json: logs[0].items[0].exercise: no exercise has the id "moonwalk"`},
		{"too painful but not planned that day", "[" + day1 + ", " + strings.Replace(day2, `"pain_after": 4`, `"pain_after": 4, "items": [{"exercise": "side-plank", "skipped": "too_painful"}]`, 1) + "]", nil,
			"bad.json: logs[1].items[0].exercise: side-plank was not in your plan on week 1, day 2, so it cannot be marked too painful"},
		{"bad -start", "[" + day1 + "]", []string{"-start", "monday"}, `-start must be a date as YYYY-MM-DD, not "monday"`},
		{"bad -today", "[" + day1 + "]", []string{"-today", "2026-13-01"}, `-today must be a date as YYYY-MM-DD`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			bad := write("bad.json", tt.logs)
			args := append([]string{"plan", "-logs", bad}, tt.extra...)
			code, out, errOut := runIn(t, "", append(args, pf)...)
			if code != 2 || out != "" || !strings.Contains(errOut, tt.want) {
				t.Errorf("exit %d, stdout %d bytes, stderr %q; want 2 and %q", code, len(out), errOut, tt.want)
			}
		})
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"plan", "-logs", filepath.Join(dir, "missing.json"), pf}, "cannot read"},
		{[]string{"plan", "-logs", "-"}, "give the profile as a file"},
		{[]string{"plan", "-start", "2026-11-23", pf}, "-start and -today go with -logs"},
	} {
		if code, _, errOut := runIn(t, "", tt.args...); code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: exit %d %q, want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
	code, out, _ := runIn(t, "", "plan", "-h")
	if code != 0 || !strings.Contains(out, "-logs") || !strings.Contains(out, "-start") || !strings.Contains(out, "-today") || !strings.Contains(out, "adjustments") {
		t.Errorf("plan -h: %d %q", code, out)
	}
}
