package account

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// The pool runs at most its slots at once, queues a bounded number and
// refuses the rest at once; a cancelled wait gives up its place.
func TestHashPoolBoundsWork(t *testing.T) {
	p := newHashPool(2, 3)
	release := make(chan struct{})
	var mu sync.Mutex
	running, peak := 0, 0
	work := func() {
		mu.Lock()
		running++
		peak = max(peak, running)
		mu.Unlock()
		<-release
		mu.Lock()
		running--
		mu.Unlock()
	}
	errs := make(chan error, 10)
	for range 5 { // 2 run, 3 wait
		go func() { errs <- p.run(context.Background(), work) }()
	}
	deadline := time.Now().Add(5 * time.Second)
	for p.queued.Load() < 3 {
		if time.Now().After(deadline) {
			t.Fatalf("queued %d, want 3", p.queued.Load())
		}
		time.Sleep(time.Millisecond)
	}
	if err := p.run(context.Background(), work); !errors.Is(err, ErrBusy) {
		t.Errorf("6th with a full queue: %v, want ErrBusy", err)
	}
	close(release)
	for range 5 {
		if err := <-errs; err != nil {
			t.Errorf("queued work: %v", err)
		}
	}
	if peak != 2 {
		t.Errorf("%d ran at once, want 2", peak)
	}
	// A wait that is cancelled leaves the queue.
	block := make(chan struct{})
	go p.run(context.Background(), func() { <-block })
	go p.run(context.Background(), func() { <-block })
	for len(p.slots) < 2 {
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := p.run(ctx, func() {}); !errors.Is(err, ErrBusy) {
		t.Errorf("cancelled wait: %v", err)
	}
	if q := p.queued.Load(); q != 0 {
		t.Errorf("queue after a cancelled wait: %d", q)
	}
	close(block)
}

func TestDeviceName(t *testing.T) {
	for _, tt := range []struct{ ua, want string }{
		{"Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1", "Safari on iPhone"},
		{"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0", "Edge on macOS"},
		{"Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36", "Samsung Internet on Android"},
		{"Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "Firefox on Linux"},
		{"Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/131.0 Mobile/15E148 Safari/604.1", "Chrome on iPad"},
		{"Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36", "Chrome on ChromeOS"},
		{"curl/8.5.0", "curl"},
		{"", "a browser"},
	} {
		if got := DeviceName(tt.ua); got != tt.want {
			t.Errorf("%q: %q, want %q", tt.ua, got, tt.want)
		}
	}
}
