package cli

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"supple/internal/account"
	"supple/internal/store"
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
		{"", []string{"user", "role", "ed@example.org", "king"}, "member, editor, admin or clinician"},
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

func TestUserPassword(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{"SUPPLE_DATA": data}
	if code, _, errOut := runCLI(t, env, "a long enough secret\n", "user", "add", "-email", "ann@example.org"); code != 0 {
		t.Fatalf("user add: %d %q", code, errOut)
	}
	for _, tt := range []struct {
		stdin string
		args  []string
		code  int
		want  string
	}{
		{"another good secret\n", []string{"user", "password"}, 2, "needs -email"},
		{"", []string{"user", "password", "-email", "ann@example.org"}, 2, "standard input, or use -generate"},
		{"short\n", []string{"user", "password", "-email", "ann@example.org"}, 2, "at least 10 characters"},
		{"another good secret\n", []string{"user", "password", "-email", "ghost@example.org"}, 1, `no account has the email address "ghost@example.org"`},
		{"", []string{"user", "password", "-email", "ghost@example.org", "-generate"}, 1, "no account"},
		{"", []string{"user", "password", "-email", "ann@example.org", "-generate", "extra"}, 2, `takes no arguments, got "extra"`},
	} {
		if code, out, errOut := runCLI(t, env, tt.stdin, tt.args...); code != tt.code || !strings.Contains(errOut, tt.want) || out != "" {
			t.Errorf("%v: %d %q %q, want %d and %q on stderr", tt.args, code, out, errOut, tt.code, tt.want)
		}
	}
	ctx := context.Background()
	db, err := store.Open(ctx, "", data, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	acc := account.New(db, time.Now, func(time.Duration) {}, nil)
	loginAs := func(pw string) (string, error) {
		r, err := acc.Login(ctx, account.LoginRequest{Email: "ann@example.org", Password: pw, Client: "cli-test"})
		if err != nil {
			return "", err
		}
		return r.Session, nil
	}
	old, err := loginAs("a long enough secret")
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCLI(t, env, "another good secret\n", "user", "password", "-email", "Ann@Example.org")
	if code != 0 || !strings.Contains(out, "password set for ann@example.org") || strings.Contains(out, "shown once") || errOut != "" {
		t.Fatalf("password from stdin: %d %q %q", code, out, errOut)
	}
	code, out, _ = runCLI(t, env, "", "user", "password", "-email", "ann@example.org", "-generate")
	m := regexp.MustCompile(`password \(shown once\): (\S{20})\n`).FindStringSubmatch(out)
	if code != 0 || m == nil {
		t.Fatalf("generated password: %d %q", code, out)
	}
	if _, _, err := acc.Session(ctx, old); !errors.Is(err, account.ErrNoSession) {
		t.Errorf("a session from before the new password still works: %v", err)
	}
	if _, err := loginAs("another good secret"); !errors.Is(err, account.ErrCredentials) {
		t.Errorf("the replaced password still logs in: %v", err)
	}
	if _, err := loginAs(m[1]); err != nil {
		t.Errorf("the generated password does not log in: %v", err)
	}
}

// An operator who sets the password of an account that never confirmed
// its address vouches for it: the command says so and the person can log
// in, also while the site asks for confirmed addresses.
func TestUserPasswordConfirms(t *testing.T) {
	data := t.TempDir()
	env := map[string]string{"SUPPLE_DATA": data}
	ctx := context.Background()
	db, err := store.Open(ctx, "", data, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := db.CreateUser(ctx, "ann@example.org", "x", "member", time.Now(), true, nil); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"it now is (you vouch for it)", ""} {
		code, out, errOut := runCLI(t, env, "another good secret\n", "user", "password", "-email", "ann@example.org")
		if code != 0 || errOut != "" {
			t.Fatalf("user password: %d %q", code, errOut)
		}
		if got := strings.Contains(out, "vouch"); got != (want != "") {
			t.Errorf("output %q, want it to say %q", out, want)
		}
	}
	acc := account.New(db, time.Now, func(time.Duration) {}, nil).WithPolicy(account.Policy{ConfirmEmail: true})
	if _, err := acc.Login(ctx, account.LoginRequest{Email: "ann@example.org", Password: "another good secret", Client: "cli-test"}); err != nil {
		t.Errorf("login after the operator set a password: %v", err)
	}
}
