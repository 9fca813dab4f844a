package cli

import (
	"context"
	"errors"
	"fmt"
	iofs "io/fs"
	"os"
	"path/filepath"
	"strings"

	"supple/internal/store"
)

func runBackup(ctx context.Context, args []string, env Env, io IO) error {
	fs := newFlags("backup", " FILE", io)
	dbf := addDBFlags(fs)
	if err := parse(fs, args, env); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return usageError("backup needs the file to write, for example: supple backup supple-backup.db")
	}
	if dbf.database(env) != "" {
		return usageError("backup is for SQLite; back up PostgreSQL with pg_dump")
	}
	out := fs.Arg(0)
	if _, err := os.Stat(out); err == nil {
		return usageError("%s already exists; choose a new file name", out)
	}
	db, err := dbf.openExisting(ctx, env)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, out); err != nil {
		return err
	}
	fmt.Fprintf(io.Stdout, "backed up to %s (to restore: stop supple and copy it to %s)\n", out, filepath.Join(*dbf.data, "supple.db"))
	return nil
}

func runCopyDB(ctx context.Context, args []string, env Env, io IO) error {
	fs := newFlags("copy-db", "", io)
	from := fs.String("from", "", "the SQLite install to copy: sqlite:PATH (the data folder or its supple.db)")
	to := fs.String("to", "", "the empty PostgreSQL database to fill: postgres://...")
	if err := parse(fs, args, env); err != nil {
		return err
	}
	path, ok := strings.CutPrefix(*from, "sqlite:")
	if !ok || path == "" {
		return usageError("-from %q: give sqlite:PATH, for example -from sqlite:supple-data", *from)
	}
	if !store.IsPostgresURL(*to) {
		return usageError("-to %q: give a postgres:// URL", *to)
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		path = filepath.Join(path, "supple.db")
	}
	if _, err := os.Stat(path); errors.Is(err, iofs.ErrNotExist) {
		return usageError("no SQLite database at %s", path)
	}
	src, err := store.OpenSQLite(ctx, path, store.Options{Readers: 2})
	if err != nil {
		return err
	}
	defer src.Close()
	if _, err := src.Migrate(ctx, nil); err != nil {
		return err
	}
	dst, err := store.OpenPostgres(ctx, *to, store.Options{MaxConns: 4})
	if err != nil {
		return err
	}
	defer dst.Close()
	_, err = src.CopyTo(ctx, dst, func(t store.TableCopy) {
		fmt.Fprintf(io.Stdout, "%-18s %7d rows  sha256 %s  verified\n", t.Table, t.Rows, t.Checksum[:16])
	})
	if errors.Is(err, store.ErrTargetNotEmpty) {
		return usageError("%v: copy-db only fills an empty database", err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintln(io.Stdout, "copy complete: every table's row count and checksum match")
	return nil
}
