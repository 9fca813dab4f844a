package store_test

import (
	"context"
	"sync"
	"testing"

	"supple/internal/storetest"
)

// Reserve never hands out more than the limit, however many ask at once.
func TestReserveIsAtomic(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	var wg sync.WaitGroup
	var mu sync.Mutex
	granted := 0
	for range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, ok, err := db.Reserve(ctx, "login-account:x", 7, 5)
			if err != nil {
				t.Error(err)
			}
			if ok {
				mu.Lock()
				granted++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if granted != 5 {
		t.Errorf("%d reservations granted, want 5", granted)
	}
	if err := db.Release(ctx, "login-account:x", 7); err != nil {
		t.Fatal(err)
	}
	if n, ok, _ := db.Reserve(ctx, "login-account:x", 7, 5); !ok || n != 5 {
		t.Errorf("after a release: %d %v, want the 5th again", n, ok)
	}
	if _, ok, _ := db.Reserve(ctx, "login-account:x", 8, 5); !ok {
		t.Error("a new window starts afresh")
	}
}

// Each limit sweeps only its own buckets' old windows.
func TestForgetWindowsKeepsOtherBuckets(t *testing.T) {
	db := storetest.New(t)
	ctx := context.Background()
	for _, b := range []struct {
		bucket string
		window int64
	}{{"votes:a", 100}, {"votes:a", 200}, {"login-account:x", 50}} {
		if _, err := db.Hit(ctx, b.bucket, b.window); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.ForgetWindows(ctx, "votes:", 150); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		bucket string
		window int64
		want   int
	}{{"votes:a", 100, 0}, {"votes:a", 200, 1}, {"login-account:x", 50, 1}} {
		if n, _ := db.Count(ctx, tt.bucket, tt.window); n != tt.want {
			t.Errorf("%s@%d: %d, want %d", tt.bucket, tt.window, n, tt.want)
		}
	}
}
