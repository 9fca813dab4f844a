package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"supple/internal/coach"
	"supple/internal/validate"
)

func runPlan(ctx context.Context, args []string, env Env, io IO) error {
	fs := newFlags("plan", " [PROFILE.json|-]", io)
	if err := parse(fs, args, env); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usageError("plan reads one profile: a file name, or - (the default) for standard input")
	}
	in, name, err := openInput(fs.Arg(0), io.Stdin)
	if err != nil {
		return err
	}
	defer in.Close()
	p, err := coach.DecodeProfile(in)
	var verr validate.Errors
	if errors.As(err, &verr) {
		return usageError("%s: invalid profile: %s", name, describe(verr))
	}
	if err != nil {
		return err
	}
	lib, err := coach.LoadLibrary()
	if err != nil {
		return err
	}
	return writeJSON(io.Stdout, coach.Plan(p, lib))
}

func describe(e validate.Errors) string {
	parts := make([]string, len(e))
	for i, f := range e {
		if f.Field == "" || strings.HasPrefix(f.Message, f.Field) {
			parts[i] = f.Message
		} else {
			parts[i] = f.Field + ": " + f.Message
		}
	}
	return strings.Join(parts, "; ")
}

func openInput(name string, stdin io.Reader) (io.ReadCloser, string, error) {
	if name == "" || name == "-" {
		return io.NopCloser(stdin), "standard input", nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, name, usageError("cannot read %s: %v", name, errors.Unwrap(err))
	}
	return f, name, nil
}

func runExercises(ctx context.Context, args []string, env Env, io IO) error {
	fs := newFlags("exercises", "", io)
	format := formatFlag(fs)
	if err := parse(fs, args, env); err != nil {
		return err
	}
	if err := checkFormat(*format); err != nil {
		return err
	}
	lib, err := coach.LoadLibrary()
	if err != nil {
		return err
	}
	if *format == "json" {
		return writeJSON(io.Stdout, map[string]any{"exercises": lib.All()})
	}
	tw := tabwriter.NewWriter(io.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tNAME\tBLOCK\tDOSE")
	for _, e := range lib.All() {
		block := string(e.Block)
		if e.Avoid {
			block = "avoid"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", e.ID, e.Name, block, coach.DoseText(e.Dose))
	}
	return tw.Flush()
}
