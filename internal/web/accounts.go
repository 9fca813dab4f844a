package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"supple/internal/account"
	"supple/internal/coach"
	"supple/internal/httpx"
	"supple/internal/progress"
	"supple/internal/validate"
)

func urlQuery(s string) string { return url.QueryEscape(s) }

func itoa(n int) string { return strconv.Itoa(n) }

// safeNext keeps a redirect target on this site: a plain path such as
// "/me/today?x=1", or "/" for anything else. Browsers drop tabs and line
// breaks from URLs and read "\" as "/", so "/\t/evil.example" and
// "/\evil.example" would leave the site; they are refused with every
// control character, backslash, non-ASCII byte, "//" start and anything
// whose decoded path starts another host. An empty next is the member's
// plan.
func safeNext(next string) string {
	const home = "/"
	if next == "" {
		return "/me/plan"
	}
	if next[0] != '/' || len(next) > 2000 {
		return home
	}
	for i := 0; i < len(next); i++ {
		if c := next[i]; c <= 0x20 || c >= 0x7f || c == '\\' {
			return home
		}
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return home
	}
	// Decoded until stable, the path must still be plain: encoded
	// slashes, backslashes and control characters are refused too.
	p := u.EscapedPath()
	for range 3 {
		d, err := url.PathUnescape(p)
		if err != nil {
			return home
		}
		if d == p {
			break
		}
		p = d
	}
	if strings.HasPrefix(p, "//") || strings.ContainsAny(p, "\\") {
		return home
	}
	for _, r := range p {
		if r < 0x20 || r == 0x7f || r > 0x7e {
			return home
		}
	}
	return next
}

type authForm struct {
	Email, Next, Error string
	// Save is the link token of the plan "Log in to save this plan" came
	// from: the sign-in saves it to the account (saveplan.go).
	Save        string
	Errors      validate.Errors
	Unconfirmed bool   // the password was right, the address is not confirmed
	Notice      string // a calm note at the top (address confirmed)
}

func (s *Site) loginPage(w http.ResponseWriter, r *http.Request) error {
	if visitorOf(r).User != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	f := authForm{Next: r.URL.Query().Get("next"), Save: r.URL.Query().Get("save")}
	switch r.URL.Query().Get("done") {
	case "confirmed":
		f.Notice = "Your email address is confirmed. You can log in now."
	case "signed-out":
		f.Notice = "You are logged out on this device."
	case "signed-out-everywhere":
		f.Notice = "You are logged out on every device, this one included."
	}
	return s.render(w, r, http.StatusOK, "login", &Page{Title: "Log in", NoIndex: true, Data: f})
}

// DeviceCookie names the cookie that marks a browser that has logged in
// to an account before (account/device.go); it is sent only to /login.
const DeviceCookie = "supple_device"

func (s *Site) setDevice(w http.ResponseWriter, value string) {
	http.SetCookie(w, &http.Cookie{Name: DeviceCookie, Value: value, Path: "/login", HttpOnly: true, Secure: s.secure,
		SameSite: http.SameSiteStrictMode, MaxAge: account.DeviceLifetime})
}

// limited answers 429 with Retry-After, re-rendering page with the message.
func (s *Site) limited(w http.ResponseWriter, r *http.Request, limited *account.LimitedError, page, title string, f any) error {
	msg := sentence(limited.Error())
	w.Header().Set("Retry-After", itoa(int(limited.RetryAfter.Seconds())+1))
	return s.render(w, r, http.StatusTooManyRequests, page, &Page{Title: title, NoIndex: true, Alert: msg, Data: withError(f, msg)})
}

// busy answers 503 when passwords cannot be checked at the moment.
func (s *Site) busy(w http.ResponseWriter, r *http.Request, page, title string, f any) error {
	msg := "We are very busy right now. Please try again in a few seconds."
	w.Header().Set("Retry-After", "5")
	return s.render(w, r, http.StatusServiceUnavailable, page, &Page{Title: title, NoIndex: true, Alert: msg, Data: withError(f, msg)})
}

func withError(f any, msg string) any {
	if a, ok := f.(authForm); ok {
		a.Error = msg
		return a
	}
	return f
}

func (s *Site) login(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := authForm{Email: r.PostForm.Get("email"), Next: r.PostForm.Get("next"), Save: r.PostForm.Get("save")}
	h := s.handover(r)
	req := account.LoginRequest{Email: f.Email, Password: r.PostForm.Get("password"), Client: s.client(r),
		UserAgent: h.UserAgent, Device: h.Device, OldSession: h.Session, NewDevice: h.NewDevice}
	res, err := s.Accounts.Login(r.Context(), req)
	var (
		limited *account.LimitedError
		ve      validate.Errors
	)
	switch {
	case errors.As(err, &ve): // an address no account can have
		f.Errors, f.Error = ve, ve[0].Message+"."
		return s.render(w, r, http.StatusUnprocessableEntity, "login", &Page{Title: "Log in", NoIndex: true, Alert: f.Error, Data: f})
	case errors.As(err, &limited):
		return s.limited(w, r, limited, "login", "Log in", f)
	case errors.Is(err, account.ErrBusy):
		return s.busy(w, r, "login", "Log in", f)
	case errors.Is(err, account.ErrCredentials):
		f.Error = "The email address or password is not right. Please try again."
		return s.render(w, r, http.StatusUnauthorized, "login", &Page{Title: "Log in", NoIndex: true, Alert: f.Error, Data: f})
	case errors.Is(err, account.ErrUnconfirmed):
		f.Error, f.Unconfirmed = sentence(err.Error()), true
		return s.render(w, r, http.StatusForbidden, "login", &Page{Title: "Log in", NoIndex: true, Alert: f.Error, Data: f})
	case err != nil:
		return err
	}
	s.signIn(w, account.Started{Session: res.Session, Device: res.Device})
	s.Log.Info("login", "user", res.User.ID)
	return s.afterSignIn(w, r, res.User, res.Session, f)
}

// handover is what the browser brings to a sign-in: its session, its
// device cookie and its user agent. The account service ends the first,
// replaces the second and opens the new session in one transaction.
func (s *Site) handover(r *http.Request) account.Handover {
	h := account.Handover{Session: visitorOf(r).Secret, UserAgent: r.UserAgent(), NewDevice: true}
	if c, err := r.Cookie(DeviceCookie); err == nil {
		h.Device = c.Value
	}
	return h
}

// signIn gives the browser the new session and device cookie of a
// sign-in.
func (s *Site) signIn(w http.ResponseWriter, st account.Started) {
	s.setSession(w, st.Session)
	s.setDevice(w, st.Device)
}

func (s *Site) signupPage(w http.ResponseWriter, r *http.Request) error {
	q := r.URL.Query()
	return s.render(w, r, http.StatusOK, "signup", &Page{Title: "Create an account", NoIndex: true, Data: authForm{Next: q.Get("next"), Save: q.Get("save")}})
}

func (s *Site) signup(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := authForm{Email: r.PostForm.Get("email"), Next: r.PostForm.Get("next"), Save: r.PostForm.Get("save")}
	h := s.handover(r)
	u, st, err := s.Accounts.Signup(r.Context(), account.SignupRequest{Email: f.Email, Password: r.PostForm.Get("password"), Client: s.client(r), SignIn: &h})
	var ve validate.Errors
	var limited *account.LimitedError
	confirm := s.Accounts.Policy().ConfirmEmail && s.Mail != nil
	switch {
	case errors.As(err, &ve):
		f.Errors, f.Error = ve, ve[0].Message+"."
		return s.render(w, r, http.StatusUnprocessableEntity, "signup", &Page{Title: "Create an account", NoIndex: true, Alert: f.Error, Data: f})
	case errors.As(err, &limited):
		return s.limited(w, r, limited, "signup", "Create an account", f)
	case errors.Is(err, account.ErrBusy):
		return s.busy(w, r, "signup", "Create an account", f)
	case errors.Is(err, account.ErrSignup) && confirm:
		// The same answer as for a new account; the owner of the address
		// gets a note that they already have one, within the address's
		// allowance of links (over it, silently none).
		err := s.Accounts.LinkAllowed(r.Context(), f.Email, s.client(r))
		if err == nil {
			s.mailUnasked(s.alreadyMemberMail(f.Email))
		} else if !errors.As(err, &limited) {
			s.Log.Warn("already-member note not sent", "err", err, "request_id", httpx.RequestID(r.Context()))
		}
		return s.checkYourEmail(w, r)
	case errors.Is(err, account.ErrSignup):
		f.Error = sentence(err.Error())
		return s.render(w, r, http.StatusConflict, "signup", &Page{Title: "Create an account", NoIndex: true, Alert: f.Error, Data: f})
	case err != nil:
		return err
	}
	if confirm {
		s.mailUnasked(s.confirmMail(u.Email))
		return s.checkYourEmail(w, r)
	}
	s.signIn(w, st) // the account and its session were written together
	return s.afterSignIn(w, r, u, st.Session, f)
}

func (s *Site) logout(w http.ResponseWriter, r *http.Request) error {
	if v := visitorOf(r); v.Secret != "" {
		if err := s.Accounts.Logout(r.Context(), v.Secret); err != nil {
			return err
		}
	}
	s.clearSession(w)
	http.Redirect(w, r, "/login?done=signed-out", http.StatusSeeOther)
	return nil
}

type settingsData struct {
	User    *account.User
	Error   string
	Errors  validate.Errors
	Done    string
	Profile *coach.Profile // the answers behind the active plan
	// Calendar is the "Calendar reminders" section (calendar.go).
	Calendar calendarSettings
	Zone     zoneSettings // the "Time zone" section (timezone.go)
}

// Answers words every answer behind the active plan (profileAnswers).
func (d settingsData) Answers() []Option { return profileAnswers(*d.Profile) }

func (s *Site) settings(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	d := s.settingsFor(r, v.User)
	switch r.URL.Query().Get("done") {
	case "password":
		d.Done = "Your password is changed. Other devices were logged out."
	case "reset":
		d.Done = "Your new password is set, and every other device was logged out."
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, http.StatusOK, "settings", &Page{Title: "Settings", NoIndex: true, Data: d})
}

// settingsFor is the settings page's data, with the active plan's answers.
func (s *Site) settingsFor(r *http.Request, u *account.User) settingsData {
	d := settingsData{User: u}
	if pl, err := s.Plans.Active(r.Context(), u.ID); err == nil {
		d.Profile = &pl.Profile
	}
	d.Calendar = s.calendarSettingsFor(r, u)
	d.Zone = s.zoneSettingsFor(r, u)
	return d
}

func (s *Site) changePassword(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	device, err := s.Accounts.ChangePasswordFrom(r.Context(), v.User, r.PostFormValue("current"), r.PostFormValue("password"), s.handover(r))
	var ve validate.Errors
	var limited *account.LimitedError
	switch {
	case errors.As(err, &limited):
		d := s.settingsFor(r, v.User)
		d.Error = "Too many wrong passwords; please wait " + itoa(int(limited.RetryAfter.Minutes())+1) + " minutes and try again."
		w.Header().Set("Retry-After", itoa(int(limited.RetryAfter.Seconds())+1))
		return s.render(w, r, http.StatusTooManyRequests, "settings", &Page{Title: "Settings", NoIndex: true, Alert: d.Error, AlertLink: "#password", Data: d})
	case errors.As(err, &ve):
		d := s.settingsFor(r, v.User)
		d.Errors, d.Error = ve, ve[0].Message+"."
		return s.render(w, r, http.StatusUnprocessableEntity, "settings", &Page{Title: "Settings", NoIndex: true, Alert: d.Error, AlertLink: "#password", Data: d})
	case err != nil:
		return err
	default:
		// The change ended every trusted browser; this one has just proved
		// the password, so it got the one device cookie left trusted.
		s.setDevice(w, device)
		http.Redirect(w, r, "/me/settings?done=password", http.StatusSeeOther)
	}
	return nil
}

func (s *Site) logoutEverywhere(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	if err := s.Accounts.LogoutEverywhere(r.Context(), v.User.ID); err != nil {
		return err
	}
	s.clearSession(w)
	http.Redirect(w, r, "/login?done=signed-out-everywhere", http.StatusSeeOther)
	return nil
}

// myPlan shows the member's active plan.
func (s *Site) myPlan(w http.ResponseWriter, r *http.Request) error {
	v, err := s.requireUser(r)
	if err != nil {
		return err
	}
	st, err := s.Progress.Current(r.Context(), v.User.ID, "")
	if errors.Is(err, progress.ErrNoPlan) {
		var flash planFlash
		if _, err := s.takeFlash(r, "plan", &flash); err != nil {
			return err
		}
		return s.render(w, r, http.StatusOK, "message", &Page{Title: "My plan", NoIndex: true, Notice: flash.Notice, Data: map[string]string{
			"Heading": "You have no plan yet", "Text": "Answer a few questions to get a gentle 12-week plan; it will be kept here.",
			"Link": "/start", "LinkText": "Build my plan"}})
	}
	if err != nil {
		return err
	}
	if st.Result.Status == coach.StatusReferred {
		return s.showPaused(w, r, st.Result)
	}
	// The member's plan as their logs have adapted it.
	pl := *st.Plan
	pl.Result = st.Result
	return s.showPlan(w, r, &pl, true, st.LoggedToday() != nil)
}
