package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// Session is a signed-in browser; only the hash of its secret is stored.
type Session struct {
	IDHash     string
	UserID     int64
	CSRFToken  string
	CreatedAt  time.Time
	LastSeenAt time.Time
	ExpiresAt  time.Time
	Device     string // a summary such as "Firefox on Android", never the raw user agent
}

// CreateSession stores a new session and, in the same transaction, ends
// the user's oldest sessions beyond the newest keep.
func (db *DB) CreateSession(ctx context.Context, s Session, keep int) error {
	return db.tx(ctx, func(tx *sql.Tx) error { return db.insertSession(ctx, tx, s, keep) })
}

func (db *DB) insertSession(ctx context.Context, tx *sql.Tx, s Session, keep int) error {
	if _, err := tx.ExecContext(ctx, db.q(`INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, device)
		VALUES (?, ?, ?, ?, ?, ?, ?)`), s.IDHash, s.UserID, s.CSRFToken, s.CreatedAt.UTC(), s.LastSeenAt.UTC(), s.ExpiresAt.UTC(), s.Device); err != nil {
		return fmt.Errorf("store: create session: %w", err)
	}
	if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM sessions WHERE user_id = ? AND id_hash NOT IN
		(SELECT id_hash FROM sessions WHERE user_id = ? ORDER BY created_at DESC, id_hash LIMIT ?)`), s.UserID, s.UserID, keep); err != nil {
		return fmt.Errorf("store: trim sessions: %w", err)
	}
	return nil
}

// SignIn is what one sign-in writes: the new session (and the sessions
// over Keep trimmed), the end of the session the browser had, the end of
// the trust of its old device cookie, and a new device.
type SignIn struct {
	Session      Session
	Keep         int    // sessions an account keeps
	EndSession   string // hash of the browser's old session ("": none)
	ForgetDevice string // hash of the browser's old device id for this user ("": none)
	Device       string // hash of the new device id ("": none)
	KeepDevices  int
}

// SignIn writes a sign-in in one transaction: either the browser has its
// new session and device and has lost the old ones, or nothing changed.
func (db *DB) SignIn(ctx context.Context, in SignIn) error {
	return db.tx(ctx, func(tx *sql.Tx) error { return db.signIn(ctx, tx, in) })
}

func (db *DB) signIn(ctx context.Context, tx *sql.Tx, in SignIn) error {
	s := in.Session
	{
		if in.EndSession != "" {
			if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM sessions WHERE id_hash = ?`), in.EndSession); err != nil {
				return fmt.Errorf("store: sign in: end the old session: %w", err)
			}
		}
		if in.ForgetDevice != "" {
			if _, err := tx.ExecContext(ctx, db.q(`DELETE FROM devices WHERE user_id = ? AND id_hash = ?`), s.UserID, in.ForgetDevice); err != nil {
				return fmt.Errorf("store: sign in: forget the old device: %w", err)
			}
		}
		if err := db.insertSession(ctx, tx, s, in.Keep); err != nil {
			return err
		}
		if in.Device == "" {
			return nil
		}
		return db.insertDevice(ctx, tx, in.Device, s.UserID, s.CreatedAt, in.KeepDevices)
	}
}

const sessionColumns = `id_hash, user_id, csrf_token, created_at, last_seen_at, expires_at, device`

func scanSession(row interface{ Scan(...any) error }) (Session, error) {
	var s Session
	err := row.Scan(&s.IDHash, &s.UserID, &s.CSRFToken, &s.CreatedAt, &s.LastSeenAt, &s.ExpiresAt, &s.Device)
	return s, err
}

// SessionByHash finds a session by the hash of its secret.
func (db *DB) SessionByHash(ctx context.Context, idHash string) (Session, error) {
	s, err := scanSession(db.r.QueryRowContext(ctx, db.q(`SELECT `+sessionColumns+` FROM sessions WHERE id_hash = ?`), idHash))
	if errors.Is(err, sql.ErrNoRows) {
		return s, ErrNotFound
	}
	if err != nil {
		return s, fmt.Errorf("store: session: %w", err)
	}
	return s, nil
}

// TouchSession records activity on a session.
func (db *DB) TouchSession(ctx context.Context, idHash string, now time.Time) error {
	if _, err := db.w.ExecContext(ctx, db.q(`UPDATE sessions SET last_seen_at = ? WHERE id_hash = ?`), now.UTC(), idHash); err != nil {
		return fmt.Errorf("store: touch session: %w", err)
	}
	return nil
}

// DeleteSession ends one session.
func (db *DB) DeleteSession(ctx context.Context, idHash string) error {
	if _, err := db.w.ExecContext(ctx, db.q(`DELETE FROM sessions WHERE id_hash = ?`), idHash); err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	return nil
}

// UserSessions lists a user's sessions, the most recently seen first.
func (db *DB) UserSessions(ctx context.Context, userID int64) ([]Session, error) {
	rows, err := db.r.QueryContext(ctx, db.q(`SELECT `+sessionColumns+` FROM sessions WHERE user_id = ? ORDER BY last_seen_at DESC, created_at DESC`), userID)
	if err != nil {
		return nil, fmt.Errorf("store: sessions: %w", err)
	}
	defer rows.Close()
	var out []Session
	for rows.Next() {
		s, err := scanSession(rows)
		if err != nil {
			return nil, fmt.Errorf("store: sessions: %w", err)
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// DeleteUserSession ends one session of a user; ErrNotFound when the user
// has no such session.
func (db *DB) DeleteUserSession(ctx context.Context, userID int64, idHash string) error {
	res, err := db.w.ExecContext(ctx, db.q(`DELETE FROM sessions WHERE user_id = ? AND id_hash = ?`), userID, idHash)
	if err != nil {
		return fmt.Errorf("store: delete session: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// LogOutEverywhere ends every session of a user, revokes their API tokens
// and ends the trust of their devices, in one transaction.
func (db *DB) LogOutEverywhere(ctx context.Context, userID int64, now time.Time) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		for _, st := range []struct {
			q    string
			args []any
		}{
			{`UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, []any{now.UTC(), userID}},
			{`DELETE FROM devices WHERE user_id = ?`, []any{userID}},
			{`DELETE FROM sessions WHERE user_id = ?`, []any{userID}},
		} {
			if _, err := tx.ExecContext(ctx, db.q(st.q), st.args...); err != nil {
				return fmt.Errorf("store: log out everywhere: %w", err)
			}
		}
		return nil
	})
}

// APIToken is a bearer token for the API; only its hash is stored.
type APIToken struct {
	ID         int64
	UserID     int64
	Name       string
	CreatedAt  time.Time
	LastUsedAt sql.NullTime
	RevokedAt  sql.NullTime
}

// CreateToken stores a token's hash (with its audit line, when given, in
// the same transaction).
func (db *DB) CreateToken(ctx context.Context, userID int64, name, hash string, now time.Time, audit *AuditEntry) (int64, error) {
	var id int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.q(`INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES (?, ?, ?, ?) RETURNING id`),
			userID, name, hash, now.UTC()).Scan(&id)
		if err != nil || audit == nil {
			return err
		}
		return db.audit(ctx, tx, *audit)
	})
	if err != nil {
		return 0, fmt.Errorf("store: create token: %w", err)
	}
	return id, nil
}

// TokenUser finds the user of a live (unrevoked) token by its hash.
func (db *DB) TokenUser(ctx context.Context, hash string, now time.Time) (User, error) {
	var id int64
	err := db.r.QueryRowContext(ctx, db.q(`SELECT user_id FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL`), hash).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return User{}, ErrNotFound
	}
	if err != nil {
		return User{}, fmt.Errorf("store: token: %w", err)
	}
	if _, err := db.w.ExecContext(ctx, db.q(`UPDATE api_tokens SET last_used_at = ? WHERE token_hash = ?`), now.UTC(), hash); err != nil {
		return User{}, fmt.Errorf("store: token: %w", err)
	}
	return db.UserByID(ctx, id)
}

// Tokens lists a user's tokens, newest first.
func (db *DB) Tokens(ctx context.Context, userID int64) ([]APIToken, error) {
	rows, err := db.r.QueryContext(ctx, db.q(`SELECT id, user_id, name, created_at, last_used_at, revoked_at FROM api_tokens WHERE user_id = ? ORDER BY id DESC`), userID)
	if err != nil {
		return nil, fmt.Errorf("store: tokens: %w", err)
	}
	defer rows.Close()
	var out []APIToken
	for rows.Next() {
		var t APIToken
		if err := rows.Scan(&t.ID, &t.UserID, &t.Name, &t.CreatedAt, &t.LastUsedAt, &t.RevokedAt); err != nil {
			return nil, fmt.Errorf("store: tokens: %w", err)
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// RevokeToken revokes a token by id; ErrNotFound when there is no live one.
func (db *DB) RevokeToken(ctx context.Context, id int64, now time.Time, audit *AuditEntry) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q(`UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL`), now.UTC(), id)
		if err != nil {
			return fmt.Errorf("store: revoke token: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if audit == nil {
			return nil
		}
		return db.audit(ctx, tx, *audit)
	})
}

// Audit records who did what.
func (db *DB) Audit(ctx context.Context, actor, action, target string, now time.Time) error {
	return db.audit(ctx, db.w, AuditEntry{Actor: actor, Action: action, Target: target, At: now})
}

// execer is a connection pool or a transaction.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// audit writes one audit line; actions that change something pass their
// transaction, so that the change and its line are kept together or not
// at all.
func (db *DB) audit(ctx context.Context, ex execer, e AuditEntry) error {
	if _, err := ex.ExecContext(ctx, db.q(`INSERT INTO audit_log (actor, action, target, created_at) VALUES (?, ?, ?, ?)`), e.Actor, e.Action, e.Target, e.At.UTC()); err != nil {
		return fmt.Errorf("store: audit: %w", err)
	}
	return nil
}
