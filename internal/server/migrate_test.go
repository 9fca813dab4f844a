package server_test

import (
	"context"
	"errors"
	"log/slog"
	"net/url"
	"testing"

	"supple/internal/server"
	"supple/internal/store"
	"supple/internal/storetest"
)

// A database that is behind is only migrated when asked; a new one is set
// up at once.
func TestServerRefusesASchemaThatIsBehind(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	dir := t.TempDir()
	dbURL := storetest.URL(t)
	db, err := store.Open(ctx, dbURL, dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Migrate(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if err := db.MigrateDownTo(ctx, 1); err != nil {
		t.Fatal(err)
	}
	db.Close()
	base, _ := url.Parse("http://127.0.0.1/")
	cfg := server.Config{DataDir: dir, Database: dbURL, BaseURL: base, Log: slog.New(slog.DiscardHandler)}
	if _, err := server.Open(ctx, cfg); !errors.Is(err, server.ErrBehind) {
		t.Fatalf("behind without -migrate: %v", err)
	}
	cfg.Migrate = true
	srv, err := server.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("with -migrate: %v", err)
	}
	srv.Close()
	cfg.Migrate = false
	cfg.DataDir, cfg.Database = t.TempDir(), storetest.URL(t)
	srv, err = server.Open(ctx, cfg)
	if err != nil {
		t.Fatalf("a new database: %v", err)
	}
	srv.Close()
}
