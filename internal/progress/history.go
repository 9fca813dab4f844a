package progress

import (
	"context"
	"time"

	"supple/internal/coach"
	"supple/internal/plans"
)

// Plan statuses on the older-plans page.
const (
	PlanActive   = "active"   // the plan the member follows now
	PlanFinished = "finished" // its 12 weeks are over
	PlanReplaced = "replaced" // a newer plan took its place
)

// PastPlan is one of a member's plans, as its logs adapted it.
type PastPlan struct {
	Plan   *plans.Plan
	Status string    // PlanActive, PlanFinished or PlanReplaced
	End    time.Time // the last day of its 12 weeks
	// Replaced is the day the plan after it began (zero for the active
	// plan, or when no later plan is known).
	Replaced time.Time
	Logs     []coach.Log
	Checkins []Checkin
	Result   coach.Result // adapted to its logs (a referral when they paused it)
}

// History lists the member's plans, newest first, each with its logs.
func (s *Service) History(ctx context.Context, userID int64) ([]PastPlan, error) {
	owned, err := s.plans.OfUser(ctx, userID)
	if err != nil {
		return nil, err
	}
	loc, err := s.zone(ctx, userID)
	if err != nil {
		return nil, err
	}
	today := s.today(loc, "")
	out := make([]PastPlan, 0, len(owned))
	for i, o := range owned {
		var next *plans.Plan
		if i > 0 {
			next = owned[i-1].Plan
		}
		p, err := s.pastPlan(ctx, userID, o, next, today)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

// PastPlan is one of the member's plans by id, with its logs;
// ErrNotFound when they have none with that id.
func (s *Service) PastPlan(ctx context.Context, userID, planID int64) (PastPlan, error) {
	all, err := s.History(ctx, userID)
	if err != nil {
		return PastPlan{}, err
	}
	for _, p := range all {
		if p.Plan.ID == planID {
			return p, nil
		}
	}
	return PastPlan{}, ErrNotFound
}

func (s *Service) pastPlan(ctx context.Context, userID int64, o plans.Owned, next *plans.Plan, today time.Time) (PastPlan, error) {
	p := PastPlan{Plan: o.Plan, End: coach.PlanDate(o.Start, coach.PlanWeeks, 7)}
	var err error
	if p.Logs, err = s.logs(ctx, userID, o.ID); err != nil {
		return p, err
	}
	if p.Checkins, err = s.checkins(ctx, userID, o.ID); err != nil {
		return p, err
	}
	rescreened, err := s.db.LastRescreen(ctx, userID, o.ID)
	if err != nil {
		return p, err
	}
	lived := today
	switch {
	case o.Active:
		p.Status = PlanActive
	case next != nil && !next.Start.After(p.End):
		p.Status, p.Replaced, lived = PlanReplaced, next.Start, next.Start
	case today.After(p.End):
		p.Status = PlanFinished
	default:
		p.Status = PlanReplaced
	}
	p.Result = o.Adapt(coach.History{Today: lived, Logs: p.Logs, Rescreened: rescreened})
	return p, nil
}
