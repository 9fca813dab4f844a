// Package store keeps supple's data in SQL: SQLite by default, with the
// engine differences kept in Dialect and in per-dialect migration files.
// It is the lowest layer: it imports nothing of supple's.
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

// ErrNotFound is returned when the asked-for row does not exist.
var ErrNotFound = errors.New("not found")

// ErrStale is returned when a row changed between its read and a write
// based on that read.
var ErrStale = errors.New("changed since it was read")

// DB is a handle on supple's database. SQLite gets one writer connection
// beside a pool of readers, so that writes queue in Go rather than fail
// with SQLITE_BUSY, while reads run in parallel under WAL.
type DB struct {
	w, r    *sql.DB
	dialect Dialect
	path    string // SQLite file
	url     string // PostgreSQL URL
}

var sqlOpen = sql.Open

// Options tune how a database is opened.
type Options struct {
	// Readers is the size of SQLite's read pool (default: 2 x CPUs, at least 4).
	Readers int
	// MaxConns is the size of PostgreSQL's pool (default 20).
	MaxConns int
}

// Open opens PostgreSQL when db is a postgres:// URL, and otherwise the
// SQLite database supple.db in the data folder.
func Open(ctx context.Context, db, dataDir string, opt Options) (*DB, error) {
	if IsPostgresURL(db) {
		return OpenPostgres(ctx, db, opt)
	}
	if db != "" {
		return nil, fmt.Errorf("store: %q is not a postgres:// URL; leave it empty for SQLite in the data folder", db)
	}
	return OpenSQLite(ctx, filepath.Join(dataDir, "supple.db"), opt)
}

// OpenSQLite opens (creating if needed) the SQLite database at path.
func OpenSQLite(ctx context.Context, path string, opt Options) (*DB, error) {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("store: create data folder: %w", err)
		}
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	dsn := func(extra ...string) string {
		q := url.Values{}
		for _, p := range []string{"journal_mode(WAL)", "busy_timeout(10000)", "foreign_keys(1)", "synchronous(FULL)", "temp_store(MEMORY)"} {
			q.Add("_pragma", p)
		}
		for _, e := range extra {
			k, v, _ := strings.Cut(e, "=")
			q.Add(k, v)
		}
		return "file:" + (&url.URL{Path: abs}).EscapedPath() + "?" + q.Encode()
	}
	w, err := sql.Open("sqlite", dsn("_txlock=immediate"))
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxIdleTime(0)
	w.SetConnMaxLifetime(0)
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	readers := opt.Readers
	if readers <= 0 {
		readers = max(4, 2*runtime.NumCPU())
	}
	r, err := sql.Open("sqlite", dsn("_pragma=query_only(1)"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	r.SetMaxOpenConns(readers)
	r.SetMaxIdleConns(readers)
	return &DB{w: w, r: r, dialect: sqliteDialect{}, path: abs}, nil
}

// Close closes every connection.
func (db *DB) Close() error {
	if db.r == db.w {
		return db.w.Close()
	}
	return errors.Join(db.r.Close(), db.w.Close())
}

// Dialect reports the engine's dialect.
func (db *DB) Dialect() Dialect { return db.dialect }

// Path is the database file of a SQLite database.
func (db *DB) Path() string { return db.path }

func (db *DB) q(query string) string { return db.dialect.Rebind(query) }

// tx runs fn in a write transaction, committing when fn returns nil.
func (db *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// Setting reads a named setting; ErrNotFound when unset.
func (db *DB) Setting(ctx context.Context, name string) (string, error) {
	var v string
	err := db.r.QueryRowContext(ctx, db.q(`SELECT value FROM settings WHERE name = ?`), name).Scan(&v)
	if errors.Is(err, sql.ErrNoRows) {
		return "", ErrNotFound
	}
	if err != nil {
		return "", fmt.Errorf("store: setting %q: %w", name, err)
	}
	return v, nil
}

// SettingOrInit returns the named setting, storing init() first if it is
// unset. Concurrent callers (also on other instances) agree on one value.
func (db *DB) SettingOrInit(ctx context.Context, name string, init func() string) (string, error) {
	v, err := db.Setting(ctx, name)
	if err == nil {
		return v, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return "", err
	}
	if _, err := db.w.ExecContext(ctx, db.q(`INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING`), name, init()); err != nil {
		return "", fmt.Errorf("store: init setting %q: %w", name, err)
	}
	return db.Setting(ctx, name)
}
