package store

import (
	"context"
	"embed"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"

	"github.com/pressly/goose/v3"
)

// Migrations are NNNNN_name.sql (every engine) or NNNNN_name.DIALECT.sql
// (one engine); a version present as a dialect variant must have one for
// each engine.
//
//go:embed migrations/*.sql
var migrationFiles embed.FS

// MigrationStatus is one migration and whether it is applied.
type MigrationStatus struct {
	Version int64
	Name    string
	Applied bool
}

func (db *DB) provider(log *slog.Logger) (*goose.Provider, error) {
	fsys, err := fs.Sub(migrationFiles, "migrations")
	if err != nil {
		return nil, err
	}
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, err
	}
	var exclude []string
	for _, e := range entries {
		parts := strings.Split(e.Name(), ".")
		if len(parts) == 3 && parts[1] != db.dialect.Name() {
			exclude = append(exclude, e.Name())
		}
	}
	gd := goose.DialectSQLite3
	if db.dialect.Name() == "postgres" {
		gd = goose.DialectPostgres
	}
	opts := []goose.ProviderOption{goose.WithExcludeNames(exclude), goose.WithDisableGlobalRegistry(true)}
	if log != nil {
		opts = append(opts, goose.WithSlog(log))
	}
	return goose.NewProvider(gd, db.w, fsys, opts...)
}

// Migrate applies every pending migration and reports how many ran.
func (db *DB) Migrate(ctx context.Context, log *slog.Logger) (int, error) {
	p, err := db.provider(log)
	if err != nil {
		return 0, fmt.Errorf("store: migrations: %w", err)
	}
	res, err := p.Up(ctx)
	if err != nil {
		return len(res), fmt.Errorf("store: migrate: %w", err)
	}
	return len(res), nil
}

// Pending reports how many migrations are applied and how many are not.
func (db *DB) Pending(ctx context.Context) (applied, pending int, err error) {
	st, err := db.MigrationStatus(ctx)
	if err != nil {
		return 0, 0, err
	}
	for _, m := range st {
		if m.Applied {
			applied++
		} else {
			pending++
		}
	}
	return applied, pending, nil
}

// MigrationStatus lists every known migration.
func (db *DB) MigrationStatus(ctx context.Context) ([]MigrationStatus, error) {
	p, err := db.provider(nil)
	if err != nil {
		return nil, fmt.Errorf("store: migrations: %w", err)
	}
	st, err := p.Status(ctx)
	if err != nil {
		return nil, fmt.Errorf("store: migration status: %w", err)
	}
	out := make([]MigrationStatus, 0, len(st))
	for _, s := range st {
		out = append(out, MigrationStatus{Version: s.Source.Version, Name: s.Source.Path, Applied: s.State == goose.StateApplied})
	}
	return out, nil
}

// MigrateDownTo rolls migrations back to version (for tests and for an
// operator undoing an upgrade).
func (db *DB) MigrateDownTo(ctx context.Context, version int64) error {
	p, err := db.provider(nil)
	if err != nil {
		return fmt.Errorf("store: migrations: %w", err)
	}
	if _, err := p.DownTo(ctx, version); err != nil {
		return fmt.Errorf("store: migrate down to %d: %w", version, err)
	}
	return nil
}
