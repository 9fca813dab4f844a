package server_test

import (
	"context"
	"log/slog"
	"net/url"
	"testing"
	"time"

	"supple/internal/coach"
	"supple/internal/server"
	"supple/internal/servertest"
	"supple/internal/storetest"
)

// BenchmarkAnonymousPlan renders an anonymous plan link, /plan/{token},
// through the real handler: the plan is made again from its inputs on
// every request.
func BenchmarkAnonymousPlan(b *testing.B) {
	ctx := context.Background()
	base, _ := url.Parse("http://127.0.0.1/")
	srv, err := server.Open(ctx, server.Config{DataDir: b.TempDir(), Database: storetest.URL(b), BaseURL: base,
		Log: slog.New(slog.DiscardHandler), Now: func() time.Time { return servertest.Start }, Sleep: func(time.Duration) {}})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { srv.Close() })
	pl, err := srv.Plans.Create(ctx, coach.Profile{Age: 46, PainNow: 4, DurationWeeks: 16, LegPain: "none", ActivityLevel: "sedentary",
		MinutesPerDay: 30, DaysPerWeek: 5, WorseWith: []string{"sitting"}, BetterWith: []string{"walking"},
		Conditions: []string{}, RedFlags: []string{}, Access: []string{}})
	if err != nil {
		b.Fatal(err)
	}
	(&memberBench{srv: srv}).run(b, "/plan/"+pl.Token, false)
}
