package progress

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"supple/internal/coach"
	"supple/internal/plans"
	"supple/internal/store"
	"supple/internal/validate"
)

// Checkin is a weekly outcome check-in: pain now (0-10) and the
// Patient-Specific Functional Scale, up to three activities the member
// chooses, each scored 0 (unable) to 10 (as before the problem)
// (clinical.md section 7).
type Checkin struct {
	ID   int64          `json:"id,omitempty"`
	Week int            `json:"week"`
	Date string         `json:"date"`
	Pain int            `json:"pain"`
	PSFS []PSFSActivity `json:"psfs"`
}

// PSFSActivity is one activity of the PSFS and its score.
type PSFSActivity struct {
	Activity string `json:"activity"`
	Score    int    `json:"score"`
}

// MaxPSFS is how many activities a check-in scores.
const MaxPSFS = 3

// ErrCheckedIn means the week already has a check-in.
var ErrCheckedIn = errors.New("this week already has a check-in")

// CheckCheckin validates a check-in's answers, naming the field.
func CheckCheckin(c Checkin) validate.Errors {
	var e validate.Errors
	if c.Pain < 0 || c.Pain > 10 {
		e.Add("pain", fmt.Sprintf("pain must be from 0 (no pain) to 10 (worst imaginable), not %d", c.Pain))
	}
	if len(c.PSFS) > MaxPSFS {
		e.Add("psfs", fmt.Sprintf("choose up to %d activities", MaxPSFS))
	}
	for i, a := range c.PSFS {
		name := strings.TrimSpace(a.Activity)
		switch {
		case name == "":
			e.Add(fmt.Sprintf("psfs[%d].activity", i), "name the activity, such as \"putting on socks\"")
		case len([]rune(name)) > 80:
			e.Add(fmt.Sprintf("psfs[%d].activity", i), "an activity name has at most 80 characters")
		default:
			validate.Text(&e, fmt.Sprintf("psfs[%d].activity", i), name, 0, false)
		}
		if a.Score < 0 || a.Score > 10 {
			e.Add(fmt.Sprintf("psfs[%d].score", i), fmt.Sprintf("score must be from 0 (unable) to 10 (as before the problem), not %d", a.Score))
		}
	}
	return e
}

// AddCheckin stores this week's check-in for the active plan.
func (s *Service) AddCheckin(ctx context.Context, userID int64, c Checkin, local string) (Checkin, error) {
	pl, err := s.plans.Active(ctx, userID)
	if errors.Is(err, plans.ErrNotFound) {
		return c, ErrNoPlan
	}
	if err != nil {
		return c, err
	}
	for i := range c.PSFS {
		c.PSFS[i].Activity = strings.TrimSpace(c.PSFS[i].Activity)
	}
	if e := CheckCheckin(c); len(e) > 0 {
		return c, e
	}
	loc, err := s.zone(ctx, userID)
	if err != nil {
		return c, err
	}
	today := s.today(loc, local)
	w, _, ok := coach.PlanDay(pl.Start, today)
	if !ok {
		var e validate.Errors
		e.Add("week", "check-ins are for the weeks of your plan")
		return c, e
	}
	c.Week, c.Date = w, today.Format(time.DateOnly)
	if c.PSFS == nil {
		c.PSFS = []PSFSActivity{}
	}
	b, err := json.Marshal(c.PSFS)
	if err != nil {
		return c, err
	}
	id, err := s.db.AddCheckin(ctx, store.Checkin{UserID: userID, PlanID: pl.ID, Week: c.Week, Date: c.Date, Pain: c.Pain, PSFS: string(b), CreatedAt: s.now()})
	if errors.Is(err, store.ErrDuplicate) {
		return c, ErrCheckedIn
	}
	if err != nil {
		return c, err
	}
	c.ID = id
	return c, nil
}

// Checkins lists the check-ins of the member's active plan, oldest
// first.
func (s *Service) Checkins(ctx context.Context, userID int64) ([]Checkin, error) {
	pl, err := s.plans.Active(ctx, userID)
	if errors.Is(err, plans.ErrNotFound) {
		return nil, ErrNoPlan
	}
	if err != nil {
		return nil, err
	}
	return s.checkins(ctx, userID, pl.ID)
}

func (s *Service) checkins(ctx context.Context, userID, planID int64) ([]Checkin, error) {
	rows, err := s.db.Checkins(ctx, userID, planID)
	if err != nil {
		return nil, err
	}
	out := make([]Checkin, 0, len(rows))
	for _, r := range rows {
		c := Checkin{ID: r.ID, Week: r.Week, Date: r.Date, Pain: r.Pain}
		if err := json.Unmarshal([]byte(r.PSFS), &c.PSFS); err != nil {
			return nil, fmt.Errorf("progress: check-in %d: %w", r.ID, err)
		}
		out = append(out, c)
	}
	return out, nil
}

// The smallest PSFS rises that count as a meaningful change
// (clinical.md section 7, MDC90): on the average of the activities, and
// on one activity.
const (
	PSFSMeaningfulAverage  = 2
	PSFSMeaningfulActivity = 3
)

// Change compares a pain score with the baseline: meaningful when it
// fell by at least 2 points or 30% (clinical.md section 7).
func Change(baseline, now int) (delta int, meaningful bool) {
	delta = now - baseline
	drop := baseline - now
	return delta, drop >= 2 || (baseline > 0 && float64(drop)/float64(baseline) >= 0.3 && drop > 0)
}
