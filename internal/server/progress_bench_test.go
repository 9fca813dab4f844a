package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"testing"
	"time"

	"supple/internal/coach"
	"supple/internal/server"
	"supple/internal/store"
	"supple/internal/storetest"
	"supple/internal/web"
)

// memberBench is a server with one member who has three years of daily
// logs: the plan's 12 weeks of sessions, then a logged walk or ride every
// day after them, and a check-in every week of the plan.
type memberBench struct {
	srv    *server.Server
	secret string
	logs   []store.SessionLog
}

func newMemberBench(b *testing.B) *memberBench {
	b.Helper()
	ctx := context.Background()
	const days = 1100
	start := clock.AddDate(0, 0, -days)
	clk := &testClock{t: start}
	base, _ := url.Parse("http://127.0.0.1/")
	srv, err := server.Open(ctx, server.Config{DataDir: b.TempDir(), Database: storetest.URL(b), BaseURL: base,
		Log: slog.New(slog.DiscardHandler), Now: clk.now, Sleep: func(time.Duration) {}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { srv.Close() })
	u, err := srv.Accounts.Create(ctx, "ann@example.org", "a long enough secret", "member")
	if err != nil {
		b.Fatal(err)
	}
	pl, err := srv.Plans.Create(ctx, deskWorker)
	if err != nil {
		b.Fatal(err)
	}
	if err := srv.Plans.Save(ctx, pl.Token, u.ID); err != nil {
		b.Fatal(err)
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
		js, _ := json.Marshal(items)
		row.Items = string(js)
		if _, err := srv.DB.AddLog(ctx, row); err != nil {
			b.Fatal(err)
		}
	}
	for w := 1; w <= coach.PlanWeeks; w++ {
		psfs := fmt.Sprintf(`[{"activity":"putting on socks","score":%d}]`, 3+w/2)
		if _, err := srv.DB.AddCheckin(ctx, store.Checkin{UserID: u.ID, PlanID: pl.ID, Week: w, Date: pl.Date(w, 7).Format(time.DateOnly), Pain: max(4-w/3, 0), PSFS: psfs, CreatedAt: start}); err != nil {
			b.Fatal(err)
		}
	}
	clk.set(clock)
	secret, err := srv.Accounts.StartSession(ctx, u)
	if err != nil {
		b.Fatal(err)
	}
	logs, err := srv.DB.Logs(ctx, u.ID, pl.ID)
	if err != nil {
		b.Fatal(err)
	}
	return &memberBench{srv: srv, secret: secret, logs: logs}
}

func (m *memberBench) get(b *testing.B, path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: m.secret})
	rec := httptest.NewRecorder()
	m.srv.Handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("GET %s: status %d", path, rec.Code)
	}
	return rec
}

// run measures GET path: warm (the page again, as a member reloading it)
// and, with afterLog, after-a-log (a log changes before every request, so
// the logs are read and decoded anew). It reports the page size and the
// p50 and p95 of the requests' own durations.
func (m *memberBench) run(b *testing.B, path string, afterLog bool) {
	size := m.get(b, path).Body.Len()
	cases := []bool{false}
	if afterLog {
		cases = append(cases, true)
	}
	for _, changed := range cases {
		b.Run(map[bool]string{false: "warm", true: "after-a-log"}[changed], func(b *testing.B) {
			ctx := context.Background()
			var took []time.Duration
			for i := 0; b.Loop(); i++ {
				if changed {
					b.StopTimer()
					l := m.logs[i%len(m.logs)]
					l.Note = fmt.Sprint("note ", i)
					if err := m.srv.DB.UpdateLog(ctx, l); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				t0 := time.Now()
				m.get(b, path)
				took = append(took, time.Since(t0))
			}
			slices.Sort(took)
			pct := func(p float64) float64 { return float64(took[int(p*float64(len(took)-1))]) / 1e6 }
			b.ReportMetric(pct(0.50), "p50-ms")
			b.ReportMetric(pct(0.95), "p95-ms")
			b.ReportMetric(float64(size)/1024, "KB/page")
		})
	}
}

// BenchmarkProgressPage renders /me/progress through the real handler
// for the member with three years of logs, warm and after a log.
func BenchmarkProgressPage(b *testing.B) {
	newMemberBench(b).run(b, "/me/progress", true)
}

// BenchmarkMemberPlan renders /me/plan (the plan as adapted to the logs).
func BenchmarkMemberPlan(b *testing.B) {
	newMemberBench(b).run(b, "/me/plan", false)
}

// BenchmarkMemberToday renders /me/today (today's session and the
// check-ins due).
func BenchmarkMemberToday(b *testing.B) {
	newMemberBench(b).run(b, "/me/today", false)
}
