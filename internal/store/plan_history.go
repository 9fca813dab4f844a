package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
)

// OwnPlan is one of a user's plans, the active one or an older one.
type OwnPlan struct {
	StoredPlan
	Active bool
}

// UserPlans lists every plan a user has saved, newest first (by the day
// it started, then by when it was made).
func (db *DB) UserPlans(ctx context.Context, userID int64) ([]OwnPlan, error) {
	rows, err := db.r.QueryContext(ctx, db.q(`SELECT `+planColumns+`, active FROM plans WHERE user_id = ?
		ORDER BY start_date DESC, created_at DESC, id DESC`), userID)
	if err != nil {
		return nil, fmt.Errorf("store: plans of %d: %w", userID, err)
	}
	defer rows.Close()
	var out []OwnPlan
	for rows.Next() {
		var p OwnPlan
		var active int
		if err := rows.Scan(&p.ID, &p.Profile, &p.Status, &p.StartDate, &p.LibraryVersion, &p.Choices, &p.CreatedAt, &active); err != nil {
			return nil, fmt.Errorf("store: plans of %d: %w", userID, err)
		}
		p.Active = active != 0
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: plans of %d: %w", userID, err)
	}
	return out, nil
}

// UserPlan is one of a user's plans by id; ErrNotFound when it is not
// theirs.
func (db *DB) UserPlan(ctx context.Context, userID, planID int64) (OwnPlan, error) {
	var p OwnPlan
	var active int
	err := db.r.QueryRowContext(ctx, db.q(`SELECT `+planColumns+`, active FROM plans WHERE user_id = ? AND id = ?`), userID, planID).
		Scan(&p.ID, &p.Profile, &p.Status, &p.StartDate, &p.LibraryVersion, &p.Choices, &p.CreatedAt, &active)
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	if err != nil {
		return p, fmt.Errorf("store: plan %d of %d: %w", planID, userID, err)
	}
	p.Active = active != 0
	return p, nil
}
