package cli

import (
	"context"
	"fmt"
	"os"
	"time"

	"supple/internal/article"
)

func runImport(ctx context.Context, args []string, env Env, io IO) error {
	fs := newFlags("import", " DIR", io)
	dbf := addDBFlags(fs)
	progress := fs.String("progress", "auto", "show progress: auto (on a terminal), always or never")
	if err := parse(fs, args, env); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("import needs exactly one folder, for example: supple import ./articles")
	}
	dir := fs.Arg(0)
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return usageError("%s is not a folder", dir)
	}
	var show bool
	switch *progress {
	case "auto":
		show = isTerminal(io.Stderr)
	case "always":
		show = true
	case "never":
	default:
		return usageError("-progress %q: use auto, always or never", *progress)
	}
	db, err := dbf.open(ctx, env)
	if err != nil {
		return err
	}
	defer db.Close()
	var prog article.Progress
	if show {
		last := time.Time{}
		prog = func(done, total int) {
			if done == total || time.Since(last) > 100*time.Millisecond {
				last = time.Now()
				fmt.Fprintf(io.Stderr, "\rimporting: %d of %d files (%d%%)", done, total, done*100/max(total, 1))
				if done == total {
					fmt.Fprintln(io.Stderr)
				}
			}
		}
	}
	rep, err := article.Import(ctx, db, os.DirFS(dir), ".", time.Now(), prog)
	if err != nil {
		return err
	}
	for _, f := range rep.Failed {
		fmt.Fprintf(io.Stderr, "%s/%s\n", dir, f.Error())
	}
	fmt.Fprintf(io.Stdout, "imported %d new, %d updated, %d unchanged, %d failed\n", rep.Created, rep.Updated, rep.Unchanged, len(rep.Failed))
	if len(rep.Failed) > 0 {
		return &ExitError{Code: 1, Err: fmt.Errorf("%d %s could not be imported", len(rep.Failed), plural(len(rep.Failed), "file", "files"))}
	}
	return nil
}

func isTerminal(w any) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
