package clinic

import (
	"context"
	"database/sql"
	"errors"

	"supple/internal/account"
	"supple/internal/coach"
	"supple/internal/progress"
)

// Patient is what a clinician sees of one linked member. State is nil
// for a member with no saved plan yet.
type Patient struct {
	Link      Link
	State     *progress.State   // the plan as adapted, its logs and check-ins
	Summary   *progress.Summary // the numbers of /me/progress
	Row       Row               // the patient's dashboard line
	Overrides []Override
	Notes     []Note
}

// Patient is the linked member behind linkID (ErrNotFound when the link
// is not the clinician's or was revoked); the view is in the member's
// access log.
func (s *Service) Patient(ctx context.Context, u *account.User, linkID int64) (*Patient, error) {
	l, err := s.patientLink(ctx, u, linkID)
	if err != nil {
		return nil, err
	}
	p := &Patient{Link: toLink(l), Row: Row{ID: l.ID, Name: l.MemberEmail, Flags: []string{}}}
	os, err := s.db.LinkOverrides(ctx, l.ID)
	if err != nil {
		return nil, err
	}
	for _, o := range os {
		p.Overrides = append(p.Overrides, toOverride(o))
	}
	notes, err := s.db.ClinicNotes(ctx, l.ID)
	if err != nil {
		return nil, err
	}
	p.Notes = toNotes(l, notes)
	st, err := s.prog.Current(ctx, l.MemberID, "")
	switch {
	case errors.Is(err, progress.ErrNoPlan):
		p.Row.NoPlan = true
	case err != nil:
		return nil, err
	default:
		sum := progress.Summarize(st, s.plans.Library())
		p.State, p.Summary = st, &sum
		fill(&p.Row, st, sum, reviewDates(os))
	}
	if err := s.logAccess(ctx, l.ID, "viewed your plan, logs, check-ins and notes"); err != nil {
		return nil, err
	}
	return p, nil
}

// PatientFHIR is what a FHIR export of the patient needs: their logs and
// check-ins (none without a plan); the export is in the access log.
func (s *Service) PatientFHIR(ctx context.Context, u *account.User, linkID int64) (memberID int64, logs []coach.Log, checkins []progress.Checkin, err error) {
	l, err := s.patientLink(ctx, u, linkID)
	if err != nil {
		return 0, nil, nil, err
	}
	st, err := s.prog.Current(ctx, l.MemberID, "")
	switch {
	case errors.Is(err, progress.ErrNoPlan):
	case err != nil:
		return 0, nil, nil, err
	default:
		logs, checkins = st.Logs, st.Checkins
	}
	if err := s.logAccess(ctx, l.ID, "downloaded your logs and check-ins as a FHIR bundle"); err != nil {
		return 0, nil, nil, err
	}
	return l.MemberID, logs, checkins, nil
}

// Prescriptions are the member's prescriptions in force, as the plan
// obeys them (plans.PrescriptionSource): not removed, from links that
// were not revoked, oldest first. Each acts from the day after it was
// made, so that a day the member may have lived already keeps its plan;
// By is the clinician's name.
func (s *Service) Prescriptions(ctx context.Context, userID int64) ([]coach.Prescription, error) {
	rows, err := s.db.MemberOverrideHistory(ctx, userID)
	if err != nil {
		return nil, err
	}
	out := make([]coach.Prescription, 0, len(rows))
	for _, r := range rows {
		o := toOverride(r)
		rx := coach.Prescription{
			ID: o.ID, Kind: o.Kind, Exercise: o.Exercise, Dose: o.Dose, CapMinutes: o.CapMinutes, ReviewOn: o.ReviewOn,
			Reason: o.Reason, By: o.By, From: dateOf(r.CreatedAt).AddDate(0, 0, 1), ConfirmedAvoid: o.ConfirmedAvoid, Confirmed: o.Confirmed,
		}
		// Removed, or its link ended: it stops from the next day on, and
		// the days it was in force keep it.
		for _, end := range []sql.NullTime{r.RemovedAt, r.LinkRevokedAt} {
			if end.Valid && (rx.Until.IsZero() || dateOf(end.Time).AddDate(0, 0, 1).Before(rx.Until)) {
				rx.Until = dateOf(end.Time).AddDate(0, 0, 1)
			}
		}
		if !rx.Until.IsZero() && !rx.Until.After(rx.From) {
			continue // ended the day it was made: it never applied
		}
		out = append(out, rx)
	}
	return out, nil
}
