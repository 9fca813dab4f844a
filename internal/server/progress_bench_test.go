package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"supple/internal/benchdata"
	"supple/internal/server"
	"supple/internal/servertest"
	"supple/internal/store"
	"supple/internal/web"
)

// memberBench is a server with one member who has three years of daily
// logs (benchdata.SeedMember); requests go straight to the handler.
type memberBench struct {
	srv    *server.Server
	secret string
	logs   []store.SessionLog
}

func newMemberBench(b *testing.B) *memberBench {
	b.Helper()
	ctx := context.Background()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(b, servertest.WithClock(clk))
	m, err := benchdata.SeedMember(ctx, h.Srv, clk, "ann@example.org", 1100, servertest.Start)
	if err != nil {
		b.Fatal(err)
	}
	logs, err := h.Srv.DB.Logs(ctx, m.UserID, m.PlanID)
	if err != nil {
		b.Fatal(err)
	}
	return &memberBench{srv: h.Srv, secret: m.Session, logs: logs}
}

func (m *memberBench) get(b *testing.B, path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(http.MethodGet, path, nil)
	if m.secret != "" { // "": an anonymous visitor
		req.AddCookie(&http.Cookie{Name: web.SessionCookie, Value: m.secret})
	}
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
