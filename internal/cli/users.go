package cli

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"fmt"
	goio "io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"

	"supple/internal/account"
	"supple/internal/store"
	"supple/internal/validate"
)

// splitAction takes a command's action word ("user add"), printing usage
// for -h. It returns "" when there is nothing more to do.
func splitAction(name, usage, actions string, args []string, io IO) (string, []string, error) {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "-help") {
		fmt.Fprintln(io.Stdout, usage)
		return "", nil, nil
	}
	if len(args) == 0 || strings.HasPrefix(args[0], "-") {
		return "", nil, usageError("%s needs an action: %s", name, actions)
	}
	return args[0], args[1:], nil
}

// openAccounts opens the database and the account service on it.
func openAccounts(ctx context.Context, env Env, dbf dbFlags) (*store.DB, *account.Service, error) {
	db, err := dbf.open(ctx, env)
	if err != nil {
		return nil, nil, err
	}
	return db, account.New(db, time.Now, nil, nil), nil
}

// runUser: supple user add|invite|list|role|password|delete.
func runUser(ctx context.Context, args []string, env Env, io IO) error {
	action, args, err := splitAction("user", "Usage: supple user add -email E [-role member|editor|admin|clinician]   (password from standard input, or generated)\n       supple user invite -email E [-role clinician|editor] [-smtp-url U -mail-from A -base-url URL]   (emails a link to set a password, valid 7 days; without -smtp-url prints it)\n       supple user list\n       supple user role E ROLE\n       supple user password -email E [-generate]   (password from standard input, or generated with -generate; ends their sessions)\n       supple user delete E",
		"add, invite, list, role, password or delete", args, io)
	if action == "" {
		return err
	}
	if action == "invite" {
		return runInvite(ctx, args, env, io)
	}
	fs := newFlags("user "+action, "", io)
	dbf := addDBFlags(fs)
	email := fs.String("email", "", "the account's email address (add)")
	role := fs.String("role", account.Member, "member, editor, admin or clinician (add)")
	generate := fs.Bool("generate", false, "make a password and print it once (password)")
	if err := parse(fs, args, env); err != nil {
		return err
	}
	db, acc, err := openAccounts(ctx, env, dbf)
	if err != nil {
		return err
	}
	defer db.Close()
	switch action {
	case "add":
		if *email == "" {
			return usageError("user add needs -email")
		}
		pw, generated, err := readPassword(io)
		if err != nil {
			return err
		}
		u, err := acc.CreateBy(ctx, "cli", *email, pw, *role)
		if err := userError(err); err != nil {
			return err
		}
		fmt.Fprintf(io.Stdout, "added %s (%s)\n", u.Email, u.Role)
		if generated {
			fmt.Fprintf(io.Stdout, "password (shown once): %s\n", pw)
		}
		return nil
	case "list":
		users, err := acc.Users(ctx)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(io.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "EMAIL\tROLE\tCREATED")
		for _, u := range users {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", u.Email, u.Role, u.CreatedAt.UTC().Format("2006-01-02"))
		}
		return tw.Flush()
	case "role":
		if fs.NArg() != 2 {
			return usageError("usage: supple user role EMAIL ROLE")
		}
		if err := userError(acc.SetRole(ctx, "cli", fs.Arg(0), fs.Arg(1))); err != nil {
			return err
		}
		fmt.Fprintf(io.Stdout, "%s is now %s; their sessions were ended\n", fs.Arg(0), fs.Arg(1))
		return nil
	case "password":
		return setPassword(ctx, acc, *email, *generate, fs.Args(), io)
	case "delete":
		if fs.NArg() != 1 {
			return usageError("usage: supple user delete EMAIL")
		}
		u, err := acc.ByEmail(ctx, fs.Arg(0))
		if err := userError(err); err != nil {
			return err
		}
		if err := acc.Delete(ctx, "cli", u.ID); err != nil {
			return err
		}
		fmt.Fprintf(io.Stdout, "deleted %s with their plans, sessions and tokens\n", u.Email)
		return nil
	}
	return usageError("unknown user action %q: use add, invite, list, role, password or delete", action)
}

// setPassword: supple user password -email E [-generate]. An unknown
// account is an error (exit 1), bad usage or a weak password exit 2.
func setPassword(ctx context.Context, acc *account.Service, email string, generate bool, extra []string, io IO) error {
	if email == "" {
		return usageError("user password needs -email")
	}
	if len(extra) > 0 {
		return usageError("user password takes no arguments, got %q", strings.Join(extra, " "))
	}
	var pw string
	if generate {
		var err error
		if pw, err = newPassword(); err != nil {
			return err
		}
	} else {
		line, err := readSecretLine(io)
		if err != nil {
			return fmt.Errorf("read the password from standard input: %w", err)
		}
		if pw = line; pw == "" {
			return usageError("user password: give the new password as one line on standard input, or use -generate")
		}
	}
	u, err := acc.SetPassword(ctx, "cli", email, pw)
	if errors.Is(err, account.ErrNotFound) {
		return fmt.Errorf("no account has the email address %q (see 'supple user list')", email)
	}
	if err := userError(err); err != nil {
		return err
	}
	fmt.Fprintf(io.Stdout, "password set for %s; their sessions and API tokens were ended\n", u.Email)
	if u.Confirmed {
		fmt.Fprintf(io.Stdout, "the address %s was not confirmed; it now is (you vouch for it)\n", u.Email)
	}
	if generate {
		fmt.Fprintf(io.Stdout, "password (shown once): %s\n", pw)
	}
	return nil
}

// newPassword makes a random password of 20 characters.
func newPassword() (string, error) {
	b := make([]byte, 15)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// userError turns account errors into usage errors with clear messages.
func userError(err error) error {
	var ve validate.Errors
	switch {
	case err == nil:
		return nil
	case errors.As(err, &ve):
		return usageError("%s", describe(ve))
	case errors.Is(err, account.ErrNotFound):
		return usageError("no account has that email address")
	case errors.Is(err, account.ErrSignup):
		return usageError("an account with that email address already exists")
	}
	return err
}

// readSecretLine reads one line from standard input: without echo, after
// a prompt on standard error, when it is a terminal.
func readSecretLine(io IO) (string, error) {
	if f, ok := io.Stdin.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		fmt.Fprint(io.Stderr, "Password (not shown as you type): ")
		b, err := term.ReadPassword(int(f.Fd()))
		fmt.Fprintln(io.Stderr)
		return string(b), err
	}
	line, err := bufio.NewReader(io.Stdin).ReadString('\n')
	if err != nil && !errors.Is(err, goio.EOF) {
		return "", err
	}
	return strings.TrimRight(line, "\r\n"), nil
}

// readPassword reads a password from standard input, or makes one.
func readPassword(io IO) (string, bool, error) {
	line, err := readSecretLine(io)
	if line != "" || err != nil {
		return line, false, err
	}
	pw, err := newPassword()
	return pw, err == nil, err
}

// runToken: supple token create|list|revoke.
func runToken(ctx context.Context, args []string, env Env, io IO) error {
	action, args, err := splitAction("token", "Usage: supple token create -email E [-name N]   (prints the token once)\n       supple token list -email E\n       supple token revoke ID",
		"create, list or revoke", args, io)
	if action == "" {
		return err
	}
	fs := newFlags("token "+action, "", io)
	dbf := addDBFlags(fs)
	email := fs.String("email", "", "the account's email address")
	name := fs.String("name", "", "a name to recognise the token by")
	if err := parse(fs, args, env); err != nil {
		return err
	}
	db, acc, err := openAccounts(ctx, env, dbf)
	if err != nil {
		return err
	}
	defer db.Close()
	user := func() (*account.User, error) {
		if *email == "" {
			return nil, usageError("token %s needs -email", action)
		}
		u, err := acc.ByEmail(ctx, *email)
		return u, userError(err)
	}
	switch action {
	case "create":
		u, err := user()
		if err != nil {
			return err
		}
		n := *name
		if n == "" {
			n = "token " + time.Now().UTC().Format("2006-01-02")
		}
		id, token, err := acc.CreateTokenBy(ctx, "cli", u, n)
		if err != nil {
			return err
		}
		fmt.Fprintf(io.Stdout, "token %d for %s (%s), shown once; only its hash is kept:\n%s\n", id, u.Email, n, token)
		return nil
	case "list":
		u, err := user()
		if err != nil {
			return err
		}
		tokens, err := acc.Tokens(ctx, u)
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(io.Stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tNAME\tCREATED\tLAST USED\tSTATE")
		for _, t := range tokens {
			used, state := "never", "active"
			if t.LastUsedAt.Valid {
				used = t.LastUsedAt.Time.UTC().Format("2006-01-02 15:04")
			}
			if t.RevokedAt.Valid {
				state = "revoked"
			}
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", t.ID, t.Name, t.CreatedAt.UTC().Format("2006-01-02"), used, state)
		}
		return tw.Flush()
	case "revoke":
		if fs.NArg() != 1 {
			return usageError("usage: supple token revoke ID")
		}
		id, err := strconv.ParseInt(fs.Arg(0), 10, 64)
		if err != nil {
			return usageError("token id %q is not a number", fs.Arg(0))
		}
		if err := acc.RevokeTokenBy(ctx, "cli", id); err != nil {
			return usageError("no active token has the id %d", id)
		}
		fmt.Fprintf(io.Stdout, "revoked token %d\n", id)
		return nil
	}
	return usageError("unknown token action %q: use create, list or revoke", action)
}
