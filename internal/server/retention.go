package server

import (
	"context"
	"errors"
	"time"

	"supple/internal/account"
	"supple/internal/store"
)

// cleanupEvery is how often a running server deletes what it no longer
// keeps.
const cleanupEvery = time.Hour

// linkKeptAfterExpiry is how long an email link's hash stays after it
// expired, so that following it says "expired" rather than "unknown".
const linkKeptAfterExpiry = 24 * time.Hour

// Cleanup deletes, once, what supple no longer keeps: anonymous plans
// older than AnonymousPlanDays that were never saved to an account (none
// when it is 0), one-time messages nobody came back for, expired and idle
// sessions, email links a day after they expired, device records older
// than the device cookie, and accounts that never confirmed their address
// within the confirmation link's lifetime, and the account limits'
// counters of windows that have ended. Each is a
// single DELETE with a cutoff, so several instances may run it at once.
func (s *Server) Cleanup(ctx context.Context) error {
	now := s.cfg.Now()
	var plans int64
	var err error
	if days := s.cfg.AnonymousPlanDays; days > 0 {
		plans, err = s.DB.DeleteAnonymousPlans(ctx, now.AddDate(0, 0, -days))
	}
	flashes, ferr := s.DB.DeleteExpiredFlashes(ctx, now)
	acc, aerr := s.DB.SweepAccounts(ctx, store.AccountCutoffs{
		Now:               now,
		IdleBefore:        now.Add(-account.IdleTimeout),
		LinksBefore:       now.Add(-linkKeptAfterExpiry),
		DevicesBefore:     now.Add(-account.DeviceLifetime * time.Second),
		UnconfirmedBefore: now.Add(-account.ConfirmLifetime),
	})
	cerr := s.Accounts.ForgetOldCounters(ctx)
	if err = errors.Join(err, ferr, aerr, cerr); err != nil {
		return err
	}
	if plans > 0 || flashes > 0 || acc != (store.AccountSweep{}) {
		s.cfg.Log.Info("deleted what is no longer kept", "anonymous_plans", plans, "expired_messages", flashes,
			"sessions", acc.Sessions, "email_links", acc.Links, "devices", acc.Devices, "unconfirmed_accounts", acc.Unconfirmed)
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
