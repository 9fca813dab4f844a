package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"

	"supple/internal/server"
	"supple/internal/servertest"
)

// Any next that is not a plain path on this site becomes "/": browsers
// drop tabs and newlines and read backslashes as slashes, so "/\t/x" and
// "/\\x" leave the site.
func TestNextStaysOnTheSite(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	if _, err := h.Srv.Accounts.Create(context.Background(), "ann@example.org", "a long enough secret", "member"); err != nil {
		t.Fatal(err)
	}
	// POST /login signs in another account: ann's sessions past the cap
	// of 20 would end the signed-in client's.
	if _, err := h.Srv.Accounts.Create(context.Background(), "bob@example.org", "a long enough secret", "member"); err != nil {
		t.Fatal(err)
	}
	signed := h.Client()
	if r := h.Form(signed, "/login", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("login: %d", r.StatusCode)
	}
	i := 0
	for _, tt := range []struct{ next, want string }{
		{"/me/today", "/me/today"},
		{"/articles/exercise-for-back-pain?x=1#faq", "/articles/exercise-for-back-pain?x=1#faq"},
		{"/plan/abc%20def", "/plan/abc%20def"},
		{"", "/me/plan"},
		{"/\t/evil.example", "/"},
		{"/%09/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"/\r\n/evil.example", "/"},
		{"/\x00/evil.example", "/"},
		{"/\x7f/evil.example", "/"},
		{"//evil.example", "/"},
		{"///evil.example", "/"},
		{"/\\evil.example", "/"},
		{"\\\\evil.example", "/"},
		{"/%5Cevil.example", "/"},
		{"/%5cevil.example", "/"},
		{"/%2F/evil.example", "/"},
		{"/%2f%2fevil.example", "/"},
		{"/%252F%252Fevil.example", "/"},
		{"https://evil.example/", "/"},
		{"javascript:alert(1)", "/"},
		{"evil.example", "/"},
		{" /me/plan", "/"},
		{"/me/\u3000plan", "/"},
		{"/a\u2028b", "/"},
		{"/%E2%80%A8evil", "/"},
		{"http:/evil.example", "/"},
	} {
		i++
		q := url.Values{"next": {tt.next}}
		for _, req := range []struct {
			name string
			do   func() servertest.Response
		}{
			{"GET /login (signed in)", func() servertest.Response { return h.Get(signed, "/login?"+q.Encode()) }},
			{"POST /login", func() servertest.Response {
				return h.Form(nil, "/login", url.Values{"email": {"bob@example.org"}, "password": {"a long enough secret"}, "next": {tt.next}})
			}},
			{"POST /signup", func() servertest.Response {
				return h.Form(nil, "/signup", url.Values{"email": {fmt.Sprintf("new%d@example.org", i)}, "password": {"a long enough secret"}, "next": {tt.next}})
			}},
		} {
			r := req.do()
			if r.StatusCode != http.StatusSeeOther || r.Header.Get("Location") != tt.want {
				t.Errorf("%s next=%q: %d Location %q, want %q", req.name, tt.next, r.StatusCode, r.Header.Get("Location"), tt.want)
			}
		}
	}
}

// loginStorm sends n logins at once and counts the answers by status.
func loginStorm(t *testing.T, hs []*servertest.Harness, n int, password func(i int) string) map[int]int {
	t.Helper()
	var mu sync.Mutex
	got := map[int]int{}
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		h := hs[i%len(hs)]
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			r := h.Form(nil, "/login", url.Values{"email": {"ann@example.org"}, "password": {password(i)}})
			mu.Lock()
			got[r.StatusCode]++
			mu.Unlock()
		}()
	}
	close(start)
	wg.Wait()
	return got
}

// 30 wrong passwords at once: only 5 are checked (401), the rest are
// refused before any hash is computed (429).
func TestParallelLoginsRespectTheLimit(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	if _, err := h.Srv.Accounts.Create(context.Background(), "ann@example.org", "a long enough secret", "member"); err != nil {
		t.Fatal(err)
	}
	got := loginStorm(t, []*servertest.Harness{h}, 30, func(i int) string { return fmt.Sprintf("wrong password %d", i) })
	if got[http.StatusUnauthorized] != 5 || got[http.StatusTooManyRequests] != 25 {
		t.Errorf("30 parallel wrong passwords: %v, want 5 checked (401) and 25 refused (429)", got)
	}
}

func TestParallelLoginsAcrossInstances(t *testing.T) {
	t.Parallel()
	a, b := servertest.TwoInstances(t)
	if _, err := a.Srv.Accounts.Create(context.Background(), "ann@example.org", "a long enough secret", "member"); err != nil {
		t.Fatal(err)
	}
	got := loginStorm(t, []*servertest.Harness{a, b}, 30, func(i int) string { return fmt.Sprintf("wrong password %d", i) })
	if got[http.StatusUnauthorized] != 5 || got[http.StatusTooManyRequests] != 25 {
		t.Errorf("30 parallel wrong passwords over two instances: %v, want 5 checked and 25 refused", got)
	}
}

// signOut logs browser c out; it keeps its device cookie.
func signOut(t testing.TB, h *servertest.Harness, c *http.Client) {
	t.Helper()
	if r := h.Form(c, "/logout", url.Values{"csrf": {servertest.CSRF(t, h.Get(c, "/me/settings").Body)}}); r.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout: %d", r.StatusCode)
	}
}

// tryLogin logs in from browser c (nil: a new, untrusted one), and out
// again.
func tryLogin(h *servertest.Harness, c *http.Client, email, pw string) int {
	code := h.Form(c, "/login", url.Values{"email": {email}, "password": {pw}}).StatusCode
	if code == http.StatusSeeOther && c != nil {
		signOut(h.T, h, c)
	}
	return code
}

// A stranger's wrong guesses lock out only untrusted clients: a browser
// that logged in before keeps its own allowance (OWASP device cookies).
func TestLockoutSparesKnownDevices(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	ctx := context.Background()
	for _, e := range []string{"ann@example.org", "bob@example.org"} {
		if _, err := h.Srv.Accounts.Create(ctx, e, "a long enough secret", "member"); err != nil {
			t.Fatal(err)
		}
	}
	own, bobs := h.Client(), h.Client()
	r := h.Form(own, "/login", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}})
	signOut(t, h, own)
	var device string
	for _, c := range r.Cookies() {
		if c.Name == "supple_device" {
			device = c.Raw
		}
	}
	if !strings.Contains(device, "HttpOnly") || !strings.Contains(device, "SameSite=Strict") || !strings.Contains(device, "Path=/login") {
		t.Fatalf("device cookie: %q", device)
	}
	tryLogin(h, bobs, "bob@example.org", "a long enough secret")
	for i := range 5 {
		if got := tryLogin(h, nil, "ann@example.org", fmt.Sprintf("stranger's guess %d", i)); got != 401 {
			t.Fatalf("guess %d: %d", i, got)
		}
	}
	for name, c := range map[string]*http.Client{"a new browser": nil, "Bob's browser": bobs} {
		if got := tryLogin(h, c, "ann@example.org", "a long enough secret"); got != http.StatusTooManyRequests {
			t.Errorf("%s with Ann's right password while she is locked for strangers: %d, want 429", name, got)
		}
	}
	forged := h.Client()
	u, _ := url.Parse(h.TS.URL + "/login")
	for _, c := range own.Jar.Cookies(u) {
		if c.Name == "supple_device" {
			forged.Jar.SetCookies(u, []*http.Cookie{{Name: c.Name, Value: c.Value[:len(c.Value)-2] + "xx", Path: "/login"}})
		}
	}
	if got := tryLogin(h, forged, "ann@example.org", "a long enough secret"); got != http.StatusTooManyRequests {
		t.Errorf("a forged device cookie: %d, want 429", got)
	}
	if got := tryLogin(h, own, "ann@example.org", "a long enough secret"); got != http.StatusSeeOther {
		t.Errorf("Ann's own browser: %d, want to get in", got)
	}
	// 20 attempts block the network for untrusted clients only.
	for i := range 15 {
		tryLogin(h, nil, fmt.Sprintf("guess%d@example.org", i), "wrong password!")
	}
	if got := tryLogin(h, nil, "bob@example.org", "a long enough secret"); got != http.StatusTooManyRequests {
		t.Errorf("an untrusted client on a network with 20 failures: %d, want 429", got)
	}
	if got := tryLogin(h, bobs, "bob@example.org", "a long enough secret"); got != http.StatusSeeOther {
		t.Errorf("Bob's own browser on that network: %d, want to get in", got)
	}
	// The device has 5 failures of its own; then it counts as untrusted.
	for i := range 5 {
		if got := tryLogin(h, own, "ann@example.org", fmt.Sprintf("typo %d", i)); got != 401 {
			t.Fatalf("typo %d from Ann's browser: %d", i, got)
		}
	}
	if got := tryLogin(h, own, "ann@example.org", "a long enough secret"); got != http.StatusTooManyRequests {
		t.Errorf("Ann's browser after its own 5 failures: %d, want 429", got)
	}
}

// Under a parallel storm of wrong guesses, the owner's browser still gets
// in, and the strangers get exactly 5 checks between them.
func TestParallelStormSparesTheOwner(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	if _, err := h.Srv.Accounts.Create(context.Background(), "ann@example.org", "a long enough secret", "member"); err != nil {
		t.Fatal(err)
	}
	own := h.Client()
	tryLogin(h, own, "ann@example.org", "a long enough secret")
	var wg sync.WaitGroup
	wg.Add(1)
	ownStatus := 0
	go func() {
		defer wg.Done()
		ownStatus = tryLogin(h, own, "ann@example.org", "a long enough secret")
	}()
	got := loginStorm(t, []*servertest.Harness{h}, 30, func(i int) string {
		if i == 7 {
			return "a long enough secret" // a stranger who knows it: fine if within the allowance
		}
		return fmt.Sprintf("wrong password %d", i)
	})
	wg.Wait()
	if ownStatus != http.StatusSeeOther {
		t.Errorf("the owner's browser during the storm: %d", ownStatus)
	}
	// At most 5 wrong passwords are checked. The stranger with the right
	// password gets in if an attempt was free, and gives it back; the
	// attempt then goes to another guess only if one is still waiting.
	if got[401] > 5 || got[401]+got[303] < 5 || got[401]+got[429]+got[303] != 30 || got[303] > 1 {
		t.Errorf("storm: %v, want at most 5 failed checks and 5 checks at least", got)
	}
}

func TestDeviceCookieWorksOnEveryInstance(t *testing.T) {
	t.Parallel()
	a, b := servertest.TwoInstances(t)
	if _, err := a.Srv.Accounts.Create(context.Background(), "ann@example.org", "a long enough secret", "member"); err != nil {
		t.Fatal(err)
	}
	own := a.Client()
	tryLogin(a, own, "ann@example.org", "a long enough secret")
	for i := range 5 {
		tryLogin(b, nil, "ann@example.org", fmt.Sprintf("guess %d", i))
	}
	if got := tryLogin(a, nil, "ann@example.org", "a long enough secret"); got != http.StatusTooManyRequests {
		t.Errorf("a stranger after 5 failures on the other instance: %d", got)
	}
	// The cookie from instance a, presented to b (same host, other port).
	ua, _ := url.Parse(a.TS.URL + "/login")
	ub, _ := url.Parse(b.TS.URL + "/login")
	c := b.Client()
	c.Jar.SetCookies(ub, own.Jar.Cookies(ua))
	if got := tryLogin(b, c, "ann@example.org", "a long enough secret"); got != http.StatusSeeOther {
		t.Errorf("a's device cookie on b: %d", got)
	}
}

// Sign-up is limited per client network (an IPv4 address or an IPv6 /64).
func TestSignupIsRateLimited(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, func(c *server.Config) { c.SignupsPerHour = 3; c.TrustProxy = true })
	signup := func(from, email string) servertest.Response {
		return h.Do(nil, "POST", "/signup", "application/x-www-form-urlencoded",
			url.Values{"email": {email}, "password": {"a long enough secret"}}.Encode(), "Sec-Fetch-Site", "same-origin", "X-Forwarded-For", from)
	}
	for i, from := range []string{"2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff::3"} {
		if r := signup(from, fmt.Sprintf("a%d@example.org", i)); r.StatusCode != http.StatusSeeOther {
			t.Fatalf("signup %d: %d", i, r.StatusCode)
		}
	}
	r := signup("2001:db8:1:2::9", "a9@example.org")
	if r.StatusCode != http.StatusTooManyRequests || r.Header.Get("Retry-After") == "" || !strings.Contains(r.Body, "Too many attempts to create an account") || !strings.Contains(r.Body, `value="a9@example.org"`) {
		t.Errorf("4th signup from one /64: %d %q", r.StatusCode, r.Header.Get("Retry-After"))
	}
	if _, err := h.Srv.Accounts.ByEmail(context.Background(), "a9@example.org"); err == nil {
		t.Error("the refused signup made an account")
	}
	if r := signup("2001:db8:1:3::1", "b@example.org"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("signup from another /64: %d", r.StatusCode)
	}
	if r := signup("192.0.2.7", "c@example.org"); r.StatusCode != http.StatusSeeOther {
		t.Errorf("signup from an IPv4 address: %d", r.StatusCode)
	}
}

// Votes sweep their own old rate counters; that must not forget the login
// failures (on PostgreSQL votes are counted in the same table).
func TestVotesDoNotResetLoginLimits(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, func(c *server.Config) { c.VotesPerMinute = 30 })
	if _, err := h.Srv.Accounts.Create(context.Background(), "ann@example.org", "a long enough secret", "member"); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		tryLogin(h, nil, "ann@example.org", fmt.Sprintf("guess %d", i))
	}
	if r := h.JSON(h.Client(), servertest.APIArticle+"/rating", `{"stars":4}`); r.StatusCode != 200 {
		t.Fatalf("vote: %d", r.StatusCode)
	}
	if got := tryLogin(h, nil, "ann@example.org", "a long enough secret"); got != http.StatusTooManyRequests {
		t.Errorf("6th login after a vote: %d, want 429", got)
	}
}

// Over https the device cookie is Secure too.
func TestDeviceCookieIsSecureOverHTTPS(t *testing.T) {
	t.Parallel()
	h := servertest.New(t, func(c *server.Config) {
		u, _ := url.Parse("https://back.example/")
		c.BaseURL = u
	})
	if _, err := h.Srv.Accounts.Create(context.Background(), "ann@example.org", "a long enough secret", "member"); err != nil {
		t.Fatal(err)
	}
	r := h.Form(nil, "/login", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}})
	found := false
	for _, c := range r.Cookies() {
		if c.Name == "supple_device" {
			found = true
			if !c.Secure || !c.HttpOnly || c.SameSite != http.SameSiteStrictMode {
				t.Errorf("device cookie over https: %q", c.Raw)
			}
		}
	}
	if !found {
		t.Error("no device cookie after a login")
	}
}

// The review's attack on device cookies: someone who once knew the
// password mints 10 device cookies, the operator sets a new password, and
// each old cookie then guesses 6 times. The old cookies are untrusted now,
// so all of them together get the account's 5 checks (finding 1).
func TestOldDeviceCookiesGetNoGuessesAfterAPasswordChange(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	ctx := context.Background()
	if _, err := h.Srv.Accounts.Create(ctx, "alice@example.org", "a long enough secret", "member"); err != nil {
		t.Fatal(err)
	}
	var browsers []*http.Client
	for range 10 {
		c := h.Client()
		if code := tryLogin(h, c, "alice@example.org", "a long enough secret"); code != http.StatusSeeOther {
			t.Fatalf("minting a device cookie: %d", code)
		}
		browsers = append(browsers, c)
	}
	if _, err := h.Srv.Accounts.SetPassword(ctx, "cli", "alice@example.org", "the operator's new secret"); err != nil {
		t.Fatal(err)
	}
	got := map[int]int{}
	for i := range 6 {
		for _, c := range browsers {
			got[tryLogin(h, c, "alice@example.org", fmt.Sprintf("guess %d", i))]++
		}
	}
	if got[http.StatusUnauthorized] != 5 || got[http.StatusTooManyRequests] != 55 {
		t.Errorf("60 guesses with 10 old device cookies: %v, want 5 checked (401) and 55 refused (429)", got)
	}
}

// Changing the password in settings ends every trusted browser but the
// one that changed it, which has just proved the new password: a
// stranger's guesses right after cannot lock it out.
func TestPasswordChangeKeepsThisBrowserTrusted(t *testing.T) {
	t.Parallel()
	h := servertest.New(t)
	if _, err := h.Srv.Accounts.Create(context.Background(), "ann@example.org", "a long enough secret", "member"); err != nil {
		t.Fatal(err)
	}
	own := h.Client()
	if got := h.Form(own, "/login", url.Values{"email": {"ann@example.org"}, "password": {"a long enough secret"}}).StatusCode; got != http.StatusSeeOther {
		t.Fatalf("login: %d", got)
	}
	r := h.Form(own, "/me/password", url.Values{"csrf": {servertest.CSRF(t, h.Get(own, "/me/settings").Body)},
		"current": {"a long enough secret"}, "password": {"another long secret 2"}})
	if r.StatusCode != http.StatusSeeOther || !strings.Contains(r.Header.Get("Set-Cookie"), "supple_device=") {
		t.Fatalf("password change: %d, cookies %q; want 303 with a new device cookie", r.StatusCode, r.Header.Values("Set-Cookie"))
	}
	signOut(t, h, own)
	for i := range 5 {
		if got := tryLogin(h, nil, "ann@example.org", fmt.Sprintf("stranger's guess %d", i)); got != http.StatusUnauthorized {
			t.Fatalf("guess %d: %d", i, got)
		}
	}
	if got := tryLogin(h, own, "ann@example.org", "another long secret 2"); got != http.StatusSeeOther {
		t.Errorf("the browser that changed the password, after a stranger's guesses: %d, want to get in", got)
	}
}
