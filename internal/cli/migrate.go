package cli

import (
	"context"
	"fmt"

	"supple/internal/store"
)

func runMigrate(ctx context.Context, args []string, env Env, io IO) error {
	fs := newFlags("migrate", " [status|up]", io)
	dbf := addDBFlags(fs)
	if err := parse(fs, args, env); err != nil {
		return err
	}
	action := "status"
	if fs.NArg() > 1 {
		return usageError("migrate takes one action: status or up")
	}
	if fs.NArg() == 1 {
		action = fs.Arg(0)
	}
	if d := dbf.database(env); d != "" && !store.IsPostgresURL(d) {
		return usageError("-db %q: give a postgres:// URL, or leave it empty for SQLite", d)
	}
	db, err := store.Open(ctx, dbf.database(env), *dbf.data, store.Options{Readers: 1, MaxConns: 2})
	if err != nil {
		return err
	}
	defer db.Close()
	switch action {
	case "up":
		n, err := db.Migrate(ctx, nil)
		if err != nil {
			return err
		}
		fmt.Fprintf(io.Stdout, "applied %d %s\n", n, plural(n, "migration", "migrations"))
		return nil
	case "status":
		st, err := db.MigrationStatus(ctx)
		if err != nil {
			return err
		}
		for _, m := range st {
			state := "pending"
			if m.Applied {
				state = "applied"
			}
			fmt.Fprintf(io.Stdout, "%05d  %-8s %s\n", m.Version, state, m.Name)
		}
		return nil
	}
	return usageError("unknown migrate action %q: use status or up", action)
}
