package clinic

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"supple/internal/account"
	"supple/internal/coach"
	"supple/internal/plans"
	"supple/internal/progress"
	"supple/internal/store"
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
	// Profile is the answers the plan is built from: nil with no plan,
	// and nil when the link's stored consent lacks AnswersItem.
	Profile *coach.Profile
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
		if err := s.ownPrescriptionsOnly(ctx, l.ID, l.MemberID, st); err != nil {
			return nil, err
		}
		sum := progress.Summarize(st, s.plans.Library())
		p.State, p.Summary = st, &sum
		shared, err := s.answersShared(ctx, l.ID)
		if err != nil {
			return nil, err
		}
		if shared {
			prof := st.Plan.Profile
			p.Profile = &prof
		}
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
// were not revoked, oldest first. Each acts from the day it was made, or
// the next one when that day's session was logged already, so that a
// lived day keeps its plan; By is the clinician's name.
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
			Reason: o.Reason, By: o.By, From: fromDay(r), ConfirmedAvoid: o.ConfirmedAvoid, Confirmed: o.Confirmed,
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

// fromDay is the first plan day o acts on; one stored before it was
// recorded acted from the day after it was made.
func fromDay(o store.ClinicOverride) time.Time {
	if d, err := time.Parse(time.DateOnly, o.From); err == nil {
		return d
	}
	return dateOf(o.CreatedAt).AddDate(0, 0, 1)
}

// otherClinician is what a clinician reads in place of a prescription of
// the member's other clinicians: who they are and why they prescribed it
// is between the member and them.
const otherClinician = "Another of the member's clinicians changed this part of the plan."

// ownPrescriptionsOnly rewords, in the plan a clinician sees through
// linkID, every adjustment and left-out exercise that comes from another
// link's prescription, and keeps only the link's own prescriptions in the
// plan's inputs. The plan itself stays the member's plan.
func (s *Service) ownPrescriptionsOnly(ctx context.Context, linkID, memberID int64, st *progress.State) error {
	rows, err := s.db.MemberOverrideHistory(ctx, memberID)
	if err != nil {
		return fmt.Errorf("clinic: prescriptions of member %d: %w", memberID, err)
	}
	own := map[int64]bool{}
	for _, r := range rows {
		own[r.ID] = r.LinkID == linkID
	}
	pl := reword(st, s.plans.Library(), own, otherClinician)
	var mine []coach.Prescription
	for _, rx := range pl.Prescriptions {
		if own[rx.ID] {
			mine = append(mine, rx)
		}
	}
	pl.Prescriptions = mine
	pl.Choices.Prescriptions = mine
	return nil
}

// aClinician is what a share-link holder reads in place of a
// prescription: that a clinician made it, not who or why.
const aClinician = "A clinician's prescription changed this part of the plan."

// ForShare rewords st, as a share link shows it, so that no prescription
// names its clinician or their reason: the clinician is a third party to
// the share, and their free-text reason is clinical detail the member
// did not write (attack review 3, L3). The prescriptions leave the
// plan's inputs too.
func (s *Service) ForShare(st *progress.State) {
	pl := reword(st, s.plans.Library(), nil, aClinician)
	pl.Prescriptions, pl.Choices.Prescriptions = nil, nil
}

// reword gives every adjustment and left-out exercise of st that comes
// from a prescription not in keep the words text, in st's result and in
// a copy of its plan that st then holds (the member's plan value is not
// changed); it returns that copy.
func reword(st *progress.State, lib *coach.Library, keep map[int64]bool, text string) *plans.Plan {
	hide := func(res *coach.Result) {
		adj := make([]coach.Adjustment, 0, len(res.Adjustments))
		for _, a := range res.Adjustments {
			if a.Prescription != 0 && !keep[a.Prescription] {
				a.Reason = text
			}
			adj = append(adj, a)
		}
		res.Adjustments = adj
		ex := make([]coach.Excluded, 0, len(res.Excluded))
		for _, x := range res.Excluded {
			if x.Prescription != 0 && !keep[x.Prescription] {
				name := x.Exercise
				if e, ok := lib.Get(x.Exercise); ok {
					name = e.Name
				}
				x.Reason = name + " is not in the plan. " + text
			}
			ex = append(ex, x)
		}
		res.Excluded = ex
	}
	hide(&st.Result)
	pl := *st.Plan
	hide(&pl.Result)
	st.Plan = &pl
	return &pl
}

// answersShared says whether the member agreed, for linkID, to share
// their answers as AnswersItem names them.
func (s *Service) answersShared(ctx context.Context, linkID int64) (bool, error) {
	shown, _, _, err := s.db.ClinicConsent(ctx, linkID)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("clinic: consent of link %d: %w", linkID, err)
	}
	return slices.Contains(parseConsent(shown), AnswersItem), nil
}

// ShareAnswers records that the member agrees, for their link in force
// linkID, to share their answers too: AnswersItem joins what the link's
// consent lists, which is dated now and marked through via.
func (s *Service) ShareAnswers(ctx context.Context, memberID, linkID int64, via Channel) error {
	l, err := s.memberRecord(ctx, memberID, linkID)
	if err != nil {
		return err
	}
	if l.RevokedAt.Valid {
		return ErrNotFound
	}
	stored, _, _, err := s.db.ClinicConsent(ctx, linkID)
	if err != nil {
		return fmt.Errorf("clinic: consent of link %d: %w", linkID, err)
	}
	items := parseConsent(stored)
	if !slices.Contains(items, AnswersItem) {
		items = append(items, AnswersItem)
	}
	shown, err := json.Marshal(items)
	if err != nil {
		return fmt.Errorf("clinic: consent: %w", err)
	}
	if err := s.db.SetClinicConsent(ctx, linkID, string(shown), s.now(), string(via)); err != nil {
		return fmt.Errorf("clinic: share answers on link %d: %w", linkID, err)
	}
	return nil
}
