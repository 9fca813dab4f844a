package progress

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"supple/internal/plans"
	"supple/internal/store"
	"supple/internal/validate"
)

// ErrShareGone means a share link expired or was withdrawn.
var ErrShareGone = errors.New("this link has expired or was withdrawn; ask for a new one")

// ShareDays are the lifetimes a member can choose for a share link.
var ShareDays = []int{7, 30, 90}

// MaxShareLabel is the longest label of a share link.
const MaxShareLabel = 60

// Share is a read-only link to a member's plan and progress.
type Share struct {
	ID      int64
	Label   string
	Created time.Time
	Expires time.Time
}

// NewShare is a link just made: its URL token is shown once, then only
// its hash is kept.
type NewShare struct {
	Share
	Token string
}

func shareHash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// CreateShare makes a read-only link valid for days (7, 30 or 90) with
// an optional label such as the physiotherapist's name.
func (s *Service) CreateShare(ctx context.Context, userID int64, days int, label string) (NewShare, error) {
	label = strings.TrimSpace(label)
	var e validate.Errors
	if !slices.Contains(ShareDays, days) {
		e.Add("expires", "choose how long the link works: 7, 30 or 90 days")
	}
	switch {
	case len([]rune(label)) > MaxShareLabel:
		e.Add("label", fmt.Sprintf("the label has at most %d characters", MaxShareLabel))
	default:
		validate.Text(&e, "label", label, 0, false)
	}
	if len(e) > 0 {
		return NewShare{}, e
	}
	if _, err := s.plans.Active(ctx, userID); errors.Is(err, plans.ErrNotFound) {
		return NewShare{}, ErrNoPlan
	} else if err != nil {
		return NewShare{}, err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return NewShare{}, fmt.Errorf("progress: share token: %w", err)
	}
	now := s.now().UTC()
	ns := NewShare{Token: base64.RawURLEncoding.EncodeToString(b), Share: Share{Label: label, Created: now, Expires: now.AddDate(0, 0, days)}}
	id, err := s.db.AddShareLink(ctx, store.ShareLink{UserID: userID, TokenHash: shareHash(ns.Token), Label: label, CreatedAt: now, ExpiresAt: ns.Expires})
	if err != nil {
		return NewShare{}, err
	}
	ns.ID = id
	return ns, nil
}

// Shares lists the member's links that still work, newest first.
func (s *Service) Shares(ctx context.Context, userID int64) ([]Share, error) {
	rows, err := s.db.ShareLinks(ctx, userID, s.now())
	if err != nil {
		return nil, err
	}
	out := make([]Share, 0, len(rows))
	for _, r := range rows {
		out = append(out, Share{ID: r.ID, Label: r.Label, Created: r.CreatedAt, Expires: r.ExpiresAt})
	}
	return out, nil
}

// RevokeShare withdraws one of the member's links at once.
func (s *Service) RevokeShare(ctx context.Context, userID, id int64) error {
	err := s.db.RevokeShareLink(ctx, userID, id, s.now())
	if errors.Is(err, store.ErrNotFound) {
		return ErrNotFound
	}
	return err
}

// SharedUser is the member behind a share link: ErrNotFound for an
// unknown token, ErrShareGone for one that expired or was withdrawn.
func (s *Service) SharedUser(ctx context.Context, token string) (int64, Share, error) {
	if len(token) != 43 {
		return 0, Share{}, ErrNotFound
	}
	l, err := s.db.ShareLinkByHash(ctx, shareHash(token))
	if errors.Is(err, store.ErrNotFound) {
		return 0, Share{}, ErrNotFound
	}
	if err != nil {
		return 0, Share{}, err
	}
	sh := Share{ID: l.ID, Label: l.Label, Created: l.CreatedAt, Expires: l.ExpiresAt}
	if l.RevokedAt.Valid || !s.now().Before(l.ExpiresAt) {
		return 0, sh, ErrShareGone
	}
	return l.UserID, sh, nil
}
