// Package progress keeps what members report about their plan (session
// logs, outside activity, weekly check-ins, re-screens) and gives the
// plan as the coach adapts it to those reports.
package progress

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"time"

	"supple/internal/coach"
	"supple/internal/plans"
	"supple/internal/store"
	"supple/internal/validate"
)

// Errors the web and API layers turn into responses.
var (
	ErrNoPlan    = errors.New("you have no saved plan yet")
	ErrDuplicate = errors.New("this plan day is already logged")
	ErrNotFound  = errors.New("no such log")
	// ErrLived means a change to a log of a week whose next week has
	// begun: its answers decided that week, so only the next-morning pain
	// and the note may still change.
	ErrLived = errors.New("this session's week has been lived: only the next-morning pain and the note can still change")
	// ErrStale means the log kept changing while an update was saved
	// (other requests won each try): nothing was overwritten.
	ErrStale = errors.New("the log changed while it was being saved")
)

// Service keeps logs and adapts plans.
type Service struct {
	db    *store.DB
	plans *plans.Service
	now   func() time.Time
	cache logCache
}

// New returns the progress service.
func New(db *store.DB, ps *plans.Service, now func() time.Time) *Service {
	return &Service{db: db, plans: ps, now: now}
}

// State is a member's plan as adapted to everything they logged.
type State struct {
	Plan     *plans.Plan
	Logs     []coach.Log
	Checkins []Checkin
	Result   coach.Result // the adapted plan (or a referral)
	Today    time.Time    // the member's date
	Week     int          // today's plan week and day; 0 outside the plan
	Day      int
	// Earlier are the member's session logs from their earlier plans,
	// oldest first: progress follows the person, not only the plan (a
	// new plan made the same day keeps that morning's session in view).
	// They never adapt the active plan.
	Earlier []coach.Log
}

// AcrossPlans is the member's logs of this plan after the session logs
// of their earlier plans: what follows the person, oldest plan first.
func (st *State) AcrossPlans() []coach.Log { return slices.Concat(st.Earlier, st.Logs) }

// LoggedToday is the session the member logged today, on this plan or
// an earlier one (nil: none).
func (st *State) LoggedToday() *coach.Log {
	iso := st.Today.Format(time.DateOnly)
	for _, logs := range [][]coach.Log{st.Logs, st.Earlier} {
		for i := len(logs) - 1; i >= 0; i-- {
			if logs[i].Kind == coach.KindSession && logs[i].Date == iso {
				return &logs[i]
			}
		}
	}
	return nil
}

// earlier are the member's session logs of their plans other than
// active, oldest first.
func (s *Service) earlier(ctx context.Context, userID, active int64) ([]coach.Log, error) {
	rows, err := s.db.UserPlans(ctx, userID)
	if err != nil {
		return nil, fmt.Errorf("progress: earlier plans of %d: %w", userID, err)
	}
	var out []coach.Log
	for _, row := range rows {
		if row.ID == active {
			continue
		}
		logs, err := s.logs(ctx, userID, row.ID)
		if err != nil {
			return nil, err
		}
		for _, l := range logs {
			if l.Kind == coach.KindSession {
				out = append(out, l)
			}
		}
	}
	slices.SortStableFunc(out, func(a, b coach.Log) int { return cmp.Compare(a.Date, b.Date) })
	return out, nil
}

// latestAllowed is the last date a log may have: no time zone is more
// than 14 hours ahead of UTC.
func (s *Service) latestAllowed() time.Time {
	t := s.now().UTC().Add(14 * time.Hour)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// Current loads the member's active plan, logs and check-ins and adapts
// the plan. local is the member's date as their device reports it ("" to
// use the server's).
func (s *Service) Current(ctx context.Context, userID int64, local string) (*State, error) {
	pl, err := s.plans.Active(ctx, userID)
	if errors.Is(err, plans.ErrNotFound) {
		return nil, ErrNoPlan
	}
	if err != nil {
		return nil, err
	}
	loc, err := s.zone(ctx, userID)
	if err != nil {
		return nil, err
	}
	st := &State{Plan: pl, Today: s.today(loc, local)}
	if st.Logs, err = s.logs(ctx, userID, pl.ID); err != nil {
		return nil, err
	}
	if st.Checkins, err = s.checkins(ctx, userID, pl.ID); err != nil {
		return nil, err
	}
	rescreened, err := s.db.LastRescreen(ctx, userID, pl.ID)
	if err != nil {
		return nil, err
	}
	if st.Earlier, err = s.earlier(ctx, userID, pl.ID); err != nil {
		return nil, err
	}
	st.Week, st.Day, _ = coach.PlanDay(pl.Start, st.Today)
	st.Result = pl.Adapt(coach.History{Today: st.Today, Logs: st.Logs, Rescreened: rescreened})
	return st, nil
}

// AddLog checks a log (coach.ValidateLog, then against the member's
// active plan) and stores it.
func (s *Service) AddLog(ctx context.Context, userID int64, l coach.Log) (coach.Log, error) {
	pl, err := s.plans.Active(ctx, userID)
	if errors.Is(err, plans.ErrNotFound) {
		return l, ErrNoPlan
	}
	if err != nil {
		return l, err
	}
	if l.Kind == coach.KindActivity {
		if d, err := time.Parse(time.DateOnly, l.Date); err == nil {
			l.Week, l.Day, _ = coach.PlanDay(pl.Start, d)
		}
	}
	if e := coach.ValidateLog(l); len(e) > 0 {
		return l, e
	}
	loc, err := s.zone(ctx, userID)
	if err != nil {
		return l, err
	}
	if e := coach.CheckLog(l, pl.Start, s.latestFor(loc)); len(e) > 0 {
		return l, e
	}
	if e := checkExercises(s.plans.Library(), l); len(e) > 0 {
		return l, e
	}
	if e, err := s.checkAgainstPlan(ctx, userID, pl, l); err != nil || len(e) > 0 {
		return l, cmp.Or[error](err, e)
	}
	now := s.now().UTC()
	l.Recorded = s.today(loc, "").Format(time.DateOnly)
	row, err := toRow(userID, pl.ID, l, now)
	if err != nil {
		return l, err
	}
	id, err := s.db.AddLog(ctx, row)
	if errors.Is(err, store.ErrDuplicate) {
		return l, ErrDuplicate
	}
	if err != nil {
		return l, err
	}
	l.ID = id
	return l, nil
}

// checkAgainstPlan refuses a session log that contradicts the plan of
// its day as the member saw it: the plan adapted to their other logs
// (days already lived never change, so later logs do not move it). A
// plan paused by a warning sign is checked against the plan as saved.
func (s *Service) checkAgainstPlan(ctx context.Context, userID int64, pl *plans.Plan, l coach.Log) (validate.Errors, error) {
	if l.Kind != coach.KindSession {
		return nil, nil
	}
	logs, err := s.logs(ctx, userID, pl.ID)
	if err != nil {
		return nil, err
	}
	logs = slices.DeleteFunc(slices.Clone(logs), func(x coach.Log) bool { return l.ID != 0 && x.ID == l.ID })
	res := pl.Adapt(coach.History{Today: s.latestAllowed(), Logs: logs})
	if res.Status != coach.StatusPlan {
		res = pl.Result
	}
	return coach.CheckLogAgainstPlan(l, res), nil
}

func checkExercises(lib *coach.Library, l coach.Log) validate.Errors {
	var e validate.Errors
	for i, it := range l.Items {
		if _, ok := lib.Get(it.Exercise); !ok {
			e.Add(fmt.Sprintf("items[%d].exercise", i), fmt.Sprintf("no exercise has the id %q; see /api/v1/exercises", it.Exercise))
		}
	}
	return e
}

// Log is one of the member's logs.
func (s *Service) Log(ctx context.Context, userID, id int64) (coach.Log, error) {
	row, err := s.db.Log(ctx, userID, id)
	if errors.Is(err, store.ErrNotFound) {
		return coach.Log{}, ErrNotFound
	}
	if err != nil {
		return coach.Log{}, err
	}
	return fromRow(row)
}

// UpdateLog stores new answers for an existing log (such as the
// next-morning pain), checked like a new one. Once the next week has
// begun, the answers that decided it stay as they were (ErrLived); a
// next-morning pain may still arrive, and is dated so that it changes
// only weeks still to come.
func (s *Service) UpdateLog(ctx context.Context, userID int64, l coach.Log) (coach.Log, error) {
	// The log is read, checked and written over the version read; when
	// another request changed it in between, all of it runs again on the
	// new version rather than overwrite that change.
	for try := 1; ; try++ {
		out, err := s.updateLog(ctx, userID, l)
		if errors.Is(err, store.ErrStale) && try == 3 {
			return out, fmt.Errorf("%w: %w", ErrStale, err)
		}
		if !errors.Is(err, store.ErrStale) {
			return out, err
		}
	}
}

func (s *Service) updateLog(ctx context.Context, userID int64, l coach.Log) (coach.Log, error) {
	if e := checkExercises(s.plans.Library(), l); len(e) > 0 {
		return l, e
	}
	oldRow, err := s.db.Log(ctx, userID, l.ID)
	if errors.Is(err, store.ErrNotFound) {
		return l, ErrNotFound
	}
	if err != nil {
		return l, err
	}
	old, err := fromRow(oldRow)
	if err != nil {
		return l, err
	}
	pl, err := s.plans.Active(ctx, userID)
	if err != nil && !errors.Is(err, plans.ErrNotFound) {
		return l, err
	}
	loc, err := s.zone(ctx, userID)
	if err != nil {
		return l, err
	}
	now := s.now().UTC()
	today := s.today(loc, "").Format(time.DateOnly)
	l.Kind, l.Week, l.Day, l.Date, l.Recorded, l.MorningRecorded = old.Kind, old.Week, old.Day, old.Date, old.Recorded, old.MorningRecorded
	if e := coach.ValidateLog(l); len(e) > 0 {
		return l, e
	}
	if pl != nil && pl.ID == oldRow.PlanID && lived(pl.Start, old.Week, today) {
		// Lived: compare everything but the next-morning pain and note.
		a, b := old, l
		a.PainNextMorning, b.PainNextMorning, a.Note, b.Note = nil, nil, "", ""
		if !reflect.DeepEqual(a, b) {
			return l, ErrLived
		}
	}
	if pl != nil && pl.ID == oldRow.PlanID && !reflect.DeepEqual(old.Items, l.Items) {
		if e, err := s.checkAgainstPlan(ctx, userID, pl, l); err != nil || len(e) > 0 {
			return l, cmp.Or[error](err, e)
		}
	}
	if !equalPtr(old.PainNextMorning, l.PainNextMorning) && today > old.Recorded {
		l.MorningRecorded = today
	}
	row, err := toRow(userID, oldRow.PlanID, l, now)
	if err != nil {
		return l, err
	}
	row.ID, row.Version = l.ID, oldRow.Version
	if err := s.db.UpdateLog(ctx, row); errors.Is(err, store.ErrNotFound) {
		return l, ErrNotFound
	} else if err != nil {
		return l, err
	}
	return l, nil
}

// lived reports whether the week after plan week week has begun by
// today (YYYY-MM-DD): that week's logs decided it, so they keep their
// answers but for the next-morning pain and the note.
func lived(start time.Time, week int, today string) bool {
	return week < coach.PlanWeeks && today > coach.PlanDate(start, week+1, 1).Format(time.DateOnly)
}

// Lived reports whether a log of the state's plan can no longer change
// but for its next-morning pain and note (UpdateLog's ErrLived).
func (st *State) Lived(l coach.Log) bool {
	return lived(st.Plan.Start, l.Week, st.Today.Format(time.DateOnly))
}

func equalPtr(a, b *int) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

// Logs lists the logs of the member's active plan, oldest first.
func (s *Service) Logs(ctx context.Context, userID int64) ([]coach.Log, error) {
	pl, err := s.plans.Active(ctx, userID)
	if errors.Is(err, plans.ErrNotFound) {
		return nil, ErrNoPlan
	}
	if err != nil {
		return nil, err
	}
	return s.logs(ctx, userID, pl.ID)
}

// Rescreen records the member's new answers to the red-flag questions.
// Flags reported there make the plan a referral, as a log's would.
func (s *Service) Rescreen(ctx context.Context, userID int64, flags []string) error {
	pl, err := s.plans.Active(ctx, userID)
	if errors.Is(err, plans.ErrNotFound) {
		return ErrNoPlan
	}
	if err != nil {
		return err
	}
	all := append(slices.Clone(coach.EmergencyFlags), coach.UrgentFlags...)
	var e validate.Errors
	for _, f := range flags {
		if !slices.Contains(all, f) {
			e.Add("red_flags", fmt.Sprintf("%q is not a warning sign supple asks about", f))
			return e
		}
	}
	loc, err := s.zone(ctx, userID)
	if err != nil {
		return err
	}
	now := s.now().UTC()
	today := s.today(loc, "")
	var flagged *store.SessionLog
	if len(flags) > 0 {
		// Kept as a log of the day so that the coach refers, exactly as
		// when a red flag is reported with a session.
		w, d, _ := coach.PlanDay(pl.Start, today)
		l := coach.Log{Kind: coach.KindActivity, Week: w, Day: d, Date: today.Format(time.DateOnly), Done: false,
			LegSymptoms: "none", RedFlags: flags, Items: []coach.LogItem{}, Note: "answers to the warning-sign questions", Recorded: today.Format(time.DateOnly)}
		row, err := toRow(userID, pl.ID, l, now)
		if err != nil {
			return err
		}
		flagged = &row
	}
	b, err := json.Marshal(flags)
	if err != nil {
		return err
	}
	return s.db.AddRescreen(ctx, userID, pl.ID, today.Format(time.DateOnly), string(b), now, flagged)
}

// toRow is a log as the store keeps it, created and updated now (an
// update writes only the changing columns).
func toRow(userID, planID int64, l coach.Log, now time.Time) (store.SessionLog, error) {
	flags, err := json.Marshal(l.RedFlags)
	if err != nil {
		return store.SessionLog{}, err
	}
	if l.RedFlags == nil {
		flags = []byte("[]")
	}
	items, err := json.Marshal(l.Items)
	if err != nil {
		return store.SessionLog{}, err
	}
	if l.Items == nil {
		items = []byte("[]")
	}
	return store.SessionLog{UserID: userID, PlanID: planID, Kind: l.Kind, Week: l.Week, Day: l.Day, Date: l.Date, Done: l.Done,
		PainBefore: l.PainBefore, PainDuring: l.PainDuring, PainAfter: l.PainAfter, PainNextMorning: l.PainNextMorning,
		LegSymptoms: l.LegSymptoms, NewNumbness: l.NewNumbnessOrWeakness, RedFlags: string(flags), Items: string(items),
		Note: l.Note, Recorded: l.Recorded, MorningRecorded: l.MorningRecorded, CreatedAt: now, UpdatedAt: now}, nil
}

func fromRow(r store.SessionLog) (coach.Log, error) {
	l := coach.Log{ID: r.ID, Kind: r.Kind, Week: r.Week, Day: r.Day, Date: r.Date, Done: r.Done, PainBefore: r.PainBefore,
		PainDuring: r.PainDuring, PainAfter: r.PainAfter, PainNextMorning: r.PainNextMorning, LegSymptoms: r.LegSymptoms,
		NewNumbnessOrWeakness: r.NewNumbness, Note: r.Note, Recorded: r.Recorded, MorningRecorded: r.MorningRecorded}
	l.RedFlags, l.Items = []string{}, []coach.LogItem{}
	if r.RedFlags != "[]" { // nearly always empty: skip the decoder
		if err := json.Unmarshal([]byte(r.RedFlags), &l.RedFlags); err != nil {
			return l, fmt.Errorf("progress: log %d red flags: %w", r.ID, err)
		}
	}
	if r.Items != "[]" {
		if err := json.Unmarshal([]byte(r.Items), &l.Items); err != nil {
			return l, fmt.Errorf("progress: log %d items: %w", r.ID, err)
		}
	}
	return l, nil
}
