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
// announces, until ctx ends. After a lost connection it reconnects and
// calls fn with an empty channel: the caller should then refresh
// everything, since announcements may have been missed. On SQLite it
// returns at once.
func (db *DB) Listen(ctx context.Context, log *slog.Logger, fn func(channel, payload string)) {
	if db.url == "" {
		return
	}
	first := true
	for ctx.Err() == nil {
		err := db.listenOnce(ctx, func() {
			if !first {
				fn("", "")
			}
			first = false
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
