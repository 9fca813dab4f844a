package clinic_test

import (
	"context"
	"errors"
	"sync"
	"testing"

	"supple/internal/account"
	"supple/internal/clinic"
)

// TestAcceptRaceKeepsOneLink: two invites of one clinician accepted at
// the same time by one member make one link; the others are ErrLinked.
// Run on both engines (SUPPLE_TEST_POSTGRES set, and not).
func TestAcceptRaceKeepsOneLink(t *testing.T) {
	t.Parallel()
	w := newWorld(t)
	doc := w.user(t, "doc@example.org", account.Clinician)
	ann := w.user(t, "ann@example.org", account.Member)
	ctx := context.Background()
	for round := range 10 {
		const n = 4
		codes := make([]string, n)
		for i := range codes {
			inv, err := w.svc.CreateInvite(ctx, doc)
			if err != nil {
				t.Fatal(err)
			}
			codes[i] = inv.Code
		}
		var wg sync.WaitGroup
		errs := make([]error, n)
		start := make(chan struct{})
		for i := range codes {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				_, errs[i] = w.svc.Accept(ctx, ann, codes[i], "", clinic.ChannelWeb)
			}()
		}
		close(start)
		wg.Wait()
		ok := 0
		for _, err := range errs {
			switch {
			case err == nil:
				ok++
			case !errors.Is(err, clinic.ErrLinked):
				t.Fatalf("round %d: %v, want nil or ErrLinked", round, err)
			}
		}
		links, err := w.svc.Clinicians(ctx, ann.ID)
		if err != nil {
			t.Fatal(err)
		}
		if ok != 1 || len(links) != 1 {
			t.Fatalf("round %d: %d accepted, %d open links; want one of each", round, ok, len(links))
		}
		if err := w.svc.Revoke(ctx, ann.ID, links[0].ID); err != nil {
			t.Fatal(err)
		}
	}
}
