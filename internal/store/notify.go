package store

import (
	"context"
	"database/sql"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
)

// Channels on which instances sharing a PostgreSQL database tell each
// other what changed, so that every instance's caches stay correct.
const (
	ChannelVotes    = "supple_votes"    // payload: the article id
	ChannelArticles = "supple_articles" // the published set changed
)

// notify announces a change when tx commits (PostgreSQL NOTIFY is
// delivered at commit, and not at all on rollback). SQLite has one
// instance, so there is no one to tell.
func (db *DB) notify(ctx context.Context, tx *sql.Tx, channel, payload string) error {
	if db.url == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, `SELECT pg_notify($1, $2)`, channel, payload)
	return err
}

// Shared reports whether other instances may share the database.
func (db *DB) Shared() bool { return db.url != "" }

// Listen calls fn for each change another instance (or this one)
// announces, until ctx ends. Each time it (re)connects it calls fn with an
// empty channel, since announcements may have been missed: the caller
// should then refresh everything. ready is closed once it first listens.
// On SQLite it returns at once.
func (db *DB) Listen(ctx context.Context, log *slog.Logger, ready chan<- struct{}, fn func(channel, payload string)) {
	if db.url == "" {
		close(ready)
		return
	}
	first := true
	for ctx.Err() == nil {
		err := db.listenOnce(ctx, func() {
			if first {
				close(ready)
				first = false
			}
			fn("", "")
		}, fn)
		if ctx.Err() != nil {
			return
		}
		log.Warn("change notifications interrupted; reconnecting", "err", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
	}
}

func (db *DB) listenOnce(ctx context.Context, connected func(), fn func(channel, payload string)) error {
	conn, err := pgx.Connect(ctx, db.url)
	if err != nil {
		return err
	}
	defer conn.Close(context.Background())
	for _, ch := range []string{ChannelVotes, ChannelArticles} {
		if _, err := conn.Exec(ctx, "LISTEN "+ch); err != nil {
			return err
		}
	}
	connected()
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		fn(n.Channel, n.Payload)
	}
}
