package cli

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"supple/internal/store"
)

// dbFlags are the flags of every command that uses the database.
type dbFlags struct {
	data, db *string
}

func addDBFlags(fs interface {
	String(string, string, string) *string
}) dbFlags {
	return dbFlags{
		data: fs.String("data", "supple-data", "folder for the SQLite database"),
		db:   fs.String("db", "", "PostgreSQL URL (postgres://...) instead of SQLite; also SUPPLE_DATABASE_URL"),
	}
}

// database is the -db setting, falling back to SUPPLE_DATABASE_URL.
func (f dbFlags) database(env Env) string {
	if *f.db != "" {
		return *f.db
	}
	return env("SUPPLE_DATABASE_URL")
}

// open opens and migrates the database, creating a SQLite one when it does
// not exist yet (serve, import).
func (f dbFlags) open(ctx context.Context, env Env) (*store.DB, error) {
	return openDB(ctx, f.database(env), *f.data)
}

// openExisting opens the database for commands that only read it, and
// refuses a SQLite data folder without one (most likely a typo in -data).
func (f dbFlags) openExisting(ctx context.Context, env Env) (*store.DB, error) {
	if f.database(env) == "" {
		if _, err := os.Stat(filepath.Join(*f.data, "supple.db")); errors.Is(err, fs.ErrNotExist) {
			return nil, usageError("no supple database in %s: check -data (the server creates it on first start)", *f.data)
		}
	}
	return f.open(ctx, env)
}

func openDB(ctx context.Context, database, data string) (*store.DB, error) {
	if database != "" && !store.IsPostgresURL(database) {
		return nil, usageError("-db %q: give a postgres:// URL, or leave it empty for SQLite", database)
	}
	db, err := store.Open(ctx, database, data, store.Options{Readers: 2, MaxConns: 4})
	if err != nil {
		return nil, err
	}
	if _, err := db.Migrate(ctx, nil); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}
