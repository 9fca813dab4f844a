package clinic

import (
	"cmp"
	"context"
	"errors"
	"math"
	"slices"
	"strings"
	"sync"
	"time"

	"supple/internal/account"
	"supple/internal/coach"
	"supple/internal/progress"
	"supple/internal/store"
)

// Flags a dashboard row may carry, most urgent first.
const (
	FlagReferral        = "referral"         // the plan refers the member on (a red flag or a re-screen answer)
	FlagSpreading       = "spreading"        // leg symptoms spread or new numbness or weakness after a session
	FlagFlare           = "flare"            // a flare after a session
	FlagRescreenPending = "rescreen_pending" // the member was asked to answer the red-flag questions again and has not
	FlagPainRising      = "pain_rising"      // pain after sessions rose by a meaningful change (2 points) over 7 days
	FlagReviewDue       = "review_due"       // a review date the clinician set has come
	FlagNoLogs7Days     = "no_logs_7_days"   // nothing logged in the last 7 days of a started plan
)

// flagWeight orders patients by who needs attention: the sum of their
// flags' weights, heaviest first.
var flagWeight = map[string]int{
	FlagReferral: 64, FlagSpreading: 32, FlagFlare: 16, FlagRescreenPending: 8,
	FlagPainRising: 4, FlagReviewDue: 2, FlagNoLogs7Days: 1,
}

// PainRise is the rise in average pain after sessions, between the 7
// days before and the last 7, that flags pain_rising: the 2-point
// meaningful change of the NPRS (clinical.md section 7).
const PainRise = 2

// AdherenceDays is the window of the dashboard's adherence.
const AdherenceDays = 14

// PainTrend is the average pain after sessions in the last 7 days and
// its change against the 7 days before.
type PainTrend struct {
	Arrow  string   `json:"arrow"`  // "↑" rising, "↓" falling, "→" steady, "" unknown
	Last   *float64 `json:"last"`   // average pain after sessions in the last 7 days (0-10)
	Change *float64 `json:"change"` // against the 7 days before; above 0 is worse
}

// CheckinChange is the latest check-in against the baseline.
type CheckinChange struct {
	Pain           *int     `json:"pain_change"` // NPRS latest minus at the start: below 0 is better
	PainMeaningful bool     `json:"pain_meaningful"`
	PSFS           *float64 `json:"psfs_change"` // PSFS average change: above 0 is better
	PSFSMeaningful bool     `json:"psfs_meaningful"`
}

// Row is one patient on the dashboard.
type Row struct {
	ID        int64         `json:"id"` // the link: the patient's id on the clinician's side
	Name      string        `json:"name"`
	NoPlan    bool          `json:"no_plan"`   // "no plan yet": linked, nothing saved
	Adherence *int          `json:"adherence"` // percent of planned sessions done over the last 14 days; null with none planned
	PainTrend PainTrend     `json:"pain_trend"`
	Checkins  CheckinChange `json:"checkins"`
	Flags     []string      `json:"flags"`
	LastLog   *string       `json:"last_log"`   // YYYY-MM-DD
	ReviewDue *string       `json:"review_due"` // the earliest review date set, YYYY-MM-DD
}

func (r Row) weight() int {
	w := 0
	for _, f := range r.Flags {
		w += flagWeight[f]
	}
	return w
}

// maxCachedRows bounds the dashboard's row cache; when it is full it
// starts again.
const maxCachedRows = 4096

// rowCache keeps each link's dashboard row with the stamp it was made at
// (store.ClinicStamps) and the day: one aggregate query tells which rows
// are still right, so a dashboard of 200 patients adapts only the plans
// that changed. Every instance keeps its own; the stamp comes from the
// database, so none serves a row another instance made stale.
type rowCache struct {
	mu sync.Mutex
	m  map[int64]cachedRow // by link id
}

type cachedRow struct {
	key string
	row Row
}

// Dashboard lists the clinician's linked patients, who needs attention
// first: by the weight of their flags, then the lowest adherence, then
// name; patients with no plan yet come last. Each patient's appearance
// on it is in their access log (once an hour at most).
func (s *Service) Dashboard(ctx context.Context, u *account.User) ([]Row, error) {
	if !u.Can(account.Clinician) {
		return nil, ErrNotClinician
	}
	links, err := s.db.ClinicStamps(ctx, u.ID)
	if err != nil {
		return nil, err
	}
	// A row changes with its patient's day, which begins at their own
	// midnight: rows are made again every hour at most, whatever the zone.
	day := s.now().UTC().Format("2006-01-02T15")
	rows := make([]Row, 0, len(links))
	for _, l := range links {
		key := l.Stamp + "|" + day
		s.rows.mu.Lock()
		c, ok := s.rows.m[l.ID]
		s.rows.mu.Unlock()
		if !ok || c.key != key {
			if c.row, err = s.row(ctx, l.ClinicLink); err != nil {
				return nil, err
			}
			s.rows.mu.Lock()
			if s.rows.m == nil || len(s.rows.m) >= maxCachedRows {
				s.rows.m = map[int64]cachedRow{}
			}
			s.rows.m[l.ID] = cachedRow{key: key, row: c.row}
			s.rows.mu.Unlock()
		}
		rows = append(rows, c.row)
	}
	slices.SortStableFunc(rows, func(a, b Row) int {
		if a.NoPlan != b.NoPlan {
			if a.NoPlan {
				return 1
			}
			return -1
		}
		return cmp.Or(cmp.Compare(b.weight(), a.weight()), cmp.Compare(adherence(a), adherence(b)), strings.Compare(a.Name, b.Name))
	})
	if err := s.db.AddClinicAccessOnce(ctx, u.ID, s.now(), "saw you on the dashboard", time.Hour); err != nil {
		return nil, err
	}
	return rows, nil
}

// row makes a link's dashboard row from the member's adapted plan.
func (s *Service) row(ctx context.Context, l store.ClinicLink) (Row, error) {
	r := Row{ID: l.ID, Name: l.MemberEmail, Flags: []string{}}
	st, err := s.prog.Current(ctx, l.MemberID, "")
	switch {
	case errors.Is(err, progress.ErrNoPlan):
		r.NoPlan = true
		return r, nil
	case err != nil:
		return r, err
	}
	os, err := s.db.LinkOverrides(ctx, l.ID)
	if err != nil {
		return r, err
	}
	fill(&r, st, progress.Summarize(st, s.plans.Library()), reviewDates(os))
	return r, nil
}

func adherence(r Row) int {
	if r.Adherence == nil {
		return 101
	}
	return *r.Adherence
}

func reviewDates(os []store.ClinicOverride) []string {
	var out []string
	for _, o := range os {
		if o.Kind == coach.PrescribeReviewOn {
			out = append(out, o.ReviewOn)
		}
	}
	slices.Sort(out)
	return out
}

// fill computes a plan's row from its adapted state and summary; it is
// pure, so tests give it states directly.
func fill(r *Row, st *progress.State, sum progress.Summary, reviews []string) {
	today := dateOf(st.Today)
	from := today.AddDate(0, 0, -(AdherenceDays - 1))
	planned, done := 0.0, 0.0
	for _, d := range sum.Days {
		if d.Date.Before(from) || d.Date.After(today) {
			continue
		}
		switch d.Status {
		case progress.DayDone:
			planned, done = planned+1, done+1
		case progress.DayPartly:
			planned, done = planned+1, done+0.5
		case progress.DayMissed:
			planned++
		}
	}
	if planned > 0 {
		a := int(math.Round(100 * done / planned))
		r.Adherence = &a
	}
	// The last log and the pain trend follow the person across a new
	// plan (a session on the plan they replaced still counts); adherence
	// is the active plan's days.
	sessions := st.AcrossPlans()
	var last string
	for _, l := range sessions {
		last = max(last, l.Date)
	}
	if last != "" {
		r.LastLog = &last
	}
	r.PainTrend = painTrend(sessions, today)
	if o := sum.Checkins; o.Pain.Latest != nil {
		c := o.Pain.Change
		r.Checkins.Pain, r.Checkins.PainMeaningful = &c, o.Pain.Meaningful
		if o.PSFS != nil && o.PSFS.Compared > 0 {
			p := o.PSFS.Change
			r.Checkins.PSFS, r.Checkins.PSFSMeaningful = &p, o.PSFS.Meaningful
		}
	}
	if len(reviews) > 0 {
		r.ReviewDue = &reviews[0]
	}
	res := st.Result
	flag := func(on bool, f string) {
		if on {
			r.Flags = append(r.Flags, f)
		}
	}
	flag(res.Status == "referred", FlagReferral)
	flag(res.Rescreen && strings.HasPrefix(res.RescreenMessage, coach.RescreenMessage), FlagSpreading)
	flag(res.Rescreen && strings.HasPrefix(res.RescreenMessage, coach.RescreenFlareMessage), FlagFlare)
	flag(res.Rescreen && res.Status != "referred", FlagRescreenPending)
	flag(r.PainTrend.Change != nil && *r.PainTrend.Change >= PainRise, FlagPainRising)
	flag(r.ReviewDue != nil && *r.ReviewDue <= today.Format(time.DateOnly), FlagReviewDue)
	started := !st.Plan.Start.After(today.AddDate(0, 0, -7))
	flag(started && (last == "" || last < today.AddDate(0, 0, -6).Format(time.DateOnly)), FlagNoLogs7Days)
}

// painTrend averages the pain after sessions over the last 7 days and
// the 7 before.
func painTrend(logs []coach.Log, today time.Time) PainTrend {
	lastFrom := today.AddDate(0, 0, -6).Format(time.DateOnly)
	priorFrom := today.AddDate(0, 0, -13).Format(time.DateOnly)
	end := today.Format(time.DateOnly)
	var sumLast, sumPrior, nLast, nPrior float64
	for _, l := range logs {
		if l.PainAfter == nil || l.Date > end {
			continue
		}
		switch {
		case l.Date >= lastFrom:
			sumLast, nLast = sumLast+float64(*l.PainAfter), nLast+1
		case l.Date >= priorFrom:
			sumPrior, nPrior = sumPrior+float64(*l.PainAfter), nPrior+1
		}
	}
	var t PainTrend
	if nLast == 0 {
		return t
	}
	avg := math.Round(10*sumLast/nLast) / 10
	t.Last = &avg
	if nPrior == 0 {
		return t
	}
	ch := math.Round(10*(sumLast/nLast-sumPrior/nPrior)) / 10
	t.Change = &ch
	switch {
	case ch >= 1:
		t.Arrow = "↑"
	case ch <= -1:
		t.Arrow = "↓"
	default:
		t.Arrow = "→"
	}
	return t
}
