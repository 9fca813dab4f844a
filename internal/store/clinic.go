package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ClinicInvite is a code a clinician hands a member; only its hash is kept.
type ClinicInvite struct {
	ID          int64
	CodeHash    string
	ClinicianID int64
	CreatedAt   time.Time
	ExpiresAt   time.Time
	UsedAt      sql.NullTime
}

// ClinicLink is a member's consent to one clinician.
type ClinicLink struct {
	ID            int64
	MemberID      int64
	MemberEmail   string
	ClinicianID   int64
	ClinicianName string // the clinician's name, or their email without one; as it was at the end for an ended link
	CreatedAt     time.Time
	RevokedAt     sql.NullTime
	EndedBy       string // EndedByMember, EndedByRole, or '' (in force, or ended before it was recorded)
}

// Who ended a link (clinic_links.ended_by).
const (
	EndedByMember = "member"
	EndedByRole   = "role"
)

// linkName is the name the member knows a link's clinician by: kept from
// the end for an ended link, so that a later rename does not reach it.
const linkName = `CASE WHEN l.clinician_name <> '' THEN l.clinician_name ELSE COALESCE(c.name, cu.email) END`

// freezeName is the clinician_name a link keeps when it ends.
const freezeName = `clinician_name = COALESCE((SELECT c.name FROM clinicians c WHERE c.user_id = clinic_links.clinician_id),
	(SELECT u.email FROM users u WHERE u.id = clinic_links.clinician_id), '')`

// ClinicAccess is one view or change a clinician made through a link.
type ClinicAccess struct {
	At   time.Time
	What string
}

// ClinicOverride is one prescription of a clinician.
type ClinicOverride struct {
	ID             int64
	LinkID         int64
	MemberID       int64
	Kind           string
	Exercise       string
	Dose           string // JSON, or ""
	CapMinutes     int
	ReviewOn       string
	Reason         string
	ConfirmedAvoid bool
	From           string // the first plan day it acts on, YYYY-MM-DD; "" for one made before migration 00019
	CreatedAt      time.Time
	RemovedAt      sql.NullTime
	LinkRevokedAt  sql.NullTime // when the link ended; filled by the reads
	ClinicianName  string       // filled by the reads
}

// ClinicNote is one message of a link's thread.
type ClinicNote struct {
	ID         int64
	LinkID     int64
	AuthorID   int64
	AuthorName string // filled by the reads
	Body       string
	CreatedAt  time.Time
}

// ClinicianName is the name a clinician's patients see ("" when none is
// set: they see the email address).
func (db *DB) ClinicianName(ctx context.Context, userID int64) (string, error) {
	var name string
	err := db.r.QueryRowContext(ctx, db.q(`SELECT name FROM clinicians WHERE user_id = ?`), userID).Scan(&name)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("store: clinician name: %w", err)
	}
	return name, nil
}

// SetClinicianName stores the name a clinician's patients see; "" takes
// it away (they see the email address again).
func (db *DB) SetClinicianName(ctx context.Context, userID int64, name string) error {
	if name == "" {
		if _, err := db.w.ExecContext(ctx, db.q(`DELETE FROM clinicians WHERE user_id = ?`), userID); err != nil {
			return fmt.Errorf("store: clear clinician name: %w", err)
		}
		return nil
	}
	if _, err := db.w.ExecContext(ctx, db.q(`INSERT INTO clinicians (user_id, name) VALUES (?, ?)
		ON CONFLICT (user_id) DO UPDATE SET name = excluded.name`), userID, name); err != nil {
		return fmt.Errorf("store: set clinician name: %w", err)
	}
	return nil
}

// AddClinicInvite stores a new invite.
func (db *DB) AddClinicInvite(ctx context.Context, in ClinicInvite) (int64, error) {
	var id int64
	err := db.w.QueryRowContext(ctx, db.q(`INSERT INTO clinic_invites (code_hash, clinician_id, created_at, expires_at)
		VALUES (?, ?, ?, ?) RETURNING id`), in.CodeHash, in.ClinicianID, in.CreatedAt.UTC(), in.ExpiresAt.UTC()).Scan(&id)
	if isUniqueViolation(err) {
		return 0, ErrDuplicate
	}
	if err != nil {
		return 0, fmt.Errorf("store: add clinic invite: %w", err)
	}
	return id, nil
}

// UseClinicInvite links memberID to the clinician of the invite whose
// code hashes to hash, in one transaction: check sees the invite first
// (ErrNotFound when there is none) and may refuse it; the invite is then
// marked used and the link and its consent (shown, what the member saw)
// are stored, with the channel it was given through (web, api).
// ErrDuplicate: the member has an open link to that
// clinician already.
func (db *DB) UseClinicInvite(ctx context.Context, hash string, memberID int64, now time.Time, shown, channel string, check func(ClinicInvite) error) (int64, error) {
	var linkID int64
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var in ClinicInvite
		err := tx.QueryRowContext(ctx, db.q(`SELECT id, code_hash, clinician_id, created_at, expires_at, used_at FROM clinic_invites
			WHERE code_hash = ?`+db.dialect.forUpdate()), hash).Scan(&in.ID, &in.CodeHash, &in.ClinicianID, &in.CreatedAt, &in.ExpiresAt, &in.UsedAt)
		if errors.Is(err, sql.ErrNoRows) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		if err := check(in); err != nil {
			return err
		}
		// One open link per member and clinician: checked here, and kept
		// by the index clinic_links_open when two transactions race.
		var open int
		if err := tx.QueryRowContext(ctx, db.q(`SELECT COUNT(*) FROM clinic_links WHERE member_id = ? AND clinician_id = ? AND revoked_at IS NULL`),
			memberID, in.ClinicianID).Scan(&open); err != nil {
			return err
		}
		if open > 0 {
			return ErrDuplicate
		}
		if _, err := tx.ExecContext(ctx, db.q(`UPDATE clinic_invites SET used_at = ? WHERE id = ?`), now.UTC(), in.ID); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, db.q(`INSERT INTO clinic_links (member_id, clinician_id, invite_id, created_at)
			VALUES (?, ?, ?, ?) RETURNING id`), memberID, in.ClinicianID, in.ID, now.UTC()).Scan(&linkID); err != nil {
			if isUniqueViolation(err) {
				return ErrDuplicate
			}
			return err
		}
		_, err = tx.ExecContext(ctx, db.q(`INSERT INTO clinic_consents (link_id, shown, accepted_at, channel) VALUES (?, ?, ?, ?)`),
			linkID, shown, now.UTC(), channel)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("store: use clinic invite: %w", err)
	}
	return linkID, nil
}

const linkSelect = `SELECT l.id, l.member_id, m.email, l.clinician_id, ` + linkName + `, l.created_at, l.revoked_at, l.ended_by
	FROM clinic_links l JOIN users m ON m.id = l.member_id JOIN users cu ON cu.id = l.clinician_id
	LEFT JOIN clinicians c ON c.user_id = l.clinician_id `

func (db *DB) links(ctx context.Context, where string, args ...any) ([]ClinicLink, error) {
	rows, err := db.r.QueryContext(ctx, db.q(linkSelect+where), args...)
	if err != nil {
		return nil, fmt.Errorf("store: clinic links: %w", err)
	}
	defer rows.Close()
	var out []ClinicLink
	for rows.Next() {
		var l ClinicLink
		if err := rows.Scan(&l.ID, &l.MemberID, &l.MemberEmail, &l.ClinicianID, &l.ClinicianName, &l.CreatedAt, &l.RevokedAt, &l.EndedBy); err != nil {
			return nil, fmt.Errorf("store: clinic links: %w", err)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: clinic links: %w", err)
	}
	return out, nil
}

// ClinicLinkByID is one link whatever its state; ErrNotFound when there is none.
func (db *DB) ClinicLinkByID(ctx context.Context, id int64) (ClinicLink, error) {
	ls, err := db.links(ctx, `WHERE l.id = ?`, id)
	if err != nil {
		return ClinicLink{}, err
	}
	if len(ls) == 0 {
		return ClinicLink{}, ErrNotFound
	}
	return ls[0], nil
}

// MemberClinicLinks lists a member's links that are not revoked, oldest first.
func (db *DB) MemberClinicLinks(ctx context.Context, memberID int64) ([]ClinicLink, error) {
	return db.links(ctx, `WHERE l.member_id = ? AND l.revoked_at IS NULL ORDER BY l.created_at, l.id`, memberID)
}

// MemberEndedClinicLinks lists a member's revoked links, the latest ended first.
func (db *DB) MemberEndedClinicLinks(ctx context.Context, memberID int64) ([]ClinicLink, error) {
	return db.links(ctx, `WHERE l.member_id = ? AND l.revoked_at IS NOT NULL ORDER BY l.revoked_at DESC, l.id DESC`, memberID)
}

// ClinicianLinks lists a clinician's links that are not revoked, oldest first.
func (db *DB) ClinicianLinks(ctx context.Context, clinicianID int64) ([]ClinicLink, error) {
	return db.links(ctx, `WHERE l.clinician_id = ? AND l.revoked_at IS NULL ORDER BY l.created_at, l.id`, clinicianID)
}

// ClinicianEndedLinks lists at most limit links of the clinician that
// their members ended, the latest ended first, leaving out members the
// clinician is linked to again.
func (db *DB) ClinicianEndedLinks(ctx context.Context, clinicianID int64, limit int) ([]ClinicLink, error) {
	return db.links(ctx, `WHERE l.clinician_id = ? AND l.revoked_at IS NOT NULL AND NOT EXISTS (
		SELECT 1 FROM clinic_links a WHERE a.clinician_id = l.clinician_id AND a.member_id = l.member_id AND a.revoked_at IS NULL)
		ORDER BY l.revoked_at DESC, l.id DESC LIMIT ?`, clinicianID, limit)
}

// RevokeClinicLink ends one of the member's links; ErrNotFound when they
// have no such link that is still open.
func (db *DB) RevokeClinicLink(ctx context.Context, memberID, id int64, at time.Time) error {
	res, err := db.w.ExecContext(ctx, db.q(`UPDATE clinic_links SET revoked_at = ?, ended_by = ?, `+freezeName+` WHERE id = ? AND member_id = ? AND revoked_at IS NULL`),
		at.UTC(), EndedByMember, id, memberID)
	if err != nil {
		return fmt.Errorf("store: revoke clinic link %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// SetClinicConsent replaces what the member of linkID agreed to (the
// member agreed again to a longer list).
func (db *DB) SetClinicConsent(ctx context.Context, linkID int64, shown string, at time.Time, channel string) error {
	res, err := db.w.ExecContext(ctx, db.q(`UPDATE clinic_consents SET shown = ?, accepted_at = ?, channel = ? WHERE link_id = ?`), shown, at.UTC(), channel, linkID)
	if err != nil {
		return fmt.Errorf("store: set clinic consent: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// ClinicConsent is what the member was shown when they linked, when,
// and through which channel.
func (db *DB) ClinicConsent(ctx context.Context, linkID int64) (shown string, at time.Time, channel string, err error) {
	err = db.r.QueryRowContext(ctx, db.q(`SELECT shown, accepted_at, channel FROM clinic_consents WHERE link_id = ?`), linkID).Scan(&shown, &at, &channel)
	if errors.Is(err, sql.ErrNoRows) {
		return "", at, "", ErrNotFound
	}
	if err != nil {
		return "", at, "", fmt.Errorf("store: clinic consent: %w", err)
	}
	return shown, at, channel, nil
}

// AddClinicAccess records a view or change through a link.
func (db *DB) AddClinicAccess(ctx context.Context, linkID int64, at time.Time, what string) error {
	if _, err := db.w.ExecContext(ctx, db.q(`INSERT INTO clinic_access (link_id, at, what) VALUES (?, ?, ?)`), linkID, at.UTC(), what); err != nil {
		return fmt.Errorf("store: add clinic access: %w", err)
	}
	return nil
}

// ClinicAccessLog lists every access through a link, newest first.
func (db *DB) ClinicAccessLog(ctx context.Context, linkID int64) ([]ClinicAccess, error) {
	rows, err := db.r.QueryContext(ctx, db.q(`SELECT at, what FROM clinic_access WHERE link_id = ? ORDER BY at DESC, id DESC`), linkID)
	if err != nil {
		return nil, fmt.Errorf("store: clinic access: %w", err)
	}
	defer rows.Close()
	var out []ClinicAccess
	for rows.Next() {
		var a ClinicAccess
		if err := rows.Scan(&a.At, &a.What); err != nil {
			return nil, fmt.Errorf("store: clinic access: %w", err)
		}
		out = append(out, a)
	}
	return out, rows.Err()
}

// AddClinicOverride stores a prescription.
func (db *DB) AddClinicOverride(ctx context.Context, o ClinicOverride) (int64, error) {
	confirmed := 0
	if o.ConfirmedAvoid {
		confirmed = 1
	}
	var id int64
	err := db.w.QueryRowContext(ctx, db.q(`INSERT INTO clinic_overrides
		(link_id, member_id, kind, exercise, dose, cap_minutes, review_on, reason, confirmed_avoid, from_day, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		o.LinkID, o.MemberID, o.Kind, o.Exercise, o.Dose, o.CapMinutes, o.ReviewOn, o.Reason, confirmed, o.From, o.CreatedAt.UTC()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: add clinic override: %w", err)
	}
	return id, nil
}

func (db *DB) overrides(ctx context.Context, where string, args ...any) ([]ClinicOverride, error) {
	rows, err := db.r.QueryContext(ctx, db.q(`SELECT o.id, o.link_id, o.member_id, o.kind, o.exercise, o.dose, o.cap_minutes, o.review_on,
		o.reason, o.confirmed_avoid, o.from_day, o.created_at, o.removed_at, l.revoked_at, `+linkName+`
		FROM clinic_overrides o JOIN clinic_links l ON l.id = o.link_id JOIN users cu ON cu.id = l.clinician_id
		LEFT JOIN clinicians c ON c.user_id = l.clinician_id `+where+` ORDER BY o.created_at, o.id`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: clinic overrides: %w", err)
	}
	defer rows.Close()
	var out []ClinicOverride
	for rows.Next() {
		var o ClinicOverride
		var confirmed int
		if err := rows.Scan(&o.ID, &o.LinkID, &o.MemberID, &o.Kind, &o.Exercise, &o.Dose, &o.CapMinutes, &o.ReviewOn,
			&o.Reason, &confirmed, &o.From, &o.CreatedAt, &o.RemovedAt, &o.LinkRevokedAt, &o.ClinicianName); err != nil {
			return nil, fmt.Errorf("store: clinic overrides: %w", err)
		}
		o.ConfirmedAvoid = confirmed != 0
		out = append(out, o)
	}
	return out, rows.Err()
}

// LinkOverrides lists a link's prescriptions that were not removed, oldest first.
func (db *DB) LinkOverrides(ctx context.Context, linkID int64) ([]ClinicOverride, error) {
	return db.overrides(ctx, `WHERE o.link_id = ? AND o.removed_at IS NULL`, linkID)
}

// MemberOverrides lists the prescriptions in force for a member: not
// removed, through links that are not revoked; oldest first.
func (db *DB) MemberOverrides(ctx context.Context, memberID int64) ([]ClinicOverride, error) {
	return db.overrides(ctx, `WHERE o.member_id = ? AND o.removed_at IS NULL AND l.revoked_at IS NULL`, memberID)
}

// MemberOverrideHistory lists every prescription a member was ever
// given, ended ones included (RemovedAt, LinkRevokedAt), oldest first:
// a plan keeps an ended prescription on the days it was in force.
func (db *DB) MemberOverrideHistory(ctx context.Context, memberID int64) ([]ClinicOverride, error) {
	return db.overrides(ctx, `WHERE o.member_id = ?`, memberID)
}

// RemoveClinicOverride ends one prescription of a link; ErrNotFound when
// the link has no such prescription in force.
func (db *DB) RemoveClinicOverride(ctx context.Context, linkID, id int64, at time.Time) error {
	res, err := db.w.ExecContext(ctx, db.q(`UPDATE clinic_overrides SET removed_at = ? WHERE id = ? AND link_id = ? AND removed_at IS NULL`),
		at.UTC(), id, linkID)
	if err != nil {
		return fmt.Errorf("store: remove clinic override %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}

// AddClinicNote stores a message of a link's thread.
func (db *DB) AddClinicNote(ctx context.Context, n ClinicNote) (int64, error) {
	var id int64
	err := db.w.QueryRowContext(ctx, db.q(`INSERT INTO clinic_notes (link_id, author_id, body, created_at) VALUES (?, ?, ?, ?) RETURNING id`),
		n.LinkID, n.AuthorID, n.Body, n.CreatedAt.UTC()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("store: add clinic note: %w", err)
	}
	return id, nil
}

// ClinicNotes lists a link's thread, oldest first.
func (db *DB) ClinicNotes(ctx context.Context, linkID int64) ([]ClinicNote, error) {
	rows, err := db.r.QueryContext(ctx, db.q(`SELECT n.id, n.link_id, n.author_id,
		CASE WHEN n.author_id = l.clinician_id AND l.clinician_name <> '' THEN l.clinician_name ELSE COALESCE(c.name, u.email) END, n.body, n.created_at
		FROM clinic_notes n JOIN clinic_links l ON l.id = n.link_id JOIN users u ON u.id = n.author_id LEFT JOIN clinicians c ON c.user_id = n.author_id
		WHERE n.link_id = ? ORDER BY n.created_at, n.id`), linkID)
	if err != nil {
		return nil, fmt.Errorf("store: clinic notes: %w", err)
	}
	defer rows.Close()
	var out []ClinicNote
	for rows.Next() {
		var n ClinicNote
		if err := rows.Scan(&n.ID, &n.LinkID, &n.AuthorID, &n.AuthorName, &n.Body, &n.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: clinic notes: %w", err)
		}
		out = append(out, n)
	}
	return out, rows.Err()
}

// AddClinicAccessOnce records what for each link of the clinician that
// is in force, unless the same was recorded for it within the last
// within: one read and at most one write, whatever the number of links.
func (db *DB) AddClinicAccessOnce(ctx context.Context, clinicianID int64, at time.Time, what string, within time.Duration) error {
	rows, err := db.w.QueryContext(ctx, db.q(`SELECT l.id FROM clinic_links l WHERE l.clinician_id = ? AND l.revoked_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM clinic_access a WHERE a.link_id = l.id AND a.what = ? AND a.at > ?)`),
		clinicianID, what, at.Add(-within).UTC())
	if err != nil {
		return fmt.Errorf("store: add clinic access: %w", err)
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return fmt.Errorf("store: add clinic access: %w", err)
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(ids) == 0 {
		return err
	}
	q := `INSERT INTO clinic_access (link_id, at, what) VALUES ` + strings.TrimSuffix(strings.Repeat("(?, ?, ?), ", len(ids)), ", ")
	args := make([]any, 0, 3*len(ids))
	for _, id := range ids {
		args = append(args, id, at.UTC(), what)
	}
	if _, err := db.w.ExecContext(ctx, db.q(q), args...); err != nil {
		return fmt.Errorf("store: add clinic access: %w", err)
	}
	return nil
}

// ClinicStamp is one link of a clinician's dashboard with a stamp of
// everything its row is made from: the member's active plan (its row),
// its logs, check-ins and re-screens, the member's prescriptions and
// links in force. A cached row whose stamp is unchanged is still right.
type ClinicStamp struct {
	ClinicLink
	Stamp string
}

// ClinicStamps lists the clinician's links in force, oldest first, with
// their stamps, in one query.
func (db *DB) ClinicStamps(ctx context.Context, clinicianID int64) ([]ClinicStamp, error) {
	rows, err := db.r.QueryContext(ctx, db.q(`SELECT l.id, l.member_id, m.email, l.created_at,
		COALESCE(p.id, 0) || ':' || COALESCE(p.library_version, '') || ':' || COALESCE(p.start_date, '') || ':' || COALESCE(p.choices, '')
		|| '|' || (SELECT COUNT(*) || ':' || COALESCE(MAX(s.id), 0) || ':' || COALESCE(SUM(s.version), 0) FROM session_logs s WHERE s.user_id = l.member_id AND s.plan_id = p.id)
		|| '|' || (SELECT COUNT(*) || ':' || COALESCE(MAX(pc.id), 0) FROM plan_changes pc WHERE pc.plan_id = p.id)
		|| '|' || (SELECT COUNT(*) || ':' || COALESCE(MAX(c.id), 0) FROM checkins c WHERE c.user_id = l.member_id AND c.plan_id = p.id)
		|| '|' || (SELECT COUNT(*) || ':' || COALESCE(MAX(r.id), 0) FROM rescreens r WHERE r.user_id = l.member_id AND r.plan_id = p.id)
		|| '|' || (SELECT COUNT(*) || ':' || COUNT(o.removed_at) || ':' || COALESCE(MAX(o.id), 0) FROM clinic_overrides o WHERE o.member_id = l.member_id)
		|| '|' || (SELECT COUNT(*) FROM clinic_links x WHERE x.member_id = l.member_id AND x.revoked_at IS NULL)
		|| '|' || (SELECT COALESCE(MAX(v.id), 0) FROM library_versions v)
		FROM clinic_links l JOIN users m ON m.id = l.member_id
		LEFT JOIN plans p ON p.user_id = l.member_id AND p.active = 1
		WHERE l.clinician_id = ? AND l.revoked_at IS NULL ORDER BY l.created_at, l.id`), clinicianID)
	if err != nil {
		return nil, fmt.Errorf("store: clinic stamps: %w", err)
	}
	defer rows.Close()
	var out []ClinicStamp
	for rows.Next() {
		s := ClinicStamp{ClinicLink: ClinicLink{ClinicianID: clinicianID}}
		if err := rows.Scan(&s.ID, &s.MemberID, &s.MemberEmail, &s.CreatedAt, &s.Stamp); err != nil {
			return nil, fmt.Errorf("store: clinic stamps: %w", err)
		}
		out = append(out, s)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: clinic stamps: %w", err)
	}
	return out, nil
}
