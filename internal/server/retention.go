package server

import (
	"context"
	"errors"
	"time"
)

// cleanupEvery is how often a running server deletes what it no longer
// keeps.
const cleanupEvery = time.Hour

// Cleanup deletes, once, what supple no longer keeps: anonymous plans
// older than AnonymousPlanDays that were never saved to an account (none
// when it is 0), and one-time messages nobody came back for. Each is a
// single DELETE with a cutoff, so several instances may run it at once.
func (s *Server) Cleanup(ctx context.Context) error {
	now := s.cfg.Now()
	var plans int64
	var err error
	if days := s.cfg.AnonymousPlanDays; days > 0 {
		plans, err = s.DB.DeleteAnonymousPlans(ctx, now.AddDate(0, 0, -days))
	}
	flashes, ferr := s.DB.DeleteExpiredFlashes(ctx, now)
	if err = errors.Join(err, ferr); err != nil {
		return err
	}
	if plans > 0 || flashes > 0 {
		s.cfg.Log.Info("deleted what is no longer kept", "anonymous_plans", plans, "expired_messages", flashes)
	}
	return nil
}

// cleanupLoop runs Cleanup at start and then every cleanupEvery until ctx
// ends.
func (s *Server) cleanupLoop(ctx context.Context) {
	t := time.NewTicker(cleanupEvery)
	defer t.Stop()
	for {
		if err := s.Cleanup(ctx); err != nil && ctx.Err() == nil {
			s.cfg.Log.Error("cleanup failed; retrying in an hour", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
