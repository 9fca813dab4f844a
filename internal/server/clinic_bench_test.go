package server_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"supple/internal/account"
	"supple/internal/benchdata"
	"supple/internal/clinic"
	"supple/internal/servertest"
)

// BenchmarkClinicDashboard answers GET /api/v1/clinic/patients for a
// clinician with 200 linked patients, each with 12 weeks of logs and
// check-ins (benchdata.SeedMember), through the real handler; it reports
// the p50 and p95 of the requests' durations. The target is a p50 under
// 50 ms.
func BenchmarkClinicDashboard(b *testing.B) {
	ctx := context.Background()
	clk := servertest.NewClock(servertest.Start)
	h := servertest.New(b, servertest.WithClock(clk))
	end := servertest.Start.AddDate(0, 0, 84)
	doc, err := h.Srv.Accounts.Create(ctx, "doc@example.org", servertest.Password, account.Clinician)
	if err != nil {
		b.Fatal(err)
	}
	_, token, err := h.Srv.Accounts.CreateToken(ctx, doc, "bench")
	if err != nil {
		b.Fatal(err)
	}
	const patients = 200
	for i := range patients {
		m, err := benchdata.SeedMember(ctx, h.Srv, clk, fmt.Sprintf("p%03d@example.org", i), 84, end)
		if err != nil {
			b.Fatal(err)
		}
		inv, err := h.Srv.Clinic.CreateInvite(ctx, doc)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := h.Srv.Clinic.Accept(ctx, &account.User{ID: m.UserID, Role: account.Member}, inv.Code, "", clinic.ChannelWeb); err != nil {
			b.Fatal(err)
		}
	}
	get := func() int {
		req := httptest.NewRequest(http.MethodGet, "/api/v1/clinic/patients", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		rec := httptest.NewRecorder()
		h.Srv.Handler.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK || strings.Count(rec.Body.String(), `"id":`) != patients {
			b.Fatalf("dashboard: %d %.300s", rec.Code, rec.Body.String())
		}
		return rec.Body.Len()
	}
	size := get()
	var took []time.Duration
	for b.Loop() {
		t0 := time.Now()
		get()
		took = append(took, time.Since(t0))
	}
	b.StopTimer()
	// The one query that tells which cached rows are still right.
	var stamps []time.Duration
	for range 20 {
		t0 := time.Now()
		if _, err := h.Srv.DB.ClinicStamps(ctx, doc.ID); err != nil {
			b.Fatal(err)
		}
		stamps = append(stamps, time.Since(t0))
	}
	pct := func(ds []time.Duration, p float64) float64 {
		slices.Sort(ds)
		return float64(ds[int(p*float64(len(ds)-1))]) / 1e6
	}
	b.ReportMetric(pct(took, 0.50), "p50-ms")
	b.ReportMetric(pct(took, 0.95), "p95-ms")
	b.ReportMetric(pct(stamps, 0.50), "stamps-p50-ms")
	b.ReportMetric(float64(size)/1024, "KB/response")
}
