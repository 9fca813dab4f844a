package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"supple/internal/api"
	"supple/internal/coach"
	"supple/internal/validate"
)

func runPlan(ctx context.Context, args []string, env Env, io IO) error {
	fs := newFlags("plan", " [PROFILE.json|-]", io)
	logsFile := fs.String("logs", "", "a JSON array of log entries (or - for standard input): adapt the plan to them")
	startFlag := fs.String("start", "", "with -logs: day 1 of week 1, as YYYY-MM-DD (default: from the first log's date, week and day)")
	todayFlag := fs.String("today", "", "with -logs: the person's current date, as YYYY-MM-DD (default: the day after the latest log)")
	usage := fs.Usage
	fs.Usage = func() {
		usage()
		fmt.Fprint(fs.Output(), `
Reads a profile (JSON) and prints the coach's result JSON: a 12-week plan or
a referral. With -logs, the plan is adapted to what the logs report (the
pain rule, missed sessions, leg symptoms, red flags) and every change is
listed in "adjustments". Exit 0 for a plan or a referral, 2 for invalid
input with a message naming the file and the field.
`)
	}
	if err := parse(fs, args, env); err != nil {
		return err
	}
	if fs.NArg() > 1 {
		return usageError("plan reads one profile: a file name, or - (the default) for standard input")
	}
	if *logsFile == "" && (*startFlag != "" || *todayFlag != "") {
		return usageError("-start and -today go with -logs")
	}
	if *logsFile == "-" && (fs.Arg(0) == "" || fs.Arg(0) == "-") {
		return usageError("-logs - reads standard input, so give the profile as a file")
	}
	in, name, err := openInput(fs.Arg(0), io.Stdin)
	if err != nil {
		return err
	}
	defer in.Close()
	p, err := api.DecodeProfile(in)
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
	if verr := coach.CheckProfileSwaps(p, lib); len(verr) > 0 {
		return usageError("%s: invalid profile: %s", name, describe(verr))
	}
	if *logsFile == "" {
		return writeJSON(io.Stdout, coach.Plan(p, lib))
	}
	h, err := readHistory(*logsFile, *startFlag, *todayFlag, io.Stdin, lib)
	if err != nil {
		return err
	}
	res := coach.Adapt(p, lib, h)
	if res.Status == coach.StatusPlan {
		// Each session against its day's plan, as the member saw it
		// (days already lived do not change with later logs).
		var e validate.Errors
		for i, l := range h.Logs {
			for _, f := range coach.CheckLogAgainstPlan(l, res) {
				e.Add(fmt.Sprintf("logs[%d].%s", i, f.Field), f.Message)
			}
		}
		if len(e) > 0 {
			_, name, _ := openInputName(*logsFile)
			return usageError("%s: %s", name, describe(e))
		}
	}
	return writeJSON(io.Stdout, res)
}

// readHistory reads the logs of -logs and checks each against the plan's
// dates, as the server does.
func readHistory(file, startFlag, todayFlag string, stdin io.Reader, lib *coach.Library) (coach.History, error) {
	var h coach.History
	date := func(flag, v string) (time.Time, error) {
		d, err := time.Parse(time.DateOnly, v)
		if err != nil {
			return d, usageError("-%s must be a date as YYYY-MM-DD, not %q", flag, v)
		}
		return d, nil
	}
	var err error
	if startFlag != "" {
		if h.Start, err = date("start", startFlag); err != nil {
			return h, err
		}
	}
	if todayFlag != "" {
		if h.Today, err = date("today", todayFlag); err != nil {
			return h, err
		}
	}
	in, name, err := openInput(file, stdin)
	if err != nil {
		return h, err
	}
	defer in.Close()
	logs, err := api.DecodeLogs(in)
	var verr validate.Errors
	if errors.As(err, &verr) {
		return h, usageError("%s: %s", name, describe(verr))
	}
	if err != nil {
		return h, err
	}
	var latest time.Time
	for _, l := range logs {
		d, _ := time.Parse(time.DateOnly, l.Date)
		if h.Start.IsZero() && l.Kind == coach.KindSession {
			h.Start = d.AddDate(0, 0, -((l.Week-1)*7 + l.Day - 1))
		}
		if d.After(latest) {
			latest = d
		}
	}
	switch {
	case len(logs) == 0 && (h.Start.IsZero() || h.Today.IsZero()):
		return h, usageError("%s: the list of logs is empty; give -start and -today to plan from a date", name)
	case h.Start.IsZero():
		return h, usageError("%s: no log is a session of the plan, so its start is unknown; give -start", name)
	case h.Today.IsZero():
		h.Today = latest.AddDate(0, 0, 1)
	}
	var e validate.Errors
	seen := map[[2]int]int{}
	for i, l := range logs {
		prefix := fmt.Sprintf("logs[%d].", i)
		if l.Kind == coach.KindActivity {
			d, _ := time.Parse(time.DateOnly, l.Date)
			logs[i].Week, logs[i].Day, _ = coach.PlanDay(h.Start, d)
		}
		for _, f := range coach.CheckLog(logs[i], h.Start, h.Today) {
			e.Add(prefix+f.Field, f.Message)
		}
		for j, it := range l.Items {
			if _, ok := lib.Get(it.Exercise); !ok {
				e.Add(fmt.Sprintf("%sitems[%d].exercise", prefix, j), fmt.Sprintf("no exercise has the id %q; see supple exercises", it.Exercise))
			}
		}
		if l.Kind == coach.KindSession {
			day := [2]int{l.Week, l.Day}
			if j, ok := seen[day]; ok {
				e.Add(prefix+"day", fmt.Sprintf("week %d, day %d is already logged in logs[%d]", l.Week, l.Day, j))
			} else {
				seen[day] = i
			}
		}
	}
	if len(e) > 0 {
		return h, usageError("%s: %s", name, describe(e))
	}
	h.Logs = logs
	return h, nil
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

// openInputName is how an input is named in messages.
func openInputName(name string) (string, string, bool) {
	if name == "" || name == "-" {
		return name, "standard input", true
	}
	return name, name, false
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
