package cli

import (
	"strings"
	"testing"
)

// supple user add -role clinician makes a clinician (issue 17), and user
// role can make one of an existing account.
func TestUserAddClinician(t *testing.T) {
	t.Parallel()
	env := map[string]string{"SUPPLE_DATA": t.TempDir()}
	if code, out, errOut := runCLI(t, env, "a long enough secret\n", "user", "add", "-email", "doc@example.org", "-role", "clinician"); code != 0 ||
		!strings.Contains(out, "added doc@example.org (clinician)") {
		t.Fatalf("user add: %d %q %q", code, out, errOut)
	}
	runCLI(t, env, "a long enough secret\n", "user", "add", "-email", "m@example.org")
	if code, out, _ := runCLI(t, env, "", "user", "role", "m@example.org", "clinician"); code != 0 || !strings.Contains(out, "now clinician") {
		t.Errorf("user role: %d %q", code, out)
	}
	if code, out, _ := runCLI(t, env, "", "user", "list"); code != 0 || strings.Count(out, "clinician") != 2 {
		t.Errorf("user list: %q", out)
	}
}
