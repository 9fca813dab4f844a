package plans

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"supple/internal/coach"
	"supple/internal/store"
)

// PrescriptionSource gives the prescriptions a member's linked
// clinicians made, oldest first. They belong to the member, not to one
// plan, so a new plan follows them too. The clinic part implements it.
type PrescriptionSource interface {
	Prescriptions(ctx context.Context, userID int64) ([]coach.Prescription, error)
}

// UsePrescriptions makes plans follow the prescriptions of src (nil:
// none). Call it before the service serves plans.
func (s *Service) UsePrescriptions(src PrescriptionSource) { s.rx = src }

// ErrNoSwap means the plan has no swap of that exercise.
var ErrNoSwap = errors.New("your plan has no swap of this exercise")

// Settings are the plan inputs a member may change without answering
// the questions again; nil fields stay as they are.
type Settings struct {
	DaysPerWeek   *int      `json:"days_per_week"`
	MinutesPerDay *int      `json:"minutes_per_day"`
	Access        *[]string `json:"access"`
}

// inputs are the member's inputs in force from a date on.
type inputs struct {
	from    time.Time
	profile coach.Profile
	choices coach.Choices
}

// withInputs reads a plan's input changes and its member's prescriptions
// and lays them over its library segments: one segment from each date
// any of them changes, so that each day is laid out with what was in
// force on it.
func (s *Service) withInputs(ctx context.Context, pl *Plan, sp store.StoredPlan) error {
	pl.made = pl.Profile
	first := inputs{from: pl.Start, profile: pl.Profile}
	if err := json.Unmarshal([]byte(sp.Choices), &first.choices); err != nil {
		return fmt.Errorf("plans: stored choices: %w", err)
	}
	timeline := []inputs{first}
	changes, err := s.db.PlanChanges(ctx, pl.ID)
	if err != nil {
		return err
	}
	for _, c := range changes {
		in := inputs{}
		if in.from, err = time.Parse(time.DateOnly, c.From); err != nil {
			return fmt.Errorf("plans: change %d: from %q: %w", c.ID, c.From, err)
		}
		if err := json.Unmarshal([]byte(c.Profile), &in.profile); err != nil {
			return fmt.Errorf("plans: change %d: profile: %w", c.ID, err)
		}
		if err := json.Unmarshal([]byte(c.Choices), &in.choices); err != nil {
			return fmt.Errorf("plans: change %d: choices: %w", c.ID, err)
		}
		in.from = maxTime(in.from, pl.Start)
		// A change replaces the ones from its date on; the first inputs
		// give way only to a change from the start itself.
		timeline = slices.DeleteFunc(timeline, func(x inputs) bool { return !x.from.Before(in.from) })
		timeline = append(timeline, in)
	}
	if pl.userID != 0 && s.rx != nil {
		if pl.Prescriptions, err = s.rx.Prescriptions(ctx, pl.userID); err != nil {
			return fmt.Errorf("plans: prescriptions of %d: %w", pl.userID, err)
		}
	}
	cur := timeline[len(timeline)-1]
	pl.Profile, pl.Choices = cur.profile, cur.choices
	pl.segs = merged(pl.Start, pl.segs, timeline, pl.Prescriptions)
	return nil
}

// merged is one segment from each date the library, the member's inputs
// or a prescription changes.
func merged(start time.Time, libs []coach.Segment, timeline []inputs, rxs []coach.Prescription) []coach.Segment {
	var days []time.Time
	for _, l := range libs {
		days = append(days, maxTime(dateOnly(l.From), start))
	}
	for _, in := range timeline {
		days = append(days, in.from)
	}
	for _, rx := range rxs {
		days = append(days, maxTime(dateOnly(rx.From), start))
		if !rx.Until.IsZero() {
			days = append(days, maxTime(dateOnly(rx.Until), start))
		}
	}
	slices.SortFunc(days, func(a, b time.Time) int { return a.Compare(b) })
	days = slices.Compact(days)
	out := make([]coach.Segment, 0, len(days))
	for _, d := range days {
		seg := coach.Segment{From: d}
		for _, l := range libs {
			if !maxTime(dateOnly(l.From), start).After(d) {
				seg.Library = l.Library
			}
		}
		var in inputs
		for _, x := range timeline {
			if !x.from.After(d) {
				in = x
			}
		}
		ch := coach.Choices{Swaps: maps.Clone(in.choices.Swaps)}
		for _, rx := range rxs {
			if !dateOnly(rx.From).After(d) && (rx.Until.IsZero() || dateOnly(rx.Until).After(d)) {
				ch.Prescriptions = append(ch.Prescriptions, rx)
			}
		}
		prof := in.profile
		seg.Profile, seg.Choices = &prof, &ch
		out = append(out, seg)
	}
	return out
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// Alternatives are the exercises the member may pick instead of
// exercise in this plan now (coach.Alternatives).
func (p *Plan) Alternatives(exercise string) []*coach.Exercise {
	last := p.segs[len(p.segs)-1]
	return coach.Alternatives(p.Profile, last.Library, p.inForce(), exercise)
}

// inForce are the choices and prescriptions in force now.
func (p *Plan) inForce() coach.Choices {
	return coach.Choices{Swaps: p.Choices.Swaps, Prescriptions: p.Prescriptions}
}

// SetSwap makes the member's active plan use with instead of exercise
// from today on (from tomorrow when today's session is logged). A swap
// the coach refuses is a *coach.SwapError.
func (s *Service) SetSwap(ctx context.Context, userID int64, exercise, with string) (*Plan, error) {
	pl, err := s.Active(ctx, userID)
	if err != nil {
		return nil, err
	}
	if err := coach.CheckSwap(pl.Profile, s.lib, pl.inForce(), exercise, with); err != nil {
		return nil, err
	}
	from, err := s.firstDayToCome(ctx, userID, pl)
	if err != nil {
		return nil, err
	}
	ch := coach.Choices{Swaps: maps.Clone(pl.Choices.Swaps)}
	if ch.Swaps == nil {
		ch.Swaps = map[string]coach.Swap{}
	}
	ch.Swaps[exercise] = coach.Swap{With: with, From: from}
	return s.change(ctx, userID, pl, from, pl.Profile, ch)
}

// UndoSwap ends the member's swap of exercise from today on (tomorrow
// when today's session is logged); ErrNoSwap when there is none.
func (s *Service) UndoSwap(ctx context.Context, userID int64, exercise string) (*Plan, error) {
	pl, err := s.Active(ctx, userID)
	if err != nil {
		return nil, err
	}
	if _, ok := pl.Choices.Swaps[exercise]; !ok {
		return nil, ErrNoSwap
	}
	from, err := s.firstDayToCome(ctx, userID, pl)
	if err != nil {
		return nil, err
	}
	ch := coach.Choices{Swaps: maps.Clone(pl.Choices.Swaps)}
	delete(ch.Swaps, exercise)
	return s.change(ctx, userID, pl, from, pl.Profile, ch)
}

// ChangeSettings lays the member's active plan out with new days a week,
// minutes a day or equipment from today on (tomorrow when today's
// session is logged). The new profile is checked as a new plan's is
// (validate.Errors naming the field).
func (s *Service) ChangeSettings(ctx context.Context, userID int64, set Settings) (*Plan, error) {
	pl, err := s.Active(ctx, userID)
	if err != nil {
		return nil, err
	}
	p := pl.Profile
	if set.DaysPerWeek != nil {
		p.DaysPerWeek = *set.DaysPerWeek
	}
	if set.MinutesPerDay != nil {
		p.MinutesPerDay = *set.MinutesPerDay
	}
	if set.Access != nil {
		p.Access = slices.Clone(*set.Access)
		if p.Access == nil {
			p.Access = []string{}
		}
	}
	if e := coach.ValidateProfile(p); len(e) > 0 {
		return nil, e
	}
	p = p.Normal()
	from, err := s.firstDayToCome(ctx, userID, pl)
	if err != nil {
		return nil, err
	}
	return s.change(ctx, userID, pl, from, p, pl.Choices)
}

// SettingsFrom is the first day a change made now would lay out.
func (s *Service) SettingsFrom(ctx context.Context, userID int64) (time.Time, error) {
	pl, err := s.Active(ctx, userID)
	if err != nil {
		return time.Time{}, err
	}
	return s.firstDayToCome(ctx, userID, pl)
}

func (s *Service) change(ctx context.Context, userID int64, pl *Plan, from time.Time, p coach.Profile, ch coach.Choices) (*Plan, error) {
	prof, err := json.Marshal(p)
	if err != nil {
		return nil, err
	}
	choices, err := json.Marshal(ch)
	if err != nil {
		return nil, err
	}
	if _, err := s.db.AddPlanChange(ctx, store.PlanChange{PlanID: pl.ID, From: from.Format(time.DateOnly), Profile: string(prof),
		Choices: string(choices), CreatedAt: s.now()}); err != nil {
		return nil, err
	}
	return s.Active(ctx, userID)
}

// firstDayToCome is today, or tomorrow when today's session is logged
// (a lived day never changes), never before the plan's start.
func (s *Service) firstDayToCome(ctx context.Context, userID int64, pl *Plan) (time.Time, error) {
	today := maxTime(dateOnly(s.now().UTC()), pl.Start)
	logs, err := s.db.Logs(ctx, userID, pl.ID)
	if err != nil {
		return time.Time{}, err
	}
	for _, l := range logs {
		if l.Kind == coach.KindSession && l.Date == today.Format(time.DateOnly) {
			return today.AddDate(0, 0, 1), nil
		}
	}
	return today, nil
}

// CreateActive makes a plan for the profile and gives it to the member
// as their active plan, as "Save to my account" does. A referral is
// returned without being stored.
func (s *Service) CreateActive(ctx context.Context, userID int64, p coach.Profile) (*Plan, error) {
	pl, err := s.Create(ctx, p)
	if err != nil || pl.Token == "" {
		return pl, err
	}
	if err := s.Save(ctx, pl.Token, userID); err != nil {
		return nil, err
	}
	return s.Active(ctx, userID)
}
