package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"supple/internal/servertest"
	"testing"
)

const (
	phoneUA  = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36"
	laptopUA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
)

func loginWith(t *testing.T, h *servertest.Harness, email, ua string) *http.Client {
	t.Helper()
	c := h.Client()
	r := h.Do(c, "POST", "/login", "application/x-www-form-urlencoded", url.Values{"email": {email}, "password": {"a long enough secret"}}.Encode(),
		"Sec-Fetch-Site", "same-origin", "User-Agent", ua)
	if r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", r.StatusCode)
	}
	return c
}

// endAction is the log-out form of the device listed as name.
func endAction(t *testing.T, page, name string) string {
	t.Helper()
	for _, li := range strings.Split(page, "<li>") {
		if strings.Contains(li, "<strong>"+name+"</strong>") {
			if m := regexp.MustCompile(`action="(/me/sessions/[0-9a-f]+/end)"`).FindStringSubmatch(li); m != nil {
				return m[1]
			}
		}
	}
	t.Fatalf("no %s on the sessions page", name)
	return ""
}

func TestSessionsPage(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	ctx := context.Background()
	for _, e := range []string{"ann@example.org", "bob@example.org"} {
		if _, err := h.Srv.Accounts.Create(ctx, e, "a long enough secret", "member"); err != nil {
			t.Fatal(err)
		}
	}
	phone := loginWith(t, h, "ann@example.org", phoneUA)
	laptop := loginWith(t, h, "ann@example.org", laptopUA)
	bob := loginWith(t, h, "bob@example.org", laptopUA)
	if !strings.Contains(h.Get(laptop, "/me/settings").Body, `href="/me/settings/sessions"`) {
		t.Error("settings do not link to the sessions page")
	}
	page := h.Get(laptop, "/me/settings/sessions").Body
	for _, want := range []string{"<strong>Chrome on Android</strong>", "<strong>Firefox on Windows</strong> <span class=\"badge\">this device</span>", "Last seen", `action="/me/logout-everywhere"`} {
		if !strings.Contains(page, want) {
			t.Errorf("sessions page lacks %q", want)
		}
	}
	for _, leak := range []string{"Pixel 8", "Gecko/20100101", "127.0.0.1", "bob@example.org"} {
		if strings.Contains(page, leak) {
			t.Errorf("sessions page shows %q", leak)
		}
	}
	if n := strings.Count(page, "/end\""); n != 2 {
		t.Errorf("%d devices listed, want Ann's 2", n)
	}
	phoneEnd := endAction(t, page, "Chrome on Android")
	// Bob cannot end Ann's session.
	if r := h.Form(bob, phoneEnd, url.Values{"csrf": {servertest.CSRF(t, h.Get(bob, "/me/settings/sessions").Body)}}); r.StatusCode != http.StatusNotFound {
		t.Errorf("Bob ends Ann's session: %d, want 404", r.StatusCode)
	}
	if !loggedIn(h, phone) {
		t.Fatal("Bob ended Ann's phone session")
	}
	r := h.Form(laptop, phoneEnd, url.Values{"csrf": {servertest.CSRF(t, page)}})
	if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/me/settings/sessions?done=ended" {
		t.Fatalf("end the phone: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if loggedIn(h, phone) || !loggedIn(h, laptop) || !loggedIn(h, bob) {
		t.Error("ending one device ended the wrong sessions")
	}
	if page := h.Get(laptop, "/me/settings/sessions?done=ended").Body; strings.Contains(page, "Chrome on Android") || !strings.Contains(page, "That device is logged out") {
		t.Error("the ended device is still listed")
	}
	// Ending this device logs it out.
	page = h.Get(laptop, "/me/settings/sessions").Body
	if r := h.Form(laptop, endAction(t, page, "Firefox on Windows"), url.Values{"csrf": {servertest.CSRF(t, page)}}); r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != "/login" {
		t.Errorf("end this device: %d %s", r.StatusCode, r.Header.Get("Location"))
	}
	if loggedIn(h, laptop) {
		t.Error("this device is still logged in")
	}
}
