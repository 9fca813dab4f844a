package editorial

import (
	"context"
	"errors"
	"testing"
	"time"

	"supple/internal/store"
	"supple/internal/validate"
)

func TestTrendBucketsVotesByWeek(t *testing.T) {
	since := time.Date(2026, 10, 5, 0, 0, 0, 0, time.UTC) // a Monday
	votes := []store.VoteTime{
		{At: since.Add(-time.Hour), Stars: 1},             // before the window: left out
		{At: since, Stars: 5},                             // week 1
		{At: since.AddDate(0, 0, 6), Stars: 4},            // week 1, Sunday
		{At: since.AddDate(0, 0, 7), Stars: 2},            // week 2
		{At: since.AddDate(0, 0, 7*TrendWeeks), Stars: 3}, // after the window
	}
	got := trend(votes, since, TrendWeeks)
	if len(got) != TrendWeeks {
		t.Fatalf("%d weeks, want %d", len(got), TrendWeeks)
	}
	for i, want := range []WeekTrend{
		{Label: "5 Oct", Votes: 2, Average: 4.5, Height: 100},
		{Label: "12 Oct", Votes: 1, Average: 2, Height: 50},
		{Label: "19 Oct"},
	} {
		if got[i] != want {
			t.Errorf("week %d = %+v, want %+v", i+1, got[i], want)
		}
	}
}

func TestSetFeedbackStatusNamesABadStatus(t *testing.T) {
	d := New(nil, nil, time.Now) // refused before the store is reached
	for _, status := range []string{"", "deleted", "NEW"} {
		err := d.SetFeedbackStatus(context.Background(), 1, status, "ed@example.org")
		var v validate.Errors
		if !errors.As(err, &v) || v.For("status") == "" {
			t.Errorf("status %q: %v, want a validation error naming status", status, err)
		}
	}
}
