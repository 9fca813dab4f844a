// Package plans keeps the coach's plans: it makes a plan from a profile,
// stores it behind an unguessable link, and finds it again.
package plans

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"supple/internal/coach"
	"supple/internal/store"
)

// ErrNotFound means no plan has that link.
var ErrNotFound = errors.New("no plan has this link")

// Plan is a stored plan.
type Plan struct {
	ID      int64
	Token   string
	Profile coach.Profile
	Result  coach.Result
	Start   time.Time // day 1 of week 1, UTC midnight
	Created time.Time
}

// Service makes and finds plans.
type Service struct {
	db  *store.DB
	lib *coach.Library
	now func() time.Time

	mu   sync.Mutex
	byID map[int64]*Plan // decoded plans; a stored plan never changes
}

// maxCachedPlans bounds the decoded plans kept; when full it starts again.
const maxCachedPlans = 1024

// New returns a plan service.
func New(db *store.DB, lib *coach.Library, now func() time.Time) *Service {
	return &Service{db: db, lib: lib, now: now}
}

// Library is the exercise library plans are made from.
func (s *Service) Library() *coach.Library { return s.lib }

// Create makes a plan (or referral) for the profile; plans are stored and
// get a link token, referrals are not stored. The profile is checked
// first (coach.ValidateProfile), however it arrived.
func (s *Service) Create(ctx context.Context, p coach.Profile) (*Plan, error) {
	if e := coach.ValidateProfile(p); len(e) > 0 {
		return nil, e
	}
	res := coach.Plan(p, s.lib)
	now := s.now().UTC()
	pl := &Plan{Profile: p, Result: res, Start: time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, time.UTC), Created: now}
	if res.Status != coach.StatusPlan {
		return pl, nil
	}
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		return nil, err
	}
	pl.Token = base64.RawURLEncoding.EncodeToString(b)
	prof, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	result, err := json.Marshal(res)
	if err != nil {
		return nil, err
	}
	if pl.ID, err = s.db.AddPlan(ctx, hash(pl.Token), store.StoredPlan{Profile: string(prof), Result: string(result), Status: res.Status,
		StartDate: pl.Start.Format(time.DateOnly), CreatedAt: now}); err != nil {
		return nil, err
	}
	return pl, nil
}

// Get finds a plan by its link token.
func (s *Service) Get(ctx context.Context, token string) (*Plan, error) {
	if len(token) != 24 {
		return nil, ErrNotFound
	}
	sp, err := s.db.PlanByToken(ctx, hash(token))
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return decode(token, sp)
}

func decode(token string, sp store.StoredPlan) (*Plan, error) {
	pl := &Plan{ID: sp.ID, Token: token, Created: sp.CreatedAt}
	var err error
	if err := json.Unmarshal([]byte(sp.Profile), &pl.Profile); err != nil {
		return nil, fmt.Errorf("plans: stored profile: %w", err)
	}
	if err = json.Unmarshal([]byte(sp.Result), &pl.Result); err != nil {
		return nil, fmt.Errorf("plans: stored result: %w", err)
	}
	if pl.Start, err = time.Parse(time.DateOnly, sp.StartDate); err != nil {
		return nil, fmt.Errorf("plans: start date: %w", err)
	}
	return pl, nil
}

// Save gives a plan to a member as their active plan.
func (s *Service) Save(ctx context.Context, token string, userID int64) error {
	err := s.db.AttachPlan(ctx, hash(token), userID)
	if errors.Is(err, store.ErrNotFound) {
		return ErrNotFound
	}
	return err
}

// Active is a member's active plan. Its Result is shared with other
// callers and must not be changed.
//
// Which plan is active is read from the database every time; the plan
// itself (a profile, a result of about 100 KB of JSON and a start date,
// none of which ever changes once stored) is decoded once per process.
func (s *Service) Active(ctx context.Context, userID int64) (*Plan, error) {
	id, err := s.db.ActivePlanID(ctx, userID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	pl := s.byID[id]
	s.mu.Unlock()
	if pl == nil {
		sp, err := s.db.PlanByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) { // detached meanwhile
			return nil, ErrNotFound
		}
		if err != nil {
			return nil, err
		}
		if pl, err = decode("", sp); err != nil {
			return nil, err
		}
		s.mu.Lock()
		if s.byID == nil || len(s.byID) >= maxCachedPlans {
			s.byID = map[int64]*Plan{}
		}
		s.byID[id] = pl
		s.mu.Unlock()
	}
	return pl.copy(), nil
}

// copy is the plan with a profile of its own (callers may change it); the
// result stays shared.
func (p *Plan) copy() *Plan {
	c := *p
	c.Profile.WorseWith, c.Profile.BetterWith = slices.Clone(p.Profile.WorseWith), slices.Clone(p.Profile.BetterWith)
	c.Profile.Conditions, c.Profile.RedFlags = slices.Clone(p.Profile.Conditions), slices.Clone(p.Profile.RedFlags)
	c.Profile.Access = slices.Clone(p.Profile.Access)
	return &c
}

// Owner is the member a plan belongs to (0: an anonymous plan).
func (s *Service) Owner(ctx context.Context, token string) (int64, error) {
	id, err := s.db.PlanOwner(ctx, hash(token))
	if errors.Is(err, store.ErrNotFound) {
		return 0, ErrNotFound
	}
	return id, err
}

// Today returns the plan's week and day (1-based) for a time, and false
// before the start or after the last week.
func (p *Plan) Today(t time.Time) (week, day int, ok bool) {
	days := int(t.UTC().Sub(p.Start).Hours() / 24)
	if days < 0 || days >= coach.PlanWeeks*7 {
		return 0, 0, false
	}
	return days/7 + 1, days%7 + 1, true
}

// Date is the calendar date of a plan day.
func (p *Plan) Date(week, day int) time.Time {
	return p.Start.AddDate(0, 0, (week-1)*7+day-1)
}

func hash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}
