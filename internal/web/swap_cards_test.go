package web_test

import (
	"net/url"
	"regexp"
	"strings"
	"testing"

	"supple/internal/servertest"
)

var swapCard = regexp.MustCompile(`<li class="swap-offer" id="swap-([a-z0-9-]+)"`)

// The swap section offers one card per exercise of the week to come
// (today and the six days after), each saying on which days it is;
// after a swap the exercise swapped away offers no second swap, its
// replacement carries the undo, and the message keeps the names'
// capitals.
func TestWebSwapCardsFollowThePlan(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("cards@example.org")
	week := map[string]bool{} // the exercises of the days a card may name
	for _, d := range m.Plan.Result.Weeks[0].Days {
		for _, it := range d.Items {
			week[it.Exercise] = true
		}
	}
	cards := func(body string) []string {
		var ids []string
		for _, m := range swapCard.FindAllStringSubmatch(body, -1) {
			ids = append(ids, m[1])
		}
		return ids
	}
	page := h.Get(m.Client, "/me/plan").Body
	ids := cards(page)
	if len(ids) == 0 {
		t.Fatalf("no swap cards on /me/plan\n%s", servertest.ErrorText(page))
	}
	seen := map[string]bool{}
	for _, id := range ids {
		if !week[id] {
			t.Errorf("a swap card for %s, which is not in the week to come", id)
		}
		if seen[id] {
			t.Errorf("two cards for %s", id)
		}
		seen[id] = true
	}
	if n := strings.Count(page, `class="swap-days"`); n != len(ids) {
		t.Errorf("%d of %d cards say on which days the exercise is", n, len(ids))
	}
	if n := strings.Count(page, `class="swap-figure"`); n != len(ids) {
		t.Errorf("%d of %d cards show the exercise's picture", n, len(ids))
	}

	// Today's session is logged first: the swap starts tomorrow, and
	// today, lived, still shows the exercise swapped away.
	logToday(t, h, m)
	ex, with := firstSwap(t, h, m)
	exName, withName := exerciseNameOf(t, h, ex), exerciseNameOf(t, h, with)
	_, p := h.Follow(m.Client, "/me/plan/swaps/"+ex, url.Values{"csrf": {m.CSRF}, "with": {with}, "back": {"/me/plan"}})
	if want := "your plan uses " + withName + " instead of " + exName; !strings.Contains(p.Body, want) {
		t.Errorf("after the swap the message lacks %q\n%s", want, servertest.ErrorText(p.Body))
	}
	page = h.Get(m.Client, "/me/plan").Body
	if !strings.Contains(page, `<a href="/exercises/`+ex+`">`) {
		t.Fatalf("today, lived, no longer shows %s", ex)
	}
	if strings.Contains(page, `action="/me/plan/swaps/`+ex+`"`) || strings.Contains(page, `id="swap-`+ex+`"`) {
		t.Errorf("%s was swapped away but still offers a swap", ex)
	}
	if n := strings.Count(page, `action="/me/plan/swaps/`+ex+`/undo"`); n != 1 {
		t.Errorf("%d undo forms for %s, want 1", n, ex)
	}
	seen = map[string]bool{}
	for _, id := range cards(page) {
		if seen[id] {
			t.Errorf("two cards for %s after the swap", id)
		}
		seen[id] = true
	}
	_, p = h.Follow(m.Client, "/me/plan/swaps/"+ex+"/undo", url.Values{"csrf": {m.CSRF}, "back": {"/me/plan"}})
	if want := "your plan uses " + exName + " again"; !strings.Contains(p.Body, want) {
		t.Errorf("after the undo the message lacks %q", want)
	}
}

func exerciseNameOf(t *testing.T, h *servertest.Harness, id string) string {
	t.Helper()
	e, ok := h.Srv.Plans.Library().Get(id)
	if !ok {
		t.Fatalf("no exercise %q", id)
	}
	return e.Name
}
