package web

import (
	"context"
	"errors"
	"net/http"

	"supple/internal/account"
	"supple/internal/mail"
	"supple/internal/validate"
)

// mailJob queues a message; a full queue is logged by the queue and the
// person gets the same answer (they can ask again).
func (s *Site) mailJob(j mail.Job) {
	if s.Mail != nil {
		s.Mail.Enqueue(j)
	}
}

// mailUnasked queues a message a sign-up sends, only while the queue has
// room left for the links people ask for.
func (s *Site) mailUnasked(j mail.Job) {
	if s.Mail != nil {
		s.Mail.EnqueueUnasked(j)
	}
}

func (s *Site) checkYourEmail(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "message", &Page{Title: "Check your email", NoIndex: true, Data: map[string]string{
		"Heading": "Check your email",
		"Text":    "We sent a message to the address you gave. Use the link in it to confirm your address, then log in. If you already have an account, the message says so.",
		"Link":    "/login", "LinkText": "Go to log in"}})
}

type forgotForm struct {
	Email, Error string
	Errors       validate.Errors
	Sent         bool
	Mail         bool // an SMTP server is set up
	Confirm      bool // asking again for the confirmation link, not a reset
}

func (s *Site) forgotPage(w http.ResponseWriter, r *http.Request) error {
	return s.render(w, r, http.StatusOK, "forgot", &Page{Title: "Forgot your password?", NoIndex: true, Data: forgotForm{Mail: s.Mail != nil}})
}

// forgot sends a reset link if the address has an account. The answer,
// its timing and its limits are the same either way: the account is
// looked up and the link made in the mail queue, not here.
func (s *Site) forgot(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := forgotForm{Email: r.PostForm.Get("email"), Mail: s.Mail != nil}
	return s.askLink(w, r, &f, "forgot", "Forgot your password?", s.resetMail)
}

// resendConfirm sends a new confirmation link if the address has an
// account that still has to confirm it.
func (s *Site) resendConfirm(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	f := forgotForm{Email: r.PostForm.Get("email"), Mail: s.Mail != nil, Confirm: true}
	return s.askLink(w, r, &f, "forgot", "Confirm your email address", s.confirmMail)
}

func (s *Site) askLink(w http.ResponseWriter, r *http.Request, f *forgotForm, page, title string, job func(email string) mail.Job) error {
	if s.Mail == nil {
		return s.render(w, r, http.StatusOK, page, &Page{Title: title, NoIndex: true, Data: *f})
	}
	email, msg := account.NormalizeEmail(f.Email)
	if msg != "" {
		f.Errors, f.Error = validate.Errors{{Field: "email", Message: msg}}, msg+"."
		return s.render(w, r, http.StatusUnprocessableEntity, page, &Page{Title: title, NoIndex: true, Alert: f.Error, Data: *f})
	}
	err := s.Accounts.LinkAllowed(r.Context(), email, s.client(r))
	var limited *account.LimitedError
	switch {
	case errors.As(err, &limited):
		return s.limited(w, r, limited, page, title, *f)
	case err != nil:
		return err
	}
	s.mailJob(job(email))
	f.Sent = true
	return s.render(w, r, http.StatusOK, page, &Page{Title: title, NoIndex: true, Data: *f})
}

// resetMail makes the reset message in the mail queue.
func (s *Site) resetMail(email string) mail.Job {
	return func(ctx context.Context) (*mail.Message, error) {
		u, token, err := s.Accounts.ResetLink(ctx, email)
		if errors.Is(err, account.ErrNotFound) {
			return nil, nil // no account: nothing to send
		}
		if err != nil {
			return nil, err
		}
		return &mail.Message{To: u.Email, Subject: "Set a new password for " + s.cfg.SiteName, Body: "Hello,\n\n" +
			"Someone (we hope you) asked to set a new password for your " + s.cfg.SiteName + " account.\n\n" +
			"To choose a new password, open this link within 30 minutes. It works once:\n\n" +
			s.abs("/reset?token="+token) + "\n\n" +
			"Setting a new password logs you out on every other device.\n\n" +
			"If you did not ask for this, you can ignore this message: your password stays as it is.\n"}, nil
	}
}

// confirmMail makes the address-confirmation message in the mail queue.
func (s *Site) confirmMail(email string) mail.Job {
	return func(ctx context.Context) (*mail.Message, error) {
		u, token, err := s.Accounts.ConfirmLink(ctx, email)
		if errors.Is(err, account.ErrNotFound) {
			return nil, nil // no account, or confirmed already
		}
		if err != nil {
			return nil, err
		}
		return &mail.Message{To: u.Email, Subject: "Confirm your email address for " + s.cfg.SiteName, Body: "Hello,\n\n" +
			"Thank you for creating an account on " + s.cfg.SiteName + ". To confirm that this address is yours, open this link within 48 hours:\n\n" +
			s.abs("/confirm?token="+token) + "\n\n" +
			"Then log in with the password you chose.\n\n" +
			"If you did not create an account, you can ignore this message; nothing more will be sent.\n"}, nil
	}
}

// alreadyMemberMail tells the owner of an address that someone tried to
// sign up with it, so that sign-up never says whether it is registered.
func (s *Site) alreadyMemberMail(email string) mail.Job {
	return func(ctx context.Context) (*mail.Message, error) {
		u, err := s.Accounts.ByEmail(ctx, email)
		if errors.Is(err, account.ErrNotFound) {
			return nil, nil // the account is gone: nothing to send
		}
		if err != nil {
			return nil, err
		}
		return &mail.Message{To: u.Email, Subject: "You already have an account on " + s.cfg.SiteName, Body: "Hello,\n\n" +
			"Someone (perhaps you) tried to create an account on " + s.cfg.SiteName + " with this address, but you have one already.\n\n" +
			"Log in here: " + s.abs("/login") + "\n" +
			"Forgot your password? Ask for a new one here: " + s.abs("/forgot") + "\n\n" +
			"If it was not you, you can ignore this message; your account is unchanged.\n"}, nil
	}
}

type resetForm struct {
	Token, Error string
	Errors       validate.Errors
}

func isLinkError(err error) bool {
	return errors.Is(err, account.ErrLinkUnknown) || errors.Is(err, account.ErrLinkUsed) || errors.Is(err, account.ErrLinkExpired)
}

// linkProblem is the clear page for a link that cannot be used, with a
// way to ask for a new one.
func (s *Site) linkProblem(w http.ResponseWriter, r *http.Request, err error, again string) error {
	status := http.StatusGone
	if errors.Is(err, account.ErrLinkUnknown) {
		status = http.StatusNotFound
	}
	text := sentence(err.Error()) + " Links in our messages work once, for a limited time."
	link, linkText := "/forgot", "Ask for a new link"
	if again == "confirm" {
		text += " If your address is confirmed already, log in; otherwise ask for a new link from the log-in page."
		link, linkText = "/login", "Go to log in"
	}
	w.Header().Set("Cache-Control", "no-store")
	return s.render(w, r, status, "message", &Page{Title: "This link cannot be used", NoIndex: true, Data: map[string]string{
		"Heading": "This link cannot be used", "Text": text, "Link": link, "LinkText": linkText}})
}

func (s *Site) resetPage(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("token")
	if token == "" {
		http.Redirect(w, r, "/forgot", http.StatusSeeOther)
		return nil
	}
	noLeak(w)
	if err := s.Accounts.CheckReset(r.Context(), token); isLinkError(err) {
		return s.linkProblem(w, r, err, "reset")
	} else if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "reset", &Page{Title: "Choose a new password", NoIndex: true, Data: resetForm{Token: token}})
}

// noLeak keeps a page that holds a secret link out of caches and
// referrers.
func noLeak(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
}

func (s *Site) reset(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	noLeak(w)
	f := resetForm{Token: r.PostForm.Get("token")}
	u, st, err := s.Accounts.Reset(r.Context(), f.Token, r.PostForm.Get("password"), s.handover(r))
	var ve validate.Errors
	switch {
	case errors.As(err, &ve):
		f.Errors, f.Error = ve, ve[0].Message+"."
		return s.render(w, r, http.StatusUnprocessableEntity, "reset", &Page{Title: "Choose a new password", NoIndex: true, Alert: f.Error, Data: f})
	case errors.Is(err, account.ErrBusy):
		return s.busy(w, r, "reset", "Choose a new password", f)
	case isLinkError(err):
		return s.linkProblem(w, r, err, "reset")
	case err != nil:
		return err
	}
	s.signIn(w, st)
	s.Log.Info("password reset", "user", u.ID)
	http.Redirect(w, r, "/me/settings?done=reset", http.StatusSeeOther)
	return nil
}

func (s *Site) confirmPage(w http.ResponseWriter, r *http.Request) error {
	token := r.URL.Query().Get("token")
	if token == "" {
		http.Redirect(w, r, "/login", http.StatusSeeOther)
		return nil
	}
	noLeak(w)
	// The link is used by the button, not by opening it: mail scanners
	// open links too.
	return s.render(w, r, http.StatusOK, "confirm", &Page{Title: "Confirm your email address", NoIndex: true, Data: resetForm{Token: token}})
}

func (s *Site) confirm(w http.ResponseWriter, r *http.Request) error {
	if err := parseForm(r); err != nil {
		return err
	}
	noLeak(w)
	_, err := s.Accounts.Confirm(r.Context(), r.PostForm.Get("token"))
	switch {
	case isLinkError(err):
		return s.linkProblem(w, r, err, "confirm")
	case err != nil:
		return err
	default:
		http.Redirect(w, r, "/login?done=confirmed", http.StatusSeeOther)
	}
	return nil
}
