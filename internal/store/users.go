package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrDuplicate means a unique value (an email) is taken.
var ErrDuplicate = errors.New("already exists")

// User is an account.
type User struct {
	ID                int64
	Email             string
	PasswordHash      string
	Role              string
	CreatedAt         time.Time
	PasswordChangedAt time.Time
	// EmailUnconfirmed marks an account made while sign-up asked for a
	// confirmed address, until the link in the email is used.
	EmailUnconfirmed bool
}

// isUniqueViolation recognises both engines' unique-constraint errors.
func isUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

const userColumns = `id, email, password_hash, role, created_at, password_changed_at, email_unconfirmed`

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	var unconfirmed int
	err := row.Scan(&u.ID, &u.Email, &u.PasswordHash, &u.Role, &u.CreatedAt, &u.PasswordChangedAt, &unconfirmed)
	u.EmailUnconfirmed = unconfirmed != 0
	return u, err
}

// CreateUser adds an account; ErrDuplicate when the email is taken.
// An unconfirmed account cannot log in until its address is confirmed.
//
// With an audit entry, the account and its audit line are written in one
// transaction.
func (db *DB) CreateUser(ctx context.Context, email, hash, role string, now time.Time, unconfirmed bool, audit *AuditEntry) (User, error) {
	return db.createUser(ctx, email, hash, role, now, unconfirmed, audit, nil)
}

// CreateUserSignedIn adds an account and signs it in (in.Session's user
// is the new account) in one transaction: a new member is never left
// with an account but no session, or a session without its device.
func (db *DB) CreateUserSignedIn(ctx context.Context, email, hash, role string, now time.Time, in SignIn) (User, error) {
	return db.createUser(ctx, email, hash, role, now, false, nil, &in)
}

func (db *DB) createUser(ctx context.Context, email, hash, role string, now time.Time, unconfirmed bool, audit *AuditEntry, in *SignIn) (User, error) {
	flag := 0
	if unconfirmed {
		flag = 1
	}
	var u User
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		u, err = scanUser(tx.QueryRowContext(ctx, db.q(`INSERT INTO users (email, password_hash, role, created_at, password_changed_at, email_unconfirmed)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING `+userColumns), email, hash, role, now.UTC(), now.UTC(), flag))
		if err != nil {
			return err
		}
		if in != nil {
			in.Session.UserID = u.ID
			if err := db.signIn(ctx, tx, *in); err != nil {
				return err
			}
		}
		if audit == nil {
			return nil
		}
		return db.audit(ctx, tx, *audit)
	})
	if isUniqueViolation(err) {
		return u, ErrDuplicate
	}
	if err != nil {
		return u, fmt.Errorf("store: create user: %w", err)
	}
	return u, nil
}

// UserByEmail finds an account by its (lower-case) email.
func (db *DB) UserByEmail(ctx context.Context, email string) (User, error) {
	return db.oneUser(ctx, `SELECT `+userColumns+` FROM users WHERE email = ?`, email)
}

// UserByID finds an account by id.
func (db *DB) UserByID(ctx context.Context, id int64) (User, error) {
	return db.oneUser(ctx, `SELECT `+userColumns+` FROM users WHERE id = ?`, id)
}

func (db *DB) oneUser(ctx context.Context, query string, arg any) (User, error) {
	u, err := scanUser(db.r.QueryRowContext(ctx, db.q(query), arg))
	if errors.Is(err, sql.ErrNoRows) {
		return u, ErrNotFound
	}
	if err != nil {
		return u, fmt.Errorf("store: user: %w", err)
	}
	return u, nil
}

// Users lists every account by email.
func (db *DB) Users(ctx context.Context) ([]User, error) {
	rows, err := db.r.QueryContext(ctx, `SELECT `+userColumns+` FROM users ORDER BY email`)
	if err != nil {
		return nil, fmt.Errorf("store: users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("store: users: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SetRole changes an account's role, ends its sessions (a new session
// id on every privilege change) and writes the audit line, in one
// transaction. An account that stops being a clinician loses its clinic
// links and open invites in the same transaction.
func (db *DB) SetRole(ctx context.Context, id int64, role string, audit AuditEntry) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.q(`UPDATE users SET role = ? WHERE id = ?`), role, id)
		if err != nil {
			return fmt.Errorf("store: set role: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		if _, err = tx.ExecContext(ctx, db.q(`DELETE FROM sessions WHERE user_id = ?`), id); err != nil {
			return fmt.Errorf("store: set role: %w", err)
		}
		if role != "clinician" {
			// No longer a clinician: their links end (and with them their
			// prescriptions, from the next day), and their open invites go,
			// so that a later promotion starts again from new consent.
			if _, err = tx.ExecContext(ctx, db.q(`UPDATE clinic_links SET revoked_at = ?, ended_by = ?, `+freezeName+` WHERE clinician_id = ? AND revoked_at IS NULL`), audit.At.UTC(), EndedByRole, id); err != nil {
				return fmt.Errorf("store: set role: end clinic links: %w", err)
			}
			if _, err = tx.ExecContext(ctx, db.q(`DELETE FROM clinic_invites WHERE clinician_id = ? AND used_at IS NULL`), id); err != nil {
				return fmt.Errorf("store: set role: open invites: %w", err)
			}
		}
		return db.audit(ctx, tx, audit)
	})
}

// PasswordChange is a new password for an account.
type PasswordChange struct {
	UserID      int64
	Hash        string
	At          time.Time
	KeepSession string      // the hash of a session that stays signed in ("" for none)
	Confirm     bool        // an operator vouches for the address: mark it confirmed
	Audit       *AuditEntry // written in the same transaction; nil for none
	Device      string      // hash of a new device id the change trusts ("": none)
	KeepDevices int
}

// SetPassword replaces an account's password hash and, in the same
// transaction, ends every other session, every API token, every open reset
// link and the trust of every device. It says whether Confirm confirmed an
// unconfirmed address.
func (db *DB) SetPassword(ctx context.Context, c PasswordChange) (confirmed bool, err error) {
	err = db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE users SET password_hash = ?, password_changed_at = ? WHERE id = ?`), c.Hash, c.At.UTC(), c.UserID); err != nil {
			return fmt.Errorf("store: set password: %w", err)
		}
		// Open reset links, API tokens and trusted devices end with the old password.
		for _, st := range []struct {
			q    string
			args []any
		}{
			{`DELETE FROM sessions WHERE user_id = ? AND id_hash <> ?`, []any{c.UserID, c.KeepSession}},
			{`UPDATE email_tokens SET used_at = ? WHERE user_id = ? AND purpose = 'reset' AND used_at IS NULL`, []any{c.At.UTC(), c.UserID}},
			{`UPDATE api_tokens SET revoked_at = ? WHERE user_id = ? AND revoked_at IS NULL`, []any{c.At.UTC(), c.UserID}},
			{`DELETE FROM devices WHERE user_id = ?`, []any{c.UserID}},
		} {
			if _, err := tx.ExecContext(ctx, db.q(st.q), st.args...); err != nil {
				return fmt.Errorf("store: set password: %w", err)
			}
		}
		if c.Device != "" {
			if err := db.insertDevice(ctx, tx, c.Device, c.UserID, c.At, c.KeepDevices); err != nil {
				return err
			}
		}
		if c.Confirm {
			res, err := tx.ExecContext(ctx, db.q(`UPDATE users SET email_unconfirmed = 0 WHERE id = ? AND email_unconfirmed <> 0`), c.UserID)
			if err != nil {
				return fmt.Errorf("store: confirm user: %w", err)
			}
			n, _ := res.RowsAffected()
			confirmed = n > 0
		}
		if c.Audit != nil {
			return db.audit(ctx, tx, *c.Audit)
		}
		return nil
	})
	return confirmed, err
}

// DeleteUser removes an account with its sessions, tokens and plans, and
// writes the audit line in the same transaction; its
// article votes stay counted (they were never linked to it).
func (db *DB) DeleteUser(ctx context.Context, id int64, audit AuditEntry) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		for _, q := range []string{`DELETE FROM sessions WHERE user_id = ?`, `DELETE FROM api_tokens WHERE user_id = ?`, `DELETE FROM devices WHERE user_id = ?`,
			`DELETE FROM plans WHERE user_id = ?`} {
			if _, err := tx.ExecContext(ctx, db.q(q), id); err != nil {
				return fmt.Errorf("store: delete user: %w", err)
			}
		}
		res, err := tx.ExecContext(ctx, db.q(`DELETE FROM users WHERE id = ?`), id)
		if err != nil {
			return fmt.Errorf("store: delete user: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound
		}
		return db.audit(ctx, tx, audit)
	})
}
