package cli

import (
	"context"
	"fmt"
	"net/url"
	"strings"
	"time"

	"supple/internal/account"
	"supple/internal/clinic"
	"supple/internal/mail"
)

// runInvite: supple user invite -email E [-role clinician|editor]. It
// makes the account (audited as "cli") with a password-setting link that
// works for account.InviteLifetime, and emails the link when SMTP is
// configured; without SMTP it prints the link for the admin to pass on.
// Bad usage, an invalid address or an existing account exit 2, as user
// add does; an email that could not be sent exits 1 after the link is
// printed, since the account exists by then.
func runInvite(ctx context.Context, args []string, env Env, io IO) error {
	fs := newFlags("user invite", "", io)
	dbf := addDBFlags(fs)
	email := fs.String("email", "", "the invited person's email address")
	role := fs.String("role", account.Clinician, "clinician or editor")
	baseURL := fs.String("base-url", "", "public URL of the site, for the link (needed with -smtp-url; default http://127.0.0.1:8080/, serve's default)")
	smtpURL := fs.String("smtp-url", "", "SMTP server to send the invitation through, as for serve; empty: print the link instead")
	mailFrom := fs.String("mail-from", "", "the From address of email (needed with -smtp-url)")
	if err := parse(fs, args, env); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return usageError("user invite takes no arguments, got %q", strings.Join(fs.Args(), " "))
	}
	if *email == "" {
		return usageError("user invite needs -email")
	}
	if *role != account.Clinician && *role != account.Editor {
		return usageError("user invite -role %q: invite a clinician or an editor (add other accounts with 'supple user add')", *role)
	}
	smtp, err := parseSMTP(*smtpURL, *mailFrom, false)
	if err != nil {
		return err
	}
	if smtp != nil && *baseURL == "" {
		return usageError("-base-url is needed with -smtp-url: the emailed link must open your site, such as https://back.clinic.example/")
	}
	base, err := parseBaseURL(*baseURL, "127.0.0.1:8080")
	if err != nil {
		return err
	}
	db, acc, err := openAccounts(ctx, env, dbf)
	if err != nil {
		return err
	}
	defer db.Close()
	u, token, err := acc.Invite(ctx, "cli", *email, *role)
	if err := userError(err); err != nil {
		return err
	}
	link := base.ResolveReference(&url.URL{Path: "/reset", RawQuery: url.Values{"token": {token}}.Encode()}).String()
	printLink := func() {
		fmt.Fprintf(io.Stdout, "invited %s (%s); their link to set a password, valid %d days and once:\n%s\n", u.Email, u.Role, inviteDays, link)
	}
	if smtp == nil {
		printLink()
		fmt.Fprintf(io.Stderr, "no email was sent (no -smtp-url): pass the link on to %s yourself\n", u.Email)
		return nil
	}
	if err := smtp.Send(ctx, inviteMessage(base, u.Email, u.Role, link)); err != nil {
		printLink()
		return fmt.Errorf("the account is made, but the invitation to %s could not be sent: %w; pass the link above on yourself", u.Email, err)
	}
	fmt.Fprintf(io.Stdout, "invited %s (%s); the link to set a password, valid %d days, was emailed to them\n", u.Email, u.Role, inviteDays)
	return nil
}

// inviteDays is account.InviteLifetime in days, as the messages say it.
const inviteDays = int(account.InviteLifetime / (24 * time.Hour))

// inviteMessage is the invitation email: who invites (the site), what
// supple is, the link, and for a clinician what they see of a patient,
// only with the patient's consent (worded as the consent screen words it).
func inviteMessage(base *url.URL, email, role, link string) mail.Message {
	site := base.Host
	var b strings.Builder
	fmt.Fprintf(&b, "Hello,\n\nThe administrator of %s (%s) has made an account for you there as %s, for this email address.\n\n", site, base, withArticle(role))
	b.WriteString("The site runs supple, a back-care coach for people with back pain: articles, a screen for warning signs that need a doctor, and a personal, gradual exercise plan that adapts to how the sessions went.\n\n")
	fmt.Fprintf(&b, "To choose your password, open this link within %d days. It works once:\n\n%s\n\n", inviteDays, link)
	if role == account.Clinician {
		fmt.Fprintf(&b, "Then your dashboard is at %s.\n\n", base.ResolveReference(&url.URL{Path: "/clinic/"}))
		fmt.Fprintf(&b, "You see no one's data until a member links to you. A member links with an invite code you make at %s and hand them, after a screen that lists exactly what you will see. They read it in these words:\n\n", base.ResolveReference(&url.URL{Path: "/clinic/invites"}))
		for _, c := range clinic.Consent {
			fmt.Fprintf(&b, "- %s\n", c)
		}
		b.WriteString("\nNothing else. The member sees every view and change you make, and can end the link at any time, which ends your access at once.\n\n")
	} else {
		fmt.Fprintf(&b, "Then your editor pages are at %s.\n\n", base.ResolveReference(&url.URL{Path: "/editor/"}))
	}
	fmt.Fprintf(&b, "If you did not expect this message, you can ignore it: nobody knows the account's password, and the link stops working after %d days.\n", inviteDays)
	return mail.Message{To: email, Subject: fmt.Sprintf("You are invited to %s as %s", site, withArticle(role)), Body: b.String()}
}

// withArticle is "a clinician" or "an editor".
func withArticle(role string) string {
	if strings.ContainsRune("aeiou", rune(role[0])) {
		return "an " + role
	}
	return "a " + role
}
