// Package benchdata makes the data the benchmarks measure with: a member
// with years of daily logs, for the member pages' benchmarks and for
// bench/mixed.sh (through bench/seedmember).
package benchdata

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"time"

	"supple/internal/account"
	"supple/internal/coach"
	"supple/internal/server"
	"supple/internal/store"
)

// Clock is a clock to hand to server.Config.Now that SeedMember moves.
type Clock struct {
	mu sync.Mutex
	t  time.Time
}

// NewClock returns a clock that reads t.
func NewClock(t time.Time) *Clock { return &Clock{t: t} }

// Now is the clock's time.
func (c *Clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Set moves the clock to t.
func (c *Clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

// Profile is the seeded member's answers: a desk worker with pain 4.
var Profile = coach.Profile{Age: 46, PainNow: 4, DurationWeeks: 16, LegPain: "none", WorseWith: []string{"sitting", "bending_forward"},
	BetterWith: []string{"walking"}, ActivityLevel: "sedentary", MinutesPerDay: 30, DaysPerWeek: 5}

// Password is the seeded member's password.
const Password = "a long enough secret"

// Member is a seeded member.
type Member struct {
	UserID, PlanID int64
	Session        string // the secret of a session cookie (web.SessionCookie)
}

// SeedMember adds a member (Profile, Password) whose saved plan began days
// days before end: every plan session logged with pain scores, a walk or
// a ride on every other day up to end, and a check-in at the end of each
// plan week. srv must run on clk; SeedMember leaves it at end, where the
// member's session starts.
func SeedMember(ctx context.Context, srv *server.Server, clk *Clock, email string, days int, end time.Time) (Member, error) {
	clk.Set(end.AddDate(0, 0, -days))
	u, err := srv.Accounts.Create(ctx, email, Password, "member")
	if err != nil {
		return Member{}, fmt.Errorf("benchdata: %w", err)
	}
	pl, err := srv.Plans.Create(ctx, Profile)
	if err != nil {
		return Member{}, fmt.Errorf("benchdata: %w", err)
	}
	if err := srv.Plans.Save(ctx, pl.Token, u.ID); err != nil {
		return Member{}, fmt.Errorf("benchdata: %w", err)
	}
	for i := range days {
		date := pl.Start.AddDate(0, 0, i)
		w, d, inPlan := coach.PlanDay(pl.Start, date)
		row := store.SessionLog{UserID: u.ID, PlanID: pl.ID, Kind: coach.KindActivity, Week: w, Day: d, Date: date.Format(time.DateOnly), Done: true,
			LegSymptoms: "none", RedFlags: "[]", Recorded: date.Format(time.DateOnly), CreatedAt: date, UpdatedAt: date}
		var items []coach.LogItem
		if inPlan && !pl.Result.Weeks[w-1].Days[d-1].Rest {
			row.Kind, row.PainBefore, row.PainAfter, row.PainNextMorning = coach.KindSession, ptr(2+i%4), ptr(3+i%3), ptr(2+i%3)
			for _, it := range pl.Result.Weeks[w-1].Days[d-1].Items {
				items = append(items, coach.LogItem{Exercise: it.Exercise, Minutes: it.Minutes, Done: true})
			}
		} else {
			ex := []string{"brisk-walking", "cycling"}[i%2]
			items = []coach.LogItem{{Exercise: ex, Minutes: 15 + i%30, Done: true}}
		}
		js, err := json.Marshal(items)
		if err != nil {
			return Member{}, err
		}
		row.Items = string(js)
		if _, err := srv.DB.AddLog(ctx, row); err != nil {
			return Member{}, fmt.Errorf("benchdata: %w", err)
		}
	}
	for w := 1; w <= coach.PlanWeeks; w++ {
		psfs := fmt.Sprintf(`[{"activity":"putting on socks","score":%d}]`, 3+w/2)
		if _, err := srv.DB.AddCheckin(ctx, store.Checkin{UserID: u.ID, PlanID: pl.ID, Week: w, Date: pl.Date(w, 7).Format(time.DateOnly),
			Pain: max(4-w/3, 0), PSFS: psfs, CreatedAt: pl.Start}); err != nil {
			return Member{}, fmt.Errorf("benchdata: %w", err)
		}
	}
	clk.Set(end)
	st, err := srv.Accounts.StartSession(ctx, u, account.Handover{})
	if err != nil {
		return Member{}, fmt.Errorf("benchdata: %w", err)
	}
	return Member{UserID: u.ID, PlanID: pl.ID, Session: st.Session}, nil
}

func ptr(n int) *int { return &n }
