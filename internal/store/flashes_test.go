package store_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"supple/internal/storetest"
)

// A flash is taken once, by its session and page only, oldest first, and
// not after it expired; expired ones are swept.
func TestFlashes(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	now := time.Date(2026, 12, 3, 8, 0, 0, 0, time.UTC)
	put := func(key, page, value string, expires time.Time) {
		t.Helper()
		if err := db.PutFlash(ctx, key, page, value, now, expires); err != nil {
			t.Fatal(err)
		}
	}
	put("s1", "progress", "first", now.Add(time.Minute))
	put("s1", "progress", "second", now.Add(time.Minute))
	put("s1", "calendar", "other page", now.Add(time.Minute))
	put("s2", "progress", "other session", now.Add(time.Minute))
	put("s1", "progress", "expired", now.Add(-time.Second))

	got, err := db.TakeFlashes(ctx, "s1", "progress", now)
	if err != nil || !slices.Equal(got, []string{"first", "second"}) {
		t.Errorf("take: %q %v", got, err)
	}
	if again, _ := db.TakeFlashes(ctx, "s1", "progress", now); len(again) != 0 {
		t.Errorf("taken twice: %q", again)
	}
	// Two requests at once (as on two instances): only one gets it.
	put("s3", "progress", "once", now.Add(time.Minute))
	var mu sync.Mutex
	var all []string
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			v, err := db.TakeFlashes(ctx, "s3", "progress", now)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			all = append(all, v...)
			mu.Unlock()
		})
	}
	wg.Wait()
	if !slices.Equal(all, []string{"once"}) {
		t.Errorf("concurrent takes got %q", all)
	}
	if n, err := db.DeleteExpiredFlashes(ctx, now.Add(2*time.Minute)); err != nil || n != 2 {
		t.Errorf("swept %d (%v), want the 2 left (other page, other session)", n, err)
	}
}
