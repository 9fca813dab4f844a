package account

import (
	"context"
	"time"
)

// PutFlash keeps a one-time message (sealed by the caller) for a
// session's next visit to page, until expires.
func (s *Service) PutFlash(ctx context.Context, sessionKey, page, sealed string, expires time.Time) error {
	return s.db.PutFlash(ctx, sessionKey, page, sealed, s.now(), expires)
}

// TakeFlashes removes a session's messages for page and returns those
// still valid, oldest first; two requests never both get one.
func (s *Service) TakeFlashes(ctx context.Context, sessionKey, page string) ([]string, error) {
	return s.db.TakeFlashes(ctx, sessionKey, page, s.now())
}
