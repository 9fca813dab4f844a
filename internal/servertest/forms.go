package servertest

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// Answers are the /start form's answers for Profile.
func Answers() url.Values {
	return url.Values{
		"leg_pain": {"none"}, "pregnant": {"no"}, "age": {"46"}, "pain_now": {"4"}, "duration_weeks": {"16"},
		"worse_with": {"sitting", "bending_forward"}, "better_with": {"walking"},
		"activity_level": {"sedentary"}, "minutes_per_day": {"30"}, "days_per_week": {"5"},
		"sex": {"unspecified"}, "floor_transfer": {"easy"}, "mobility_aid": {"none"},
	}
}

// PostStep posts v as step of the /start form, anonymously; step 5 with
// Answers answers 303 to a new plan.
func (h *Harness) PostStep(step int, v url.Values) Response {
	v = Clone(v)
	v.Set("step", strconv.Itoa(step))
	return h.Form(nil, "/start", v)
}

// Clone is a deep copy of v.
func Clone(v url.Values) url.Values {
	out := url.Values{}
	for k, vs := range v {
		out[k] = append([]string(nil), vs...)
	}
	return out
}

var csrfRE = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// CSRF is the form token on page; the test fails without one.
func CSRF(t testing.TB, page string) string {
	t.Helper()
	m := csrfRE.FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no csrf field on the page")
	}
	return m[1]
}

// ErrorText is the start of the page's error message, for failure
// messages ("" when there is none).
func ErrorText(page string) string {
	i := strings.Index(page, `class="error"`)
	if i < 0 {
		return ""
	}
	return page[i:min(len(page), i+300)]
}

// Login signs an existing account (password Password) in through the
// login form and returns its browser.
func (h *Harness) Login(email string) *http.Client {
	h.T.Helper()
	c := h.Client()
	if r := h.Form(c, "/login", url.Values{"email": {email}, "password": {Password}}); r.StatusCode != http.StatusSeeOther {
		h.T.Fatalf("login %s: %d", email, r.StatusCode)
	}
	return c
}

// SignedIn makes an account with role ("member", "editor", "admin") and
// returns its browser, signed in.
func (h *Harness) SignedIn(email, role string) *http.Client {
	h.T.Helper()
	if _, err := h.Srv.Accounts.Create(context.Background(), email, Password, role); err != nil {
		h.T.Fatal(err)
	}
	return h.Login(email)
}

// RatingCount is the number of votes the API reports for APIArticle.
func (h *Harness) RatingCount() int {
	h.T.Helper()
	var d struct {
		Rating struct{ Count int } `json:"rating"`
	}
	if err := json.Unmarshal([]byte(h.Get(nil, APIArticle).Body), &d); err != nil {
		h.T.Fatal(err)
	}
	return d.Rating.Count
}
