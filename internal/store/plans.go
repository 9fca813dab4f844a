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
