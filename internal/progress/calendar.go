package progress

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"supple/internal/store"
	"supple/internal/validate"
)

// ErrNoFeed means the member has no calendar feed, or the feed's token
// is unknown or revoked.
var ErrNoFeed = errors.New("no calendar feed")

// DefaultFeedTime is the time of day reminders start at unless the member
// chooses another.
const DefaultFeedTime = "07:30"

// feedTokenLen is the length of a feed's secret token: 24 base32
// characters, 120 random bits.
const feedTokenLen = 24

// Feed is a member's personal calendar feed.
type Feed struct {
	UserID    int64
	TimeOfDay string // HH:MM, the member's local time
	Created   time.Time
}

// ParseTimeOfDay reads a time of day as HH:MM (24-hour clock, as a
// browser's time field sends it, seconds allowed) and returns it as
// HH:MM; errors name the field "time".
func ParseTimeOfDay(s string) (string, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{"15:04", "15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil && len(s) >= 4 {
			return t.Format("15:04"), nil
		}
	}
	var e validate.Errors
	e.Add("time", fmt.Sprintf("choose a time of day as HH:MM on a 24-hour clock, such as 07:30 or 18:15, not %q", s))
	return "", e
}

// Feed is the member's calendar feed; ErrNoFeed when they have none.
func (s *Service) Feed(ctx context.Context, userID int64) (Feed, error) {
	f, err := s.db.CalendarFeedOf(ctx, userID)
	if errors.Is(err, store.ErrNotFound) {
		return Feed{}, ErrNoFeed
	}
	if err != nil {
		return Feed{}, err
	}
	return Feed{UserID: f.UserID, TimeOfDay: f.TimeOfDay, Created: f.CreatedAt}, nil
}

// NewFeed gives the member a calendar feed at a time of day with a new
// secret token, replacing any earlier one (whose URL stops working).
// The token is returned once; only its hash is kept.
func (s *Service) NewFeed(ctx context.Context, userID int64, timeOfDay string) (string, error) {
	tod, err := ParseTimeOfDay(timeOfDay)
	if err != nil {
		return "", err
	}
	token := rand.Text()[:feedTokenLen]
	if err := s.db.PutCalendarFeed(ctx, store.CalendarFeed{UserID: userID, TokenHash: feedHash(token), TimeOfDay: tod, CreatedAt: s.now()}); err != nil {
		return "", err
	}
	return token, nil
}

// SetFeedTime changes the time of day of the member's feed; its URL stays.
func (s *Service) SetFeedTime(ctx context.Context, userID int64, timeOfDay string) error {
	tod, err := ParseTimeOfDay(timeOfDay)
	if err != nil {
		return err
	}
	if err := s.db.SetCalendarTime(ctx, userID, tod); errors.Is(err, store.ErrNotFound) {
		return ErrNoFeed
	} else if err != nil {
		return err
	}
	return nil
}

// RevokeFeed ends the member's feed.
func (s *Service) RevokeFeed(ctx context.Context, userID int64) error {
	if err := s.db.DeleteCalendarFeed(ctx, userID); errors.Is(err, store.ErrNotFound) {
		return ErrNoFeed
	} else if err != nil {
		return err
	}
	return nil
}

// FeedByToken finds the feed behind a secret token; ErrNoFeed for an
// unknown or revoked one.
func (s *Service) FeedByToken(ctx context.Context, token string) (Feed, error) {
	if len(token) != feedTokenLen {
		return Feed{}, ErrNoFeed
	}
	f, err := s.db.CalendarFeedByHash(ctx, feedHash(token))
	if errors.Is(err, store.ErrNotFound) {
		return Feed{}, ErrNoFeed
	}
	if err != nil {
		return Feed{}, err
	}
	return Feed{UserID: f.UserID, TimeOfDay: f.TimeOfDay, Created: f.CreatedAt}, nil
}

func feedHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}
