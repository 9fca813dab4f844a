package plans

import (
	"context"
	"errors"

	"supple/internal/store"
)

// Owned is one of a member's plans, made from its inputs; Active marks
// the one they follow now.
type Owned struct {
	*Plan
	Active bool
}

// OfUser lists every plan a member has saved, newest first, each made
// from its inputs (older plans are kept, never changed).
func (s *Service) OfUser(ctx context.Context, userID int64) ([]Owned, error) {
	rows, err := s.db.UserPlans(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := make([]Owned, 0, len(rows))
	for _, row := range rows {
		pl, err := s.made(ctx, "", userID, row.StoredPlan)
		if err != nil {
			return nil, err
		}
		out = append(out, Owned{Plan: pl, Active: row.Active})
	}
	return out, nil
}

// OwnedBy is one of a member's plans by id; ErrNotFound when they have
// none with it.
func (s *Service) OwnedBy(ctx context.Context, userID, planID int64) (Owned, error) {
	row, err := s.db.UserPlan(ctx, userID, planID)
	if errors.Is(err, store.ErrNotFound) {
		return Owned{}, ErrNotFound
	}
	if err != nil {
		return Owned{}, err
	}
	pl, err := s.made(ctx, "", userID, row.StoredPlan)
	if err != nil {
		return Owned{}, err
	}
	return Owned{Plan: pl, Active: row.Active}, nil
}
