package account

import (
	"context"
	"errors"
	"time"

	"supple/internal/store"
)

// Device is one signed-in browser, for the sessions page.
type Device struct {
	ID       string // the session's stored hash: names it in forms, never a secret
	Name     string // "Firefox on Android"
	Since    time.Time
	LastSeen time.Time
	Current  bool
}

// Devices lists the signed-in browsers of a user, marking the one with
// the session secret current.
func (s *Service) Devices(ctx context.Context, userID int64, current string) ([]Device, error) {
	sessions, err := s.db.UserSessions(ctx, userID)
	if err != nil {
		return nil, err
	}
	now, cur := s.now(), hashHex(current)
	var out []Device
	for _, se := range sessions {
		if now.After(se.ExpiresAt) || now.Sub(se.LastSeenAt) > IdleTimeout {
			continue // ended; removed when next presented
		}
		name := se.Device
		if name == "" {
			name = "a browser"
		}
		out = append(out, Device{ID: se.IDHash, Name: name, Since: se.CreatedAt, LastSeen: se.LastSeenAt, Current: se.IDHash == cur})
	}
	return out, nil
}

// EndDevice ends one session of a user; ErrNotFound when the user has no
// session with that id.
func (s *Service) EndDevice(ctx context.Context, userID int64, id string) error {
	err := s.db.DeleteUserSession(ctx, userID, id)
	if errors.Is(err, store.ErrNotFound) {
		return ErrNotFound
	}
	return err
}

// SameSession reports whether a device id names the session of secret.
func SameSession(id, secret string) bool { return secret != "" && id == hashHex(secret) }
