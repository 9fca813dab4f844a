package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"supple/internal/coach"
	"supple/internal/server"
	"supple/internal/store"
	"supple/internal/storetest"
	"supple/internal/web"
)

// BenchmarkProgressPage renders /me/progress through the real handler
// for a member with three years of daily logs: the plan's 12 weeks of
// sessions, then a logged walk or ride every day after them.
func BenchmarkProgressPage(b *testing.B) {
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
	defer srv.Close()
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
	secret, err := srv.Accounts.StartSession(ctx, u, "")
	if err != nil {
		b.Fatal(err)
	}
	get := func() *httptest.ResponseRecorder {
		req := httptest.NewRequest(http.MethodGet, "/me/progress", nil)
		req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: secret})
		rec := httptest.NewRecorder()
		srv.Handler.ServeHTTP(rec, req)
		return rec
	}
	first := get()
	if first.Code != http.StatusOK {
		b.Fatalf("status %d", first.Code)
	}
	logs, err := srv.DB.Logs(ctx, u.ID, pl.ID)
	if err != nil {
		b.Fatal(err)
	}
	// warm: the page again, as a member reloading it; after-a-log: a log
	// changes before every request, so the logs are read and decoded anew.
	for _, changed := range []bool{false, true} {
		b.Run(map[bool]string{false: "warm", true: "after-a-log"}[changed], func(b *testing.B) {
			for i := 0; b.Loop(); i++ {
				if changed {
					b.StopTimer()
					l := logs[i%len(logs)]
					l.Note = fmt.Sprint("note ", i)
					if err := srv.DB.UpdateLog(ctx, l); err != nil {
						b.Fatal(err)
					}
					b.StartTimer()
				}
				if rec := get(); rec.Code != http.StatusOK {
					b.Fatalf("status %d", rec.Code)
				}
			}
			b.ReportMetric(float64(first.Body.Len())/1024, "KB/page")
		})
	}
}
