package web_test

import (
	"context"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"supple/internal/servertest"
)

// TestSignOutSaysSo: logging out, here or everywhere, lands on the login
// page with a message that says what happened.
func TestSignOutSaysSo(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	for _, tc := range []struct{ path, want string }{
		{"/logout", "You are logged out on this device."},
		{"/me/logout-everywhere", "You are logged out on every device, this one included."},
	} {
		m := h.Member("out" + strconv.Itoa(len(tc.path)) + "@example.org")
		post, page := h.Follow(m.Client, tc.path, url.Values{"csrf": {m.CSRF}})
		if !strings.HasPrefix(post.Header.Get("Location"), "/login?") {
			t.Errorf("%s: to %q", tc.path, post.Header.Get("Location"))
		}
		if !strings.Contains(page.Body, `role="status">`+tc.want) {
			t.Errorf("%s: the page does not say %q", tc.path, tc.want)
		}
		if r := h.Get(m.Client, "/me/plan"); r.StatusCode != 303 {
			t.Errorf("%s: still signed in (%d)", tc.path, r.StatusCode)
		}
	}
}

// TestSaveAndWithdrawSaySo: saving a plan by its button and withdrawing
// a share link each show a confirmation once.
func TestSaveAndWithdrawSaySo(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	m := h.Member("confirm@example.org", servertest.NoPlan())
	token := anonymousPlan(t, h)
	_, page := h.Follow(m.Client, "/plan/"+token+"/save", url.Values{"csrf": {m.CSRF}})
	if !strings.Contains(page.Body, `class="notice page-notice" role="status">Your plan is saved to your account.`) {
		t.Error("no message after saving")
	}
	if _, page = h.Follow(m.Client, "/me/shares", url.Values{"csrf": {m.CSRF}, "expires": {"30"}}); !strings.Contains(page.Body, "Your new link") {
		t.Fatal("no share link made")
	}
	shares, err := h.Srv.Progress.Shares(context.Background(), m.ID)
	if err != nil || len(shares) != 1 {
		t.Fatalf("shares %v, %v", shares, err)
	}
	_, page = h.Follow(m.Client, "/me/shares/"+strconv.FormatInt(shares[0].ID, 10)+"/revoke", url.Values{"csrf": {m.CSRF}})
	if !strings.Contains(page.Body, `role="status">The link was withdrawn; it no longer works.`) {
		t.Error("no message after withdrawing")
	}
	if again := h.Get(m.Client, "/me/progress").Body; strings.Contains(again, "The link was withdrawn") {
		t.Error("the withdraw message is shown twice")
	}
}
