package rating_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"supple/internal/rating"
)

// The vote limit is one design on both engines: counted in the database,
// so that every service sharing it (several instances on PostgreSQL, or a
// restarted process on SQLite) enforces one limit per network and minute.
func TestLimitHoldsAcrossServices(t *testing.T) {
	_, db, id := setup(t, 3)
	ctx := context.Background()
	now := time.Date(2026, 11, 1, 10, 0, 5, 0, time.UTC)
	clock := func() time.Time { return now }
	var svcs []*rating.Service
	for range 2 {
		svc, err := rating.New(ctx, db, rating.Config{VotesPerMinute: 3, FeedbackPerMinute: 3, Now: clock})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(svc.Close)
		svcs = append(svcs, svc)
	}
	for i, svc := range []*rating.Service{svcs[0], svcs[1], svcs[0]} {
		if _, err := svc.Vote(ctx, id, 1, fmt.Sprint("r", i), "net-1", 4); err != nil {
			t.Fatalf("vote %d: %v", i, err)
		}
	}
	for i, svc := range svcs {
		if _, err := svc.Vote(ctx, id, 1, "r9", "net-1", 4); !errors.Is(err, rating.ErrLimited) {
			t.Errorf("service %d: 4th vote in a minute from one network: err = %v, want ErrLimited", i, err)
		}
	}
	if _, err := svcs[1].Vote(ctx, id, 1, "r9", "net-2", 4); err != nil {
		t.Errorf("another network is limited too: %v", err)
	}
	now = now.Add(time.Minute)
	if _, err := svcs[1].Vote(ctx, id, 1, "r9", "net-1", 4); err != nil {
		t.Errorf("the next minute is limited too: %v", err)
	}
}
