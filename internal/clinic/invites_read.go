package clinic

import (
	"context"
	"errors"
	"strings"
	"time"

	"supple/internal/account"
	"supple/internal/store"
)

// checkCode is the member's typed code as stored: ErrNotMember for an
// account that is not a member's, ErrCodeUnknown for one that cannot be
// a code.
func checkCode(u *account.User, code string) (string, error) {
	if u == nil || u.Role != account.Member {
		return "", ErrNotMember
	}
	code = NormalizeCode(code)
	if len(code) != CodeLength || strings.Trim(code, CodeAlphabet) != "" {
		return "", ErrCodeUnknown
	}
	return code, nil
}

// inviteProblem is why the member cannot link through the invite at
// now, given the links they have: nil when they can.
func inviteProblem(in store.ClinicInvite, memberID int64, existing []store.ClinicLink, now time.Time) error {
	switch {
	case in.UsedAt.Valid:
		return ErrCodeUsed
	case !now.Before(in.ExpiresAt):
		return ErrCodeExpired
	case in.ClinicianID == memberID:
		return ErrNotMember
	}
	for _, l := range existing {
		if l.ClinicianID == in.ClinicianID {
			return ErrLinked
		}
	}
	return nil
}

// Peek is the clinician of the member's code, for the consent screen that
// comes before Accept, with the same refusals as Accept; nothing is
// stored and the code stays unused. A wrong code counts towards the same
// limits as Accept's.
func (s *Service) Peek(ctx context.Context, u *account.User, code, client string) (c Clinician, err error) {
	if code, err = checkCode(u, code); err != nil {
		return Clinician{}, err
	}
	release, err := s.reserveCodeTry(ctx, u, client)
	if err != nil {
		return Clinician{}, err
	}
	defer func() {
		if !wrongCode(err) {
			release()
		}
	}()
	in, name, err := s.db.ClinicInviteByHash(ctx, codeHash(code))
	if errors.Is(err, store.ErrNotFound) {
		return Clinician{}, ErrCodeUnknown
	}
	if err != nil {
		return Clinician{}, err
	}
	existing, err := s.db.MemberClinicLinks(ctx, u.ID)
	if err != nil {
		return Clinician{}, err
	}
	if err := inviteProblem(in, u.ID, existing, s.now().UTC()); err != nil {
		return Clinician{}, err
	}
	return Clinician{ID: in.ClinicianID, Name: name}, nil
}

// OpenInvite is an invite not used yet; its code is not kept, only when
// it was made and until when it works.
type OpenInvite struct {
	ID      int64     `json:"id"`
	Created time.Time `json:"created"`
	Expires time.Time `json:"expires"`
}

// OpenInvites are the clinician's invites that still work, newest first.
func (s *Service) OpenInvites(ctx context.Context, u *account.User) ([]OpenInvite, error) {
	if !u.Can(account.Clinician) {
		return nil, ErrNotClinician
	}
	rows, err := s.db.OpenClinicInvites(ctx, u.ID, s.now())
	if err != nil {
		return nil, err
	}
	out := make([]OpenInvite, 0, len(rows))
	for _, r := range rows {
		out = append(out, OpenInvite{ID: r.ID, Created: r.CreatedAt, Expires: r.ExpiresAt})
	}
	return out, nil
}

// CancelInvite ends one of the clinician's open invites: its code works
// no more (ErrNotFound when the clinician has no such open invite).
func (s *Service) CancelInvite(ctx context.Context, u *account.User, id int64) error {
	if !u.Can(account.Clinician) {
		return ErrNotClinician
	}
	if err := s.db.CancelClinicInvite(ctx, u.ID, id); errors.Is(err, store.ErrNotFound) {
		return ErrNotFound
	} else if err != nil {
		return err
	}
	return nil
}
