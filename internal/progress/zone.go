package progress

import (
	"context"
	"fmt"
	"time"
)

// zone is the member's time zone: the one they chose in their settings,
// or UTC (also for a name this build's zone database does not know).
func (s *Service) zone(ctx context.Context, userID int64) (*time.Location, error) {
	name, err := s.db.UserTimeZone(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("progress: time zone: %w", err)
	}
	if name == "" {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(name)
	if err != nil {
		return time.UTC, nil
	}
	return loc, nil
}

// today is a member's date (as midnight UTC, like every plan date). With
// a time zone chosen it is the date there; without one it is the UTC
// date, or the date their device sends (local) when that is within a day
// of it.
func (s *Service) today(loc *time.Location, local string) time.Time {
	now := s.now().In(loc)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC)
	if loc != time.UTC {
		return today
	}
	if d, err := time.Parse(time.DateOnly, local); err == nil && !d.Before(today.AddDate(0, 0, -1)) && !d.After(today.AddDate(0, 0, 1)) {
		return d
	}
	return today
}

// Today is the member's date (see today), for pages that show one.
func (s *Service) Today(ctx context.Context, userID int64, local string) (time.Time, error) {
	loc, err := s.zone(ctx, userID)
	if err != nil {
		return time.Time{}, err
	}
	return s.today(loc, local), nil
}

// latestFor is the last date a member's log may have: their date when
// they chose a time zone, else the latest date anywhere (no zone is more
// than 14 hours ahead of UTC).
func (s *Service) latestFor(loc *time.Location) time.Time {
	if loc != time.UTC {
		return s.today(loc, "")
	}
	return s.latestAllowed()
}
