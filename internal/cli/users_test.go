package cli

import (
	"regexp"
	"strings"
	"testing"
)

func TestUserAndTokenCommands(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{"SUPPLE_DATA": data}
	code, out, errOut := runCLI(t, env, "a long enough secret\n", "user", "add", "-email", "Ed@Example.org", "-role", "editor")
	if code != 0 || !strings.Contains(out, "added ed@example.org (editor)") || strings.Contains(out, "shown once") {
		t.Fatalf("user add: %d %q %q", code, out, errOut)
	}
	code, out, _ = runCLI(t, env, "", "user", "add", "-email", "m@example.org")
	if code != 0 || !strings.Contains(out, "password (shown once): ") {
		t.Fatalf("user add with a generated password: %d %q", code, out)
	}
	for _, tt := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{"a long enough secret\n", []string{"user", "add", "-email", "ed@example.org"}, "already exists"},
		{"short\n", []string{"user", "add", "-email", "x@example.org"}, "at least 10 characters"},
		{"a long enough secret\n", []string{"user", "add", "-email", "nope"}, "email address like"},
		{"", []string{"user", "add"}, "needs -email"},
		{"", []string{"user", "role", "ed@example.org", "king"}, "member, editor or admin"},
		{"", []string{"user", "role", "ghost@example.org", "admin"}, "no account"},
		{"", []string{"user", "delete", "ghost@example.org"}, "no account"},
		{"", []string{"user", "fly"}, "unknown user action"},
		{"", []string{"user"}, "needs an action"},
		{"", []string{"token", "create"}, "needs -email"},
		{"", []string{"token", "revoke", "x"}, "not a number"},
		{"", []string{"token", "revoke", "999"}, "no active token"},
	} {
		if code, _, errOut := runCLI(t, env, tt.stdin, tt.args...); code != 2 || !strings.Contains(errOut, tt.want) {
			t.Errorf("%v: %d %q, want 2 and %q", tt.args, code, errOut, tt.want)
		}
	}
	code, out, _ = runCLI(t, env, "", "user", "list")
	if code != 0 || !strings.Contains(out, "ed@example.org  editor") || !strings.Contains(out, "m@example.org") {
		t.Errorf("user list: %q", out)
	}
	code, out, _ = runCLI(t, env, "", "token", "create", "-email", "ed@example.org", "-name", "laptop")
	m := regexp.MustCompile(`token (\d+) for .*\n(sup_\S+)`).FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("token create: %d %q", code, out)
	}
	code, out, _ = runCLI(t, env, "", "token", "list", "-email", "ed@example.org")
	if code != 0 || !strings.Contains(out, "laptop") || !strings.Contains(out, "active") || strings.Contains(out, m[2]) {
		t.Errorf("token list: %q", out)
	}
	if code, out, _ := runCLI(t, env, "", "token", "revoke", m[1]); code != 0 || !strings.Contains(out, "revoked") {
		t.Errorf("token revoke: %d %q", code, out)
	}
	if _, out, _ := runCLI(t, env, "", "token", "list", "-email", "ed@example.org"); !strings.Contains(out, "revoked") {
		t.Errorf("revoked token listed as %q", out)
	}
	if code, out, _ := runCLI(t, env, "", "user", "role", "m@example.org", "admin"); code != 0 || !strings.Contains(out, "now admin") {
		t.Errorf("user role: %d %q", code, out)
	}
	if code, out, _ := runCLI(t, env, "", "user", "delete", "m@example.org"); code != 0 || !strings.Contains(out, "deleted m@example.org") {
		t.Errorf("user delete: %d %q", code, out)
	}
}
