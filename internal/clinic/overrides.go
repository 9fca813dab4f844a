package clinic

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"supple/internal/account"
	"supple/internal/coach"
	"supple/internal/plans"
	"supple/internal/store"
	"supple/internal/validate"
)

// Bounds of a prescription, the same as the coach's own check of a
// prescription (issue 17's inputs part): a dose within what the library
// prescribes at its hardest steps, widened a little for a clinician's
// judgement; the weekly cap within the range of the plan's own weeks.
const (
	MaxSets        = 6
	MaxReps        = 30
	MaxHoldSeconds = 120
	MaxMinutes     = 90
	MinCapMinutes  = 10
	MaxCapMinutes  = 600
	MaxReason      = 500
	// MaxReviewDays is how far ahead a review date may be set.
	MaxReviewDays = 365
)

// OverrideInput is a prescription as the clinician asks for it: exactly
// one of Exclude, Add (with Dose), CapMinutes or ReviewOn, always with a
// Reason. ConfirmAvoid confirms adding an exercise rated avoid for one
// of the member's conditions.
type OverrideInput struct {
	Exclude      string      `json:"exclude,omitempty"`
	Add          string      `json:"add,omitempty"`
	Dose         *coach.Dose `json:"dose,omitempty"`
	CapMinutes   *int        `json:"cap_minutes,omitempty"`
	ReviewOn     string      `json:"review_on,omitempty"`
	Reason       string      `json:"reason"`
	ConfirmAvoid bool        `json:"confirm_avoid,omitempty"`
}

// Override is a prescription in force.
type Override struct {
	ID             int64       `json:"id"`
	Kind           string      `json:"kind"`
	Exercise       string      `json:"exercise,omitempty"`
	Dose           *coach.Dose `json:"dose,omitempty"`
	CapMinutes     int         `json:"cap_minutes,omitempty"`
	ReviewOn       string      `json:"review_on,omitempty"`
	Reason         string      `json:"reason"`
	ConfirmedAvoid bool        `json:"confirmed_avoid"`
	Confirmed      []string    `json:"confirmed,omitempty"` // what the confirmation covered (coach rule C1)
	By             string      `json:"by"`
	Created        time.Time   `json:"created"`
	// From is the first plan day it acts on (YYYY-MM-DD): the day it was
	// made, or the next when that day's session was logged already.
	From string `json:"from"`
}

// AvoidError means an added exercise is rated avoid for one of the
// member's conditions (or is on the avoid list); the clinician must
// confirm (ConfirmAvoid) to add it anyway. It answers 422 on field "add".
type AvoidError struct {
	Exercise  string
	Condition string // "" for a rule of the coach, which Why words whole
	Why       string
}

func (e *AvoidError) Error() string {
	if e.Condition == "" {
		return fmt.Sprintf("%s; send confirm_avoid to add it anyway", e.Why)
	}
	return fmt.Sprintf("%s is rated avoid for %s: %s; send confirm_avoid to add it anyway",
		e.Exercise, e.ConditionWords(), e.Why)
}

// ConditionWords is the condition in words: "spinal stenosis", or "leg
// pain below the knee" for the column that leg pain brings (rule V7).
func (e *AvoidError) ConditionWords() string {
	if e.Condition == coach.RadicularColumn {
		return "leg pain below the knee"
	}
	return strings.ReplaceAll(e.Condition, "_", " ")
}

// Fields is the error as field errors.
func (e *AvoidError) Fields() validate.Errors {
	return validate.Errors{{Field: "add", Message: e.Error()}}
}

func toOverride(o store.ClinicOverride) Override {
	out := Override{ID: o.ID, Kind: o.Kind, Exercise: o.Exercise, CapMinutes: o.CapMinutes, ReviewOn: o.ReviewOn,
		Reason: o.Reason, ConfirmedAvoid: o.ConfirmedAvoid, By: o.ClinicianName, Created: o.CreatedAt,
		From: fromDay(o).Format(time.DateOnly)}
	if o.Dose != "" {
		var d storedDose
		if json.Unmarshal([]byte(o.Dose), &d) == nil {
			out.Dose, out.Confirmed = &d.Dose, d.Confirmed
		}
	}
	return out
}

// checkOverride validates in against the library and the member's
// conditions (nil when they have no plan yet).
func checkOverride(in OverrideInput, lib *coach.Library, conditions []string, today time.Time) (store.ClinicOverride, error) {
	var e validate.Errors
	o := store.ClinicOverride{Reason: strings.TrimSpace(in.Reason)}
	n := 0
	for _, set := range []bool{in.Exclude != "", in.Add != "", in.CapMinutes != nil, in.ReviewOn != ""} {
		if set {
			n++
		}
	}
	if n != 1 {
		e.Add("kind", "send exactly one of exclude, add (with dose), cap_minutes or review_on")
	}
	if o.Reason == "" {
		e.Add("reason", "say why: the member sees the reason with your name")
	} else {
		validate.Text(&e, "reason", o.Reason, MaxReason, true)
	}
	exercise := func(field, id string) *coach.Exercise {
		ex, ok := lib.Get(id)
		if !ok {
			e.Add(field, fmt.Sprintf("no exercise has the id %q; see /api/v1/exercises", id))
		}
		return ex
	}
	var avoid *AvoidError
	switch {
	case in.Exclude != "":
		o.Kind, o.Exercise = coach.PrescribeExclude, in.Exclude
		exercise("exclude", in.Exclude)
	case in.Add != "":
		o.Kind, o.Exercise = coach.PrescribeAdd, in.Add
		ex := exercise("add", in.Add)
		if in.Dose == nil {
			e.Add("dose", "an added exercise needs a dose: sets with reps, hold_seconds or minutes")
		} else {
			checkDose(&e, *in.Dose)
			if ex != nil && len(e) == 0 && coach.PrescribedMinutes(ex, *in.Dose) > coach.MaxPrescribedMinutes {
				e.Add("dose", fmt.Sprintf("this dose takes about %d minutes a session; one prescribed exercise may take at most %d",
					coach.PrescribedMinutes(ex, *in.Dose), coach.MaxPrescribedMinutes))
			}
			b, _ := json.Marshal(in.Dose)
			o.Dose = string(b)
		}
		if ex != nil && ex.Avoid { // the never list: no confirmation adds it (rule C1)
			e.Add("add", fmt.Sprintf("%s is never part of a plan: %s It cannot be added.", ex.ID, ex.AvoidReason))
		} else if ex != nil {
			avoid = avoidFor(ex, conditions)
		}
	case in.CapMinutes != nil:
		o.Kind, o.CapMinutes = coach.PrescribeCapMinutes, *in.CapMinutes
		if *in.CapMinutes < MinCapMinutes || *in.CapMinutes > MaxCapMinutes {
			e.Add("cap_minutes", fmt.Sprintf("cap_minutes is the most minutes a week: from %d to %d", MinCapMinutes, MaxCapMinutes))
		}
	case in.ReviewOn != "":
		o.Kind, o.ReviewOn = coach.PrescribeReviewOn, in.ReviewOn
		d, err := time.Parse(time.DateOnly, in.ReviewOn)
		switch {
		case err != nil:
			e.Add("review_on", "review_on is a date, YYYY-MM-DD")
		case d.Before(today) || d.After(today.AddDate(0, 0, MaxReviewDays)):
			e.Add("review_on", fmt.Sprintf("review_on is from today to %d days ahead", MaxReviewDays))
		}
	}
	if err := e.Err(); err != nil {
		return o, err
	}
	if avoid != nil {
		if !in.ConfirmAvoid {
			return o, avoid
		}
		o.ConfirmedAvoid = true
	}
	return o, nil
}

func checkDose(e *validate.Errors, d coach.Dose) {
	bad := func(field string, v, lo, hi int) {
		if v < lo || v > hi {
			e.Add("dose."+field, fmt.Sprintf("dose.%s is from %d to %d", field, lo, hi))
		}
	}
	bad("sets", d.Sets, 1, MaxSets)
	bad("reps", d.Reps, 0, MaxReps)
	bad("hold_seconds", d.HoldSeconds, 0, MaxHoldSeconds)
	bad("minutes", d.Minutes, 0, MaxMinutes)
	bad("minutes_estimate", d.MinutesEstimate, 0, MaxMinutes)
	if d.Reps == 0 && d.HoldSeconds == 0 && d.Minutes == 0 {
		e.Add("dose", "a dose needs reps, hold_seconds or minutes")
	}
}

// avoidFor is why ex is to be avoided with the conditions, or nil.
func avoidFor(ex *coach.Exercise, conditions []string) *AvoidError {
	for _, c := range conditions {
		if ex.RatingFor(c) == coach.Avoid {
			why := ex.Notes[c]
			switch {
			case c == coach.RadicularColumn:
				// Rated as the disc column, whose note names a disc problem
				// the patient may not have (rule V7).
				why = "leg pain below the knee takes the disc herniation ratings, and the library rates it avoid there"
			case why == "":
				why = "the library rates it avoid for this condition"
			}
			return &AvoidError{Exercise: ex.ID, Condition: c, Why: why}
		}
	}
	return nil
}

// AddOverride prescribes for the patient behind linkID: field errors
// (validate.Errors) for bad input, *AvoidError for an unconfirmed avoid.
func (s *Service) AddOverride(ctx context.Context, u *account.User, linkID int64, in OverrideInput) (Override, error) {
	l, err := s.patientLink(ctx, u, linkID)
	if err != nil {
		return Override{}, err
	}
	var conditions []string
	pl, err := s.plans.Active(ctx, l.MemberID)
	switch {
	case err == nil:
		var c coach.Classification
		if pl.Result.Classification != nil {
			c = *pl.Result.Classification
		}
		conditions = coach.RatingColumnsFor(pl.Profile, c)
	case !errors.Is(err, plans.ErrNotFound):
		return Override{}, err
	}
	o, err := checkOverride(in, s.plans.Library(), conditions, dateOf(s.now()))
	if err != nil {
		return Override{}, err
	}
	if pl != nil && o.Kind == coach.PrescribeAdd {
		if o, err = confirmFor(o, in, pl.Profile, s.plans.Library()); err != nil {
			return Override{}, err
		}
		if need, budget, out := coach.AddMisfit(pl.Profile, s.plans.Library(), coach.Prescription{Kind: o.Kind, Exercise: o.Exercise, Dose: in.Dose},
			InForce(pl.Prescriptions, dateOf(s.now()))); out {
			return Override{}, validate.Errors{{Field: "dose", Message: fmt.Sprintf(
				"one set of this dose takes about %d minutes; the patient has %d minutes a day, so it would fit no day of their plan: prescribe fewer repetitions or a shorter hold",
				need, budget)}}
		}
	}
	// It acts from today, or from tomorrow when today's session is logged
	// already (a lived day never changes), as a swap does.
	from := dateOf(s.now())
	if pl != nil {
		if from, err = s.plans.SettingsFrom(ctx, l.MemberID); err != nil {
			return Override{}, err
		}
	}
	o.LinkID, o.MemberID, o.CreatedAt, o.From = l.ID, l.MemberID, s.now(), from.Format(time.DateOnly)
	if o.ID, err = s.db.AddClinicOverride(ctx, o); err != nil {
		return Override{}, err
	}
	o.ClinicianName = l.ClinicianName
	if err := s.logAccess(ctx, l.ID, "prescribed: "+describe(o, s.plans.Library())); err != nil {
		return Override{}, err
	}
	return toOverride(o), nil
}

// InForce are the prescriptions of rxs that act on day.
func InForce(rxs []coach.Prescription, day time.Time) []coach.Prescription {
	var out []coach.Prescription
	for _, rx := range rxs {
		if !rx.From.After(day) && (rx.Until.IsZero() || rx.Until.After(day)) {
			out = append(out, rx)
		}
	}
	return out
}

// Misfit is why an added exercise of the patient fits no day of their
// plan now ("" when it fits): the clinician's patient page says so.
func (s *Service) Misfit(p *Patient, o Override) string {
	if p.State == nil || o.Kind != coach.PrescribeAdd || o.Dose == nil {
		return ""
	}
	rx := coach.Prescription{Kind: o.Kind, Exercise: o.Exercise, Dose: o.Dose}
	need, budget, out := coach.AddMisfit(p.State.Plan.Profile, s.plans.Library(), rx, InForce(p.State.Plan.Prescriptions, dateOf(s.now())))
	if !out {
		return ""
	}
	return fmt.Sprintf("It fits no day of the plan now: one set takes about %d minutes, and the patient's day has %d. Change the dose or remove it.", need, budget)
}

// RemoveOverride ends one prescription of the patient behind linkID.
func (s *Service) RemoveOverride(ctx context.Context, u *account.User, linkID, id int64) error {
	l, err := s.patientLink(ctx, u, linkID)
	if err != nil {
		return err
	}
	os, err := s.db.LinkOverrides(ctx, l.ID)
	if err != nil {
		return err
	}
	for _, o := range os {
		if o.ID != id {
			continue
		}
		if err := s.db.RemoveClinicOverride(ctx, l.ID, id, s.now()); errors.Is(err, store.ErrNotFound) {
			return ErrNotFound
		} else if err != nil {
			return err
		}
		return s.logAccess(ctx, l.ID, "removed a prescription: "+describe(o, s.plans.Library()))
	}
	return ErrNotFound
}

// describe words a prescription for the access log the member reads:
// an exercise by its name in lib (its id when lib has it no more).
func describe(o store.ClinicOverride, lib *coach.Library) string {
	name := o.Exercise
	if e, ok := lib.Get(o.Exercise); ok {
		name = e.Name
	}
	switch o.Kind {
	case coach.PrescribeExclude:
		return "leave out " + name
	case coach.PrescribeAdd:
		s := "add " + name
		if o.ConfirmedAvoid {
			s += " (confirmed although rated avoid)"
		}
		return s
	case coach.PrescribeCapMinutes:
		return fmt.Sprintf("at most %d minutes a week", o.CapMinutes)
	default:
		return "review on " + o.ReviewOn
	}
}

func dateOf(t time.Time) time.Time {
	t = t.UTC()
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// confirmFor checks an add against the member's profile as the coach
// does (coach.Contraindications): a rule no confirmation lifts (what they
// cannot do or do not have) is a field error on add; a contraindication
// needs confirm_avoid; and a confirmed add records what it covered, so
// that a contraindication that appears later pauses it (rule C1).
func confirmFor(o store.ClinicOverride, in OverrideInput, p coach.Profile, lib *coach.Library) (store.ClinicOverride, error) {
	xs := coach.Contraindications(p, lib, o.Exercise)
	for _, x := range xs {
		if x.Never {
			return o, validate.Errors{{Field: "add", Message: x.Reason + " It cannot be added for this patient."}}
		}
	}
	if len(xs) == 0 {
		return o, nil
	}
	if !in.ConfirmAvoid {
		if col, ok := strings.CutPrefix(xs[0].Key, "rating:"); ok {
			ex, _ := lib.Get(o.Exercise)
			return o, avoidFor(ex, []string{col})
		}
		return o, &AvoidError{Exercise: o.Exercise, Why: strings.TrimSuffix(xs[0].Reason, ".")}
	}
	o.ConfirmedAvoid = true
	var d storedDose
	if err := json.Unmarshal([]byte(o.Dose), &d); err != nil {
		return o, fmt.Errorf("clinic: dose of %s: %w", o.Exercise, err)
	}
	d.Confirmed = coach.ConfirmationKeys(p, lib, o.Exercise)
	b, err := json.Marshal(d)
	if err != nil {
		return o, fmt.Errorf("clinic: dose of %s: %w", o.Exercise, err)
	}
	o.Dose = string(b)
	return o, nil
}

// storedDose is the dose column: the dose, and for a confirmed add the
// contraindications the confirmation covered (coach.Prescription.Confirmed).
type storedDose struct {
	coach.Dose
	Confirmed []string `json:"confirmed,omitempty"`
}
