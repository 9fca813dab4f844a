// Package clinic is the clinician's side of supple (issue 17): a
// clinician hands a member a short invite code; the member links to the
// clinician after a consent screen; the clinician then sees that member
// on a dashboard, reads their plan and logs, prescribes (coach.Prescription)
// and writes notes. The member can see every access and end the link at
// once. Every read checks the link in the database, so a revoke on one
// instance is effective on all of them.
package clinic

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"

	"supple/internal/account"
	"supple/internal/plans"
	"supple/internal/progress"
	"supple/internal/store"
	"supple/internal/validate"
)

// Errors the web and API layers turn into responses.
var (
	// ErrNotFound means no such patient, link, override or note for this
	// person: never linked, revoked, or someone else's (404).
	ErrNotFound = errors.New("no such patient or link")
	// ErrCodeUnknown means no invite has this code (404).
	ErrCodeUnknown = errors.New("no invite has this code; check it letter by letter, or ask your clinician for a new one")
	// ErrCodeExpired means the invite is older than InviteDays (410).
	ErrCodeExpired = errors.New("this invite code has expired; ask your clinician for a new one")
	// ErrCodeUsed means the invite was used already (410).
	ErrCodeUsed = errors.New("this invite code has been used already; ask your clinician for a new one")
	// ErrNotMember means a clinician (or editor or admin) tried to link
	// as a patient (403).
	ErrNotMember = errors.New("only a member account can link to a clinician; a clinician, editor or admin account cannot")
	// ErrNotClinician means the account is not a clinician's (403).
	ErrNotClinician = errors.New("only a clinician account can do this")
	// ErrLinked means the member is linked to that clinician already (409).
	ErrLinked = errors.New("you are linked to this clinician already")
)

// InviteDays is how long an invite code works.
const InviteDays = 14

// CodeAlphabet are the letters of an invite code: no 0/O, 1/I/L, 2/Z,
// 5/S or 8/B, which are easy to confuse when read out or typed.
const CodeAlphabet = "ACDEFGHJKMNPQRTUVWXY34679"

// CodeLength is how many letters an invite code has.
const CodeLength = 8

// Consent lists exactly what a linked clinician sees and does; the member
// is shown it before linking, and it is stored with the link.
var Consent = []string{
	"your email address",
	"your saved plan, as the coach adapts it, with its adjustments",
	"your session logs with their pain scores and notes",
	"your weekly check-ins (pain and activity scores) and re-screens",
	"prescriptions: your clinician can leave exercises out, add exercises at a dose, cap your weekly minutes and set a review date",
	AnswersItem,
	"a notes thread between you and your clinician",
}

// AnswersItem is the consent item that names every answer of the plan's
// questions (coach.Profile) a clinician is shown. A link whose stored
// consent lacks it, word for word, shows no answers (Patient.Profile is
// nil) until the member agrees to share them (ShareAnswers).
const AnswersItem = "your answers to the plan's questions: age, sex, pregnancy, pain now and for how long, activity, mobility aid, getting to the floor, clinician clearance, warning signs, leg pain, conditions, bone health, what makes it worse or eases it, minutes a day, days a week, equipment, whether you ran before, and the exercise swaps you chose"

// Channel is how a member consented to a link: on this site's consent
// screen, or through an API client, where this site showed nothing and
// the client was to show Consent. It is kept with the consent, so that
// the member's record says which it was.
type Channel string

// The channels of a consent. ChannelUnknown is a link made before the
// channel was recorded.
const (
	ChannelWeb     Channel = "web"
	ChannelAPI     Channel = "api"
	ChannelUnknown Channel = "unknown"
)

// ConsentRecord is what the member accepted for a link, when and how.
type ConsentRecord struct {
	Shown   []string  `json:"shown"`
	At      time.Time `json:"at"`
	Channel Channel   `json:"channel"`
}

// Service runs the clinician side.
type Service struct {
	db    *store.DB
	plans *plans.Service
	prog  *progress.Service
	now   func() time.Time
	// notify, when set, is told of a new note (an email when SMTP is
	// configured); its error is logged by the caller's choice, not ours.
	notify func(ctx context.Context, to, subject, body string) error
	rows   rowCache
}

// New returns the clinic service.
func New(db *store.DB, ps *plans.Service, prog *progress.Service, now func() time.Time) *Service {
	return &Service{db: db, plans: ps, prog: prog, now: now}
}

// WithNotify sets how new notes are announced (an email to the other
// side of the link); call it before serving.
func (s *Service) WithNotify(fn func(ctx context.Context, to, subject, body string) error) *Service {
	s.notify = fn
	return s
}

// Clinician is a clinician as their patients see them.
type Clinician struct {
	ID   int64  `json:"-"`
	Name string `json:"name"`
}

// Link is a member's consent to one clinician; its ID is the patient id
// on the clinician's side and the clinician id on the member's.
type Link struct {
	ID          int64
	MemberID    int64
	MemberEmail string
	Clinician   Clinician
	Created     time.Time
	Ended       time.Time // when it ended; zero while it is in force
	// EndedBy is who ended it: EndedByMember, EndedByRole, or "" (in
	// force, or ended before it was recorded).
	EndedBy string
}

// Who ended a link (Link.EndedBy).
const (
	EndedByMember = store.EndedByMember
	EndedByRole   = store.EndedByRole
)

func toLink(l store.ClinicLink) Link {
	out := Link{ID: l.ID, MemberID: l.MemberID, MemberEmail: l.MemberEmail,
		Clinician: Clinician{ID: l.ClinicianID, Name: l.ClinicianName}, Created: l.CreatedAt, EndedBy: l.EndedBy}
	if l.RevokedAt.Valid {
		out.Ended = l.RevokedAt.Time
	}
	return out
}

// Invite is a new code, shown once to the clinician.
type Invite struct {
	Code    string    `json:"code"`
	Expires time.Time `json:"expires"`
}

// SetName sets the name a clinician's patients see (at most 80
// characters); an empty name falls back to the email address.
func (s *Service) SetName(ctx context.Context, u *account.User, name string) error {
	if !u.Can(account.Clinician) {
		return ErrNotClinician
	}
	name = strings.TrimSpace(name)
	var e validate.Errors
	validate.Text(&e, "name", name, 80, false)
	if err := e.Err(); err != nil {
		return err
	}
	return s.db.SetClinicianName(ctx, u.ID, name)
}

// Name is the name the clinician's patients see ("": none set, they see
// the email address).
func (s *Service) Name(ctx context.Context, u *account.User) (string, error) {
	if !u.Can(account.Clinician) {
		return "", ErrNotClinician
	}
	return s.db.ClinicianName(ctx, u.ID)
}

// NormalizeCode is a typed code as stored: upper case, without spaces or
// dashes (a printed code is grouped "ABCD-EFGH").
func NormalizeCode(code string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '\t':
			return -1
		}
		return r
	}, strings.ToUpper(strings.TrimSpace(code)))
}

func codeHash(code string) string {
	h := sha256.Sum256([]byte(NormalizeCode(code)))
	return hex.EncodeToString(h[:])
}

func newCode() (string, error) {
	b := make([]byte, CodeLength)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("clinic: invite code: %w", err)
	}
	// 256 is not a multiple of the alphabet's 25 letters: reject the
	// bytes above the last whole multiple so that every letter is as
	// likely as another.
	const limit = 256 - 256%len(CodeAlphabet)
	out := make([]byte, 0, CodeLength)
	for len(out) < CodeLength {
		for _, c := range b {
			if int(c) < limit && len(out) < CodeLength {
				out = append(out, CodeAlphabet[int(c)%len(CodeAlphabet)])
			}
		}
		if _, err := rand.Read(b); err != nil {
			return "", fmt.Errorf("clinic: invite code: %w", err)
		}
	}
	return string(out), nil
}

// CreateInvite makes a code the clinician hands a member, valid for
// InviteDays days and for one link.
func (s *Service) CreateInvite(ctx context.Context, u *account.User) (Invite, error) {
	if !u.Can(account.Clinician) {
		return Invite{}, ErrNotClinician
	}
	now := s.now().UTC()
	for range 3 { // a clash of 25^8 codes is most unlikely; try again if it happens
		code, err := newCode()
		if err != nil {
			return Invite{}, err
		}
		inv := Invite{Code: code, Expires: now.AddDate(0, 0, InviteDays)}
		_, err = s.db.AddClinicInvite(ctx, store.ClinicInvite{CodeHash: codeHash(code), ClinicianID: u.ID, CreatedAt: now, ExpiresAt: inv.Expires})
		if errors.Is(err, store.ErrDuplicate) {
			continue
		}
		return inv, err
	}
	return Invite{}, errors.New("clinic: could not make a unique invite code")
}

// Accept links the member u to the clinician of code, after the member
// accepted Consent: ErrCodeUnknown, ErrCodeExpired or ErrCodeUsed for a
// code that does not work, ErrNotMember for an account that is not a
// member's, ErrLinked when the member follows that clinician already,
// and an *account.LimitedError past the wrong-code limits (codelimit.go)
// of the member and of client, their network's keyed hash.
func (s *Service) Accept(ctx context.Context, u *account.User, code, client string, via Channel) (l Link, err error) {
	if code, err = checkCode(u, code); err != nil {
		return Link{}, err
	}
	release, err := s.reserveCodeTry(ctx, u, client)
	if err != nil {
		return Link{}, err
	}
	defer func() {
		if !wrongCode(err) {
			release()
		}
	}()
	existing, err := s.db.MemberClinicLinks(ctx, u.ID)
	if err != nil {
		return Link{}, err
	}
	now := s.now().UTC()
	id, err := s.db.UseClinicInvite(ctx, codeHash(code), u.ID, now, consentJSON(), string(via), func(in store.ClinicInvite) error {
		return inviteProblem(in, u.ID, existing, now)
	})
	switch {
	case errors.Is(err, store.ErrNotFound):
		return Link{}, ErrCodeUnknown
	case errors.Is(err, store.ErrDuplicate):
		return Link{}, ErrLinked
	case err != nil:
		for _, known := range []error{ErrCodeUsed, ErrCodeExpired, ErrNotMember, ErrLinked} {
			if errors.Is(err, known) {
				return Link{}, known
			}
		}
		return Link{}, err
	}
	sl, err := s.db.ClinicLinkByID(ctx, id)
	if err != nil {
		return Link{}, err
	}
	return toLink(sl), nil
}

// Clinicians lists the clinicians the member is linked to, oldest first.
func (s *Service) Clinicians(ctx context.Context, memberID int64) ([]Link, error) {
	return toLinks(s.db.MemberClinicLinks(ctx, memberID))
}

func toLinks(rows []store.ClinicLink, err error) ([]Link, error) {
	if err != nil {
		return nil, err
	}
	out := make([]Link, 0, len(rows))
	for _, r := range rows {
		out = append(out, toLink(r))
	}
	return out, nil
}

// EndedClinicians lists the member's links they ended, the latest first:
// the member still reads their notes and access record.
func (s *Service) EndedClinicians(ctx context.Context, memberID int64) ([]Link, error) {
	return toLinks(s.db.MemberEndedClinicLinks(ctx, memberID))
}

// MaxEndedShown is how many ended links the dashboard lists.
const MaxEndedShown = 10

// EndedPatients are the clinician's links their members ended, the
// latest first (at most MaxEndedShown): who and when, nothing else.
func (s *Service) EndedPatients(ctx context.Context, u *account.User) ([]Link, error) {
	if !u.Can(account.Clinician) {
		return nil, ErrNotClinician
	}
	return toLinks(s.db.ClinicianEndedLinks(ctx, u.ID, MaxEndedShown))
}

// EndedPatient is the clinician's link linkID that its member ended: who
// and when, nothing else (ErrNotFound for a link in force, or one that is
// not the clinician's). The web says so in place of a bare "not found".
func (s *Service) EndedPatient(ctx context.Context, u *account.User, linkID int64) (Link, error) {
	if !u.Can(account.Clinician) {
		return Link{}, ErrNotClinician
	}
	l, err := s.db.ClinicLinkByID(ctx, linkID)
	if errors.Is(err, store.ErrNotFound) || err == nil && (l.ClinicianID != u.ID || !l.RevokedAt.Valid) {
		return Link{}, ErrNotFound
	}
	if err != nil {
		return Link{}, err
	}
	return toLink(l), nil
}

// LinkPrescriptions are the prescriptions in force through the member's
// link linkID: what stops when they end it.
func (s *Service) LinkPrescriptions(ctx context.Context, memberID, linkID int64) ([]Override, error) {
	l, err := s.memberLink(ctx, memberID, linkID)
	if err != nil {
		return nil, err
	}
	os, err := s.db.LinkOverrides(ctx, l.ID)
	if err != nil {
		return nil, err
	}
	out := make([]Override, 0, len(os))
	for _, o := range os {
		out = append(out, toOverride(o))
	}
	return out, nil
}

// Revoke ends the member's link at once: the clinician's next request,
// on any instance, finds no patient. The clinician's prescriptions stop
// acting on the plan with it.
func (s *Service) Revoke(ctx context.Context, memberID, linkID int64) error {
	err := s.db.RevokeClinicLink(ctx, memberID, linkID, s.now())
	if errors.Is(err, store.ErrNotFound) {
		return ErrNotFound
	}
	return err
}

// memberLink is the member's link linkID that is in force.
func (s *Service) memberLink(ctx context.Context, memberID, linkID int64) (store.ClinicLink, error) {
	l, err := s.db.ClinicLinkByID(ctx, linkID)
	if errors.Is(err, store.ErrNotFound) || err == nil && (l.MemberID != memberID || l.RevokedAt.Valid) {
		return l, ErrNotFound
	}
	return l, err
}

// memberRecord is the member's link linkID, in force or ended: its
// notes, access log and consent stay the member's to read.
func (s *Service) memberRecord(ctx context.Context, memberID, linkID int64) (store.ClinicLink, error) {
	l, err := s.db.ClinicLinkByID(ctx, linkID)
	if errors.Is(err, store.ErrNotFound) || err == nil && l.MemberID != memberID {
		return l, ErrNotFound
	}
	return l, err
}

// patientLink is the clinician's link linkID that is in force. It is
// read on every request: a revoke elsewhere is seen at once.
func (s *Service) patientLink(ctx context.Context, u *account.User, linkID int64) (store.ClinicLink, error) {
	if !u.Can(account.Clinician) {
		return store.ClinicLink{}, ErrNotClinician
	}
	l, err := s.db.ClinicLinkByID(ctx, linkID)
	if errors.Is(err, store.ErrNotFound) || err == nil && (l.ClinicianID != u.ID || l.RevokedAt.Valid) {
		return l, ErrNotFound
	}
	return l, err
}

// Access is one view or change the clinician made.
type Access struct {
	At   time.Time `json:"at"`
	What string    `json:"what"`
}

// AccessLog lists every view and change of the clinician on the member's
// link, newest first, after the link ended too.
func (s *Service) AccessLog(ctx context.Context, memberID, linkID int64) ([]Access, error) {
	if _, err := s.memberRecord(ctx, memberID, linkID); err != nil {
		return nil, err
	}
	rows, err := s.db.ClinicAccessLog(ctx, linkID)
	if err != nil {
		return nil, err
	}
	out := make([]Access, 0, len(rows))
	for _, r := range rows {
		out = append(out, Access{At: r.At, What: r.What})
	}
	return out, nil
}

// ConsentShown is what the member accepted for the link, when and through
// which channel.
func (s *Service) ConsentShown(ctx context.Context, memberID, linkID int64) (ConsentRecord, error) {
	if _, err := s.memberRecord(ctx, memberID, linkID); err != nil {
		return ConsentRecord{}, err
	}
	shown, at, via, err := s.db.ClinicConsent(ctx, linkID)
	if err != nil {
		return ConsentRecord{}, err
	}
	return ConsentRecord{Shown: parseConsent(shown), At: at, Channel: Channel(via)}, nil
}

func (s *Service) logAccess(ctx context.Context, linkID int64, what string) error {
	return s.db.AddClinicAccess(ctx, linkID, s.now(), what)
}
