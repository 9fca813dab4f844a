package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// StoredPlan is a plan kept for its unguessable link: its inputs, and
// the result as first made (an audit copy, written once and never read
// back by PlanByToken or ActivePlan).
type StoredPlan struct {
	ID             int64
	Profile        string // JSON
	Result         string // JSON, the audit copy; empty when read
	Status         string
	StartDate      string // YYYY-MM-DD, day 1 of week 1
	LibraryVersion string // the library the plan was made with ("" before migration 14)
	Choices        string // JSON object: the member's choices about the plan
	CreatedAt      time.Time
}

const planColumns = `id, profile, status, start_date, library_version, choices, created_at`

func scanPlan(row *sql.Row) (StoredPlan, error) {
	var p StoredPlan
	err := row.Scan(&p.ID, &p.Profile, &p.Status, &p.StartDate, &p.LibraryVersion, &p.Choices, &p.CreatedAt)
	return p, err
}

// AddPlan stores a plan under the hash of its link token.
func (db *DB) AddPlan(ctx context.Context, tokenHash string, p StoredPlan) (int64, error) {
	var id int64
	if p.Choices == "" {
		p.Choices = "{}"
	}
	err := db.w.QueryRowContext(ctx, db.q(`INSERT INTO plans (token_hash, profile, result, status, start_date, library_version, choices, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), tokenHash, p.Profile, p.Result, p.Status, p.StartDate, p.LibraryVersion, p.Choices,
		p.CreatedAt.UTC()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: add plan: %w", err)
	}
	return id, nil
}

// PlanByToken finds a plan by the hash of its link token.
func (db *DB) PlanByToken(ctx context.Context, tokenHash string) (StoredPlan, error) {
	p, err := scanPlan(db.r.QueryRowContext(ctx, db.q(`SELECT `+planColumns+` FROM plans WHERE token_hash = ?`), tokenHash))
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: plan: %w", err)
	}
	return p, nil
}

// AttachPlan gives an anonymous plan to a user and makes it their one
// active plan (older ones stay as history), and replaces its link's hash
// with newHash, so that the link it had stops working. ErrNotFound when
// there is no such plan or it belongs to someone else.
func (db *DB) AttachPlan(ctx context.Context, tokenHash, newHash string, userID int64) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		var id int64
		var owner sql.NullInt64
		err := tx.QueryRowContext(ctx, db.q(`SELECT id, user_id FROM plans WHERE token_hash = ?`), tokenHash).Scan(&id, &owner)
		if errors.Is(err, sql.ErrNoRows) || (err == nil && owner.Valid && owner.Int64 != userID) {
			return ErrNotFound
		}
		if err != nil {
			return fmt.Errorf("store: attach plan: %w", err)
		}
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE plans SET active = 0 WHERE user_id = ?`), userID); err != nil {
			return fmt.Errorf("store: attach plan: %w", err)
		}
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE plans SET user_id = ?, active = 1, token_hash = ? WHERE id = ?`), userID, newHash, id); err != nil {
			return fmt.Errorf("store: attach plan: %w", err)
		}
		return nil
	})
}

// ActivePlan is a user's active plan; ErrNotFound when they have none.
func (db *DB) ActivePlan(ctx context.Context, userID int64) (StoredPlan, error) {
	p, err := scanPlan(db.r.QueryRowContext(ctx, db.q(`SELECT `+planColumns+` FROM plans WHERE user_id = ? AND active = 1`), userID))
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: active plan of %d: %w", userID, err)
	}
	return p, nil
}

// PlanOwner returns the user a plan belongs to (0: nobody).
func (db *DB) PlanOwner(ctx context.Context, tokenHash string) (int64, error) {
	var owner sql.NullInt64
	err := db.r.QueryRowContext(ctx, db.q(`SELECT user_id FROM plans WHERE token_hash = ?`), tokenHash).Scan(&owner)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("store: plan owner: %w", err)
	}
	return owner.Int64, nil
}
