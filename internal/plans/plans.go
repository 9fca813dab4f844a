// Package plans keeps the coach's plans: it makes a plan from a profile,
// stores its inputs behind an unguessable link, and makes it again from
// them on every read, with the library rule of docs/clinical-rules.md
// ("Library updates").
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
	"time"

	"supple/internal/coach"
	"supple/internal/store"
)

// ErrNotFound means no plan has that link.
var ErrNotFound = errors.New("no plan has this link")

// ErrOwned means the plan behind a link belongs to an account, and the
// one asking is not signed in to it: once saved, a plan's link no longer
// shows it to anyone but its owner (it carries their clinicians'
// prescriptions and their choices).
var ErrOwned = errors.New("no plan has this link") // the same words: a link says nothing to a stranger

// Plan is a stored plan: its inputs, and the result they make.
type Plan struct {
	ID      int64
	Token   string
	Profile coach.Profile
	// Result is the plan as the libraries in use lay it out, without
	// logs; it is made again on every read.
	Result coach.Result
	Start  time.Time // day 1 of week 1, UTC midnight
	// LibraryVersion is the library the plan was made with.
	LibraryVersion string
	Created        time.Time

	// Choices are the member's choices in force now (swaps), and
	// Prescriptions their clinicians' (inputs.go).
	Choices       coach.Choices
	Prescriptions []coach.Prescription

	made   coach.Profile   // the profile the plan was made with (Profile is the one in force now)
	userID int64           // the member the plan belongs to (0: none)
	segs   []coach.Segment // the libraries and inputs the plan follows, from its start
}

// Adapt is the plan adapted to what has happened since it started
// (coach.AdaptAcross: each day laid out by the library in use that day).
func (p *Plan) Adapt(h coach.History) coach.Result {
	h.Start = p.Start
	return coach.AdaptAcross(p.made, p.segs, h)
}

// Service makes and finds plans.
type Service struct {
	db  *store.DB
	lib *coach.Library
	now func() time.Time

	uses []libraryUse // the libraries the server has run with, oldest first (Sync)
	rx   PrescriptionSource
}

// libraryUse is a library in use from a date on.
type libraryUse struct {
	from time.Time
	lib  *coach.Library
}

// New returns a plan service. Call Sync before it serves plans from a
// database.
func New(db *store.DB, lib *coach.Library, now func() time.Time) *Service {
	return &Service{db: db, lib: lib, now: now}
}

// Library is the exercise library plans are made from now.
func (s *Service) Library() *coach.Library { return s.lib }

// Sync records the service's library as the one in use when it is new,
// from the first day no member has begun yet (no time zone is more than
// 14 hours ahead of UTC), and loads every library the server has run
// with, so that stored plans keep their lived days.
func (s *Service) Sync(ctx context.Context) error {
	data, err := s.lib.Data()
	if err != nil {
		return err
	}
	now := s.now().UTC()
	from := dateOnly(now.Add(14*time.Hour)).AddDate(0, 0, 1)
	if _, err := s.db.RecordLibrary(ctx, store.LibraryVersion{Version: s.lib.Version(), Exercises: string(data),
		From: from.Format(time.DateOnly), CreatedAt: now}); err != nil {
		return err
	}
	versions, err := s.db.LibraryVersions(ctx)
	if err != nil {
		return err
	}
	byVersion := map[string]*coach.Library{s.lib.Version(): s.lib}
	uses := make([]libraryUse, 0, len(versions))
	for _, v := range versions {
		lib := byVersion[v.Version]
		if lib == nil {
			if lib, err = coach.LibraryFromData([]byte(v.Exercises)); err != nil {
				return fmt.Errorf("plans: library %s: %w", v.Version, err)
			}
			byVersion[v.Version] = lib
		}
		day, err := time.Parse(time.DateOnly, v.From)
		if err != nil {
			return fmt.Errorf("plans: library %s: from %q: %w", v.Version, v.From, err)
		}
		uses = append(uses, libraryUse{from: day, lib: lib})
	}
	s.uses = uses
	return nil
}

// segments are the libraries a plan made with version made on start
// follows: that one from the start, then each library that came into use
// after the start. A plan stored before libraries had versions ("") was
// made with the first library recorded: the one the server ran with
// after the migration, which members' plans already followed.
func (s *Service) segments(made string, start time.Time) ([]coach.Segment, error) {
	if len(s.uses) == 0 {
		return []coach.Segment{{From: start, Library: s.lib}}, nil
	}
	if made == "" {
		made = s.uses[0].lib.Version()
	}
	i := slices.IndexFunc(s.uses, func(u libraryUse) bool { return u.lib.Version() == made })
	if i < 0 {
		return nil, fmt.Errorf("plans: the library %s a plan was made with is not recorded", made)
	}
	segs := []coach.Segment{{From: start, Library: s.uses[i].lib}}
	for _, u := range s.uses {
		if u.from.After(start) && u.lib != segs[len(segs)-1].Library {
			segs = append(segs, coach.Segment{From: u.from, Library: u.lib})
		}
	}
	return segs, nil
}

// Create makes a plan (or referral) for the profile; plans are stored and
// get a link token, referrals are not stored. The result is stored too,
// as an audit copy of what the person first saw.
func (s *Service) Create(ctx context.Context, p coach.Profile) (*Plan, error) {
	return s.CreateIn(ctx, p, time.UTC)
}

// CreateIn is Create for a person in time zone loc: week 1 begins on
// their date there.
func (s *Service) CreateIn(ctx context.Context, p coach.Profile, loc *time.Location) (*Plan, error) {
	if e := coach.ValidateProfile(p); len(e) > 0 {
		return nil, e
	}
	if e := coach.CheckProfileSwaps(p, s.lib); len(e) > 0 {
		return nil, e
	}
	now := s.now().UTC()
	start := dateOnly(now.In(loc))
	p, ch := coach.ProfileChoices(p.Normal(), start) // the swaps given with the profile, from day 1
	pl := &Plan{Profile: p, Choices: ch, Start: start, LibraryVersion: s.lib.Version(), Created: now}
	pl.segs = []coach.Segment{{From: pl.Start, Library: s.lib, Choices: &ch}}
	pl.made = p
	pl.Result = pl.Adapt(coach.History{Today: now})
	if pl.Result.Status != coach.StatusPlan {
		return pl, nil
	}
	var err error
	if pl.Token, err = newToken(); err != nil {
		return nil, err
	}
	prof, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	result, err := json.Marshal(pl.Result)
	if err != nil {
		return nil, err
	}
	choices, err := json.Marshal(ch)
	if err != nil {
		return nil, err
	}
	if pl.ID, err = s.db.AddPlan(ctx, hash(pl.Token), store.StoredPlan{Profile: string(prof), Result: string(result), Status: pl.Result.Status,
		StartDate: pl.Start.Format(time.DateOnly), LibraryVersion: pl.LibraryVersion, Choices: string(choices), CreatedAt: now}); err != nil {
		return nil, err
	}
	return pl, nil
}

// Get finds a plan by its link token and makes it from its inputs, for
// viewer (the signed-in member asking; 0: nobody). A plan saved to an
// account is only its owner's: anyone else gets ErrOwned.
func (s *Service) Get(ctx context.Context, token string, viewer int64) (*Plan, error) {
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
	owner, err := s.db.PlanOwner(ctx, hash(token))
	if err != nil {
		return nil, err
	}
	if owner != 0 && owner != viewer {
		return nil, ErrOwned
	}
	return s.made(ctx, token, owner, sp)
}

// made is a stored plan made from its inputs.
func (s *Service) made(ctx context.Context, token string, userID int64, sp store.StoredPlan) (*Plan, error) {
	pl := &Plan{ID: sp.ID, Token: token, Created: sp.CreatedAt, userID: userID}
	var err error
	if err := json.Unmarshal([]byte(sp.Profile), &pl.Profile); err != nil {
		return nil, fmt.Errorf("plans: stored profile: %w", err)
	}
	if pl.Start, err = time.Parse(time.DateOnly, sp.StartDate); err != nil {
		return nil, fmt.Errorf("plans: start date: %w", err)
	}
	if pl.segs, err = s.segments(sp.LibraryVersion, pl.Start); err != nil {
		return nil, err
	}
	pl.LibraryVersion = pl.segs[0].Library.Version()
	if err := s.withInputs(ctx, pl, sp); err != nil {
		return nil, err
	}
	pl.Result = pl.Adapt(coach.History{Today: s.now()})
	return pl, nil
}

// Save gives a plan to a member as their active plan, and ends its link:
// a new secret, never shown, replaces the token, so that whoever held the
// link before (a shared screen, a browser history, someone who picked the
// token for the member) reads nothing of the member's plan from then on.
// The member reads it at /me/plan.
func (s *Service) Save(ctx context.Context, token string, userID int64) error {
	fresh, err := newToken()
	if err != nil {
		return err
	}
	err = s.db.AttachPlan(ctx, hash(token), hash(fresh), userID)
	if errors.Is(err, store.ErrNotFound) {
		return ErrNotFound
	}
	return err
}

// Active is a member's active plan, made from its inputs.
func (s *Service) Active(ctx context.Context, userID int64) (*Plan, error) {
	sp, err := s.db.ActivePlan(ctx, userID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, ErrNotFound
	}
	if err != nil {
		return nil, err
	}
	return s.made(ctx, "", userID, sp)
}

// HasActive says whether the member has an active plan, without making
// it (a read of one row).
func (s *Service) HasActive(ctx context.Context, userID int64) (bool, error) {
	_, err := s.db.ActivePlan(ctx, userID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	return err == nil, err
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

func dateOnly(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// newToken is a plan link's secret: 18 random bytes, 24 characters.
func newToken() (string, error) {
	b := make([]byte, 18)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("plans: token: %w", err)
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

func hash(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}
