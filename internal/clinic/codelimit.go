package clinic

import (
	"context"
	"errors"
	"fmt"
	"time"

	"supple/internal/account"
)

// Wrong invite codes are limited, so that codes cannot be guessed: at
// most CodeFailuresPerAccount an hour for one member account and
// CodeFailuresPerNetwork for one client network, counted in rate_counts
// (every instance shares them). Unknown, used and expired codes count
// alike; a code that works gives its attempt back.
const (
	CodeFailuresPerAccount = 10
	CodeFailuresPerNetwork = 30
	codeWindow             = time.Hour
)

// reserveCodeTry counts one attempt at a code for the member and their
// client network (a keyed hash; "" is not limited by network) before the
// code is looked up, checking the limits in the same statement, so
// parallel guesses never pass them. release gives the attempt back.
func (s *Service) reserveCodeTry(ctx context.Context, u *account.User, client string) (release func(), err error) {
	now := s.now()
	secs := int64(codeWindow.Seconds())
	window := now.Unix() / secs
	retry := time.Unix((window+1)*secs, 0).Sub(now)
	type limit struct {
		bucket, what string
		n            int
	}
	limits := []limit{{fmt.Sprintf("invite-code-account:%d", u.ID), fmt.Sprintf("%d wrong codes an hour for one account", CodeFailuresPerAccount), CodeFailuresPerAccount}}
	if client != "" {
		limits = append(limits, limit{"invite-code-network:" + client, fmt.Sprintf("%d wrong codes an hour from one network", CodeFailuresPerNetwork), CodeFailuresPerNetwork})
	}
	var held []string
	release = func() {
		for _, b := range held {
			_ = s.db.Release(context.WithoutCancel(ctx), b, window) // best effort: a lost release only counts one attempt more
		}
	}
	for _, l := range limits {
		_, ok, err := s.db.Reserve(ctx, l.bucket, window, l.n)
		if err != nil {
			release()
			return nil, fmt.Errorf("clinic: invite code limit: %w", err)
		}
		if !ok {
			release()
			return nil, &account.LimitedError{RetryAfter: retry, Action: "try invite codes (at most " + l.what + ")"}
		}
		held = append(held, l.bucket)
	}
	return release, nil
}

// wrongCode says whether err is a code that did not work, which keeps its
// attempt counted.
func wrongCode(err error) bool {
	return errors.Is(err, ErrCodeUnknown) || errors.Is(err, ErrCodeUsed) || errors.Is(err, ErrCodeExpired)
}
