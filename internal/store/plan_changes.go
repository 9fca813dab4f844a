package store

import (
	"context"
	"fmt"
	"time"
)

// PlanChange is a plan's profile and member choices (both JSON) in force
// from From (YYYY-MM-DD) on.
type PlanChange struct {
	ID        int64
	PlanID    int64
	From      string
	Profile   string
	Choices   string
	CreatedAt time.Time
}

// AddPlanChange records new inputs of a plan from a date on.
func (db *DB) AddPlanChange(ctx context.Context, c PlanChange) (int64, error) {
	var id int64
	err := db.w.QueryRowContext(ctx, db.q(`INSERT INTO plan_changes (plan_id, from_date, profile, choices, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`), c.PlanID, c.From, c.Profile, c.Choices, c.CreatedAt.UTC()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: add change of plan %d: %w", c.PlanID, err)
	}
	return id, nil
}

// PlanChanges are a plan's input changes in the order they were made.
func (db *DB) PlanChanges(ctx context.Context, planID int64) ([]PlanChange, error) {
	rows, err := db.r.QueryContext(ctx, db.q(`SELECT id, plan_id, from_date, profile, choices, created_at
		FROM plan_changes WHERE plan_id = ? ORDER BY id`), planID)
	if err != nil {
		return nil, fmt.Errorf("store: changes of plan %d: %w", planID, err)
	}
	defer rows.Close()
	var out []PlanChange
	for rows.Next() {
		var c PlanChange
		if err := rows.Scan(&c.ID, &c.PlanID, &c.From, &c.Profile, &c.Choices, &c.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: changes of plan %d: %w", planID, err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: changes of plan %d: %w", planID, err)
	}
	return out, nil
}
