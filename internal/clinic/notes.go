package clinic

import (
	"context"
	"encoding/json"
	"strings"
	"time"

	"supple/internal/account"
	"supple/internal/store"
	"supple/internal/validate"
)

// MaxNote is the longest note, in characters.
const MaxNote = 2000

// Note is one message of a link's thread.
type Note struct {
	ID        int64     `json:"id"`
	Author    string    `json:"author"`
	Clinician bool      `json:"from_clinician"`
	Body      string    `json:"body"`
	Created   time.Time `json:"created"`
}

func toNotes(l store.ClinicLink, rows []store.ClinicNote) []Note {
	out := make([]Note, 0, len(rows))
	for _, n := range rows {
		out = append(out, Note{ID: n.ID, Author: n.AuthorName, Clinician: n.AuthorID == l.ClinicianID, Body: n.Body, Created: n.CreatedAt})
	}
	return out
}

func checkNote(body string) (string, error) {
	body = strings.TrimSpace(body)
	var e validate.Errors
	if body == "" {
		e.Add("body", "write the note")
	} else {
		validate.Text(&e, "body", body, MaxNote, true)
	}
	return body, e.Err()
}

// MemberNotes is the thread of the member's link, oldest first; it stays
// readable after the link ended (only new notes are refused).
func (s *Service) MemberNotes(ctx context.Context, memberID, linkID int64) ([]Note, error) {
	l, err := s.memberRecord(ctx, memberID, linkID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.ClinicNotes(ctx, l.ID)
	if err != nil {
		return nil, err
	}
	return toNotes(l, rows), nil
}

// PatientNotes is the thread of the clinician's link, oldest first; the
// read is in the member's access log.
func (s *Service) PatientNotes(ctx context.Context, u *account.User, linkID int64) ([]Note, error) {
	l, err := s.patientLink(ctx, u, linkID)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.ClinicNotes(ctx, l.ID)
	if err != nil {
		return nil, err
	}
	if err := s.logAccess(ctx, l.ID, "read the notes"); err != nil {
		return nil, err
	}
	return toNotes(l, rows), nil
}

// AddMemberNote adds the member's note to their link's thread and tells
// the clinician (by email when SMTP is configured).
func (s *Service) AddMemberNote(ctx context.Context, u *account.User, linkID int64, body string) (Note, error) {
	l, err := s.memberLink(ctx, u.ID, linkID)
	if err != nil {
		return Note{}, err
	}
	return s.addNote(ctx, l, u.ID, body)
}

// AddPatientNote adds the clinician's note to the patient's thread and
// tells the member (by email when SMTP is configured).
func (s *Service) AddPatientNote(ctx context.Context, u *account.User, linkID int64, body string) (Note, error) {
	l, err := s.patientLink(ctx, u, linkID)
	if err != nil {
		return Note{}, err
	}
	n, err := s.addNote(ctx, l, u.ID, body)
	if err != nil {
		return Note{}, err
	}
	return n, s.logAccess(ctx, l.ID, "wrote a note")
}

func (s *Service) addNote(ctx context.Context, l store.ClinicLink, author int64, body string) (Note, error) {
	body, err := checkNote(body)
	if err != nil {
		return Note{}, err
	}
	n := store.ClinicNote{LinkID: l.ID, AuthorID: author, Body: body, CreatedAt: s.now()}
	if n.ID, err = s.db.AddClinicNote(ctx, n); err != nil {
		return Note{}, err
	}
	fromClinician := author == l.ClinicianID
	name := l.MemberEmail
	if fromClinician {
		name = l.ClinicianName
	}
	if s.notify != nil {
		to, subject, text := l.ClinicianID, "A note from your patient "+l.MemberEmail,
			"Your patient "+l.MemberEmail+" wrote a note on supple. Log in and open the patient's page to read it."
		if fromClinician {
			to, subject = l.MemberID, "A note from "+l.ClinicianName
			text = l.ClinicianName + " wrote you a note on supple. Log in to read it on your today page."
		}
		// The note stands whether its email goes or not; notify logs its
		// own failures.
		_ = s.notify(ctx, s.emailOf(ctx, l, to), subject, text)
	}
	return Note{ID: n.ID, Author: name, Clinician: fromClinician, Body: body, Created: n.CreatedAt}, nil
}

func (s *Service) emailOf(ctx context.Context, l store.ClinicLink, to int64) string {
	if to != l.ClinicianID {
		return l.MemberEmail
	}
	u, err := s.db.UserByID(ctx, to)
	if err != nil {
		return ""
	}
	return u.Email
}

func consentJSON() string {
	b, _ := json.Marshal(Consent)
	return string(b)
}

func parseConsent(s string) []string {
	var out []string
	_ = json.Unmarshal([]byte(s), &out)
	return out
}
