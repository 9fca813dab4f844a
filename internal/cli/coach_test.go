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
	} {
		code, out, errOut := runIn(t, tt.in, "plan", "-")
		if code != 2 || out != "" || !strings.Contains(errOut, tt.want) {
			t.Errorf("%q: exit %d, stderr %q, want 2 and %q", tt.in, code, errOut, tt.want)
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
