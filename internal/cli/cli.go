// Package cli implements the supple command: its subcommands, flags and
// environment variables. main only calls Main; tests call Run in-process.
package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
)

// Version is set at build time with -ldflags "-X supple/internal/cli.Version=...".
var Version = "dev"

// Env reads an environment variable ("" when unset).
type Env func(string) string

// IO is a command's standard streams.
type IO struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
}

// ExitError carries a process exit code.
type ExitError struct {
	Code int
	Err  error
}

func (e *ExitError) Error() string {
	if e.Err == nil {
		return fmt.Sprintf("exit status %d", e.Code)
	}
	return e.Err.Error()
}
func (e *ExitError) Unwrap() error { return e.Err }

// usageError is bad input on the command line: exit code 2.
func usageError(format string, a ...any) error {
	return &ExitError{Code: 2, Err: fmt.Errorf(format, a...)}
}

type command struct {
	name    string
	summary string
	run     func(ctx context.Context, args []string, env Env, io IO) error
}

func commands() []command {
	return []command{
		{"serve", "serve the website and API (the default)", runServe},
		{"import", "import a folder of Markdown articles", runImport},
		{"ratings", "show article ratings: average, count, distribution", runRatings},
		{"feedback", "show reader feedback", runFeedback},
		{"plan", "make a 12-week plan from a profile (JSON)", runPlan},
		{"exercises", "list the exercise library", runExercises},
		{"migrate", "show or apply database migrations", runMigrate},
		{"backup", "write an online snapshot of the SQLite database", runBackup},
		{"user", "add, invite, list, change the role or password of, or delete accounts", runUser},
		{"token", "create, list or revoke API tokens", runToken},
		{"copy-db", "copy a SQLite install into an empty PostgreSQL database", runCopyDB},
		{"version", "print the version", runVersion},
	}
}

// Main runs supple and returns the process exit code.
func Main(ctx context.Context, args []string, env Env, stdin io.Reader, stdout, stderr io.Writer) int {
	err := Run(ctx, args, env, IO{stdin, stdout, stderr})
	if err == nil || errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var ee *ExitError
	if errors.As(err, &ee) {
		if ee.Err != nil && ee.Err.Error() != "" {
			fmt.Fprintln(stderr, "supple:", ee.Err)
		}
		return ee.Code
	}
	fmt.Fprintln(stderr, "supple:", err)
	return 1
}

// Run runs one subcommand; with none (or only flags) it serves.
func Run(ctx context.Context, args []string, env Env, io IO) error {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help" || args[0] == "help") {
		usage(io.Stdout)
		return nil
	}
	name := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		name, args = args[0], args[1:]
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, args, env, io)
		}
	}
	usage(io.Stderr)
	return usageError("unknown command %q", name)
}

func usage(w io.Writer) {
	fmt.Fprintf(w, "supple: a self-hosted back-care coach\n\nUsage:\n  supple [command] [flags]\n\nCommands:\n")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun 'supple COMMAND -h' for a command's flags. Every flag can also be set as\nSUPPLE_NAME in the environment (for example SUPPLE_ADDR for -addr); flags win.\n")
}

// cmdFlags is a command's flag set and where asked-for help goes.
type cmdFlags struct {
	*flag.FlagSet
	stdout io.Writer
}

// newFlags makes a command's flag set: errors go to io.Stderr, help that
// was asked for (-h) to io.Stdout.
func newFlags(name, args string, io IO) *cmdFlags {
	fs := flag.NewFlagSet("supple "+name, flag.ContinueOnError)
	fs.SetOutput(io.Stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: supple %s [flags]%s\n\nFlags (each also from SUPPLE_<NAME>):\n", name, args)
		fs.PrintDefaults()
	}
	return &cmdFlags{FlagSet: fs, stdout: io.Stdout}
}

// parse parses flags, filling the ones not given from SUPPLE_* variables.
func parse(fs *cmdFlags, args []string, env Env) error {
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(fs.stdout)
		}
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &ExitError{Code: 2}
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		if set[f.Name] || err != nil {
			return
		}
		key := "SUPPLE_" + strings.ToUpper(strings.ReplaceAll(f.Name, "-", "_"))
		if v := env(key); v != "" {
			if e := fs.Set(f.Name, v); e != nil {
				err = usageError("%s=%q is not a valid value for -%s (%s)", key, v, f.Name, f.Usage)
			}
		}
	})
	return err
}

// writeJSON prints v as indented JSON.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func runVersion(ctx context.Context, args []string, env Env, io IO) error {
	fs := newFlags("version", "", io)
	if err := parse(fs, args, env); err != nil {
		return err
	}
	fmt.Fprintln(io.Stdout, "supple", Version)
	return nil
}
