package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// StoredPlan is a plan kept for its unguessable link.
type StoredPlan struct {
	ID        int64
	Profile   string // JSON
	Result    string // JSON
	Status    string
	StartDate string // YYYY-MM-DD, day 1 of week 1
	CreatedAt time.Time
}

// AddPlan stores a plan under the hash of its link token.
func (db *DB) AddPlan(ctx context.Context, tokenHash string, p StoredPlan) (int64, error) {
	var id int64
	err := db.w.QueryRowContext(ctx, db.q(`INSERT INTO plans (token_hash, profile, result, status, start_date, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`), tokenHash, p.Profile, p.Result, p.Status, p.StartDate, p.CreatedAt.UTC()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: add plan: %w", err)
	}
	return id, nil
}

// PlanByToken finds a plan by the hash of its link token.
func (db *DB) PlanByToken(ctx context.Context, tokenHash string) (StoredPlan, error) {
	var p StoredPlan
	err := db.r.QueryRowContext(ctx, db.q(`SELECT id, profile, result, status, start_date, created_at FROM plans WHERE token_hash = ?`),
		tokenHash).Scan(&p.ID, &p.Profile, &p.Result, &p.Status, &p.StartDate, &p.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: plan: %w", err)
	}
	return p, nil
}

// AttachPlan gives an anonymous plan to a user and makes it their one
// active plan (older ones stay as history). ErrNotFound when there is no
// such plan or it belongs to someone else.
func (db *DB) AttachPlan(ctx context.Context, tokenHash string, userID int64) error {
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
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE plans SET user_id = ?, active = 1 WHERE id = ?`), userID, id); err != nil {
			return fmt.Errorf("store: attach plan: %w", err)
		}
		return nil
	})
}

// ActivePlanID is the id of a user's active plan; ErrNotFound when they
// have none.
func (db *DB) ActivePlanID(ctx context.Context, userID int64) (int64, error) {
	var id int64
	err := db.r.QueryRowContext(ctx, db.q(`SELECT id FROM plans WHERE user_id = ? AND active = 1`), userID).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, ErrNotFound
	}
	if err != nil {
		return 0, fmt.Errorf("store: active plan id: %w", err)
	}
	return id, nil
}

// PlanByID is the plan with that id; ErrNotFound when there is none.
func (db *DB) PlanByID(ctx context.Context, id int64) (StoredPlan, error) {
	var p StoredPlan
	err := db.r.QueryRowContext(ctx, db.q(`SELECT id, profile, result, status, start_date, created_at FROM plans WHERE id = ?`), id).
		Scan(&p.ID, &p.Profile, &p.Result, &p.Status, &p.StartDate, &p.CreatedAt)
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: plan %d: %w", id, err)
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
