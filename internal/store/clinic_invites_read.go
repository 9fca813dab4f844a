package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"
)

// ClinicInviteByHash is the invite whose code hashes to hash, with the
// name its clinician's patients see (ErrNotFound when there is none),
// for the consent screen before the invite is used.
func (db *DB) ClinicInviteByHash(ctx context.Context, hash string) (ClinicInvite, string, error) {
	var in ClinicInvite
	var name string
	err := db.r.QueryRowContext(ctx, db.q(`SELECT i.id, i.code_hash, i.clinician_id, i.created_at, i.expires_at, i.used_at, COALESCE(c.name, u.email)
		FROM clinic_invites i JOIN users u ON u.id = i.clinician_id LEFT JOIN clinicians c ON c.user_id = i.clinician_id
		WHERE i.code_hash = ?`), hash).Scan(&in.ID, &in.CodeHash, &in.ClinicianID, &in.CreatedAt, &in.ExpiresAt, &in.UsedAt, &name)
	if errors.Is(err, sql.ErrNoRows) {
		return in, "", ErrNotFound
	}
	if err != nil {
		return in, "", fmt.Errorf("store: clinic invite: %w", err)
	}
	return in, name, nil
}

// OpenClinicInvites are the clinician's invites not used and not expired
// at now, newest first.
func (db *DB) OpenClinicInvites(ctx context.Context, clinicianID int64, now time.Time) ([]ClinicInvite, error) {
	rows, err := db.r.QueryContext(ctx, db.q(`SELECT id, code_hash, clinician_id, created_at, expires_at, used_at FROM clinic_invites
		WHERE clinician_id = ? AND used_at IS NULL AND expires_at > ? ORDER BY created_at DESC, id DESC`), clinicianID, now.UTC())
	if err != nil {
		return nil, fmt.Errorf("store: open clinic invites: %w", err)
	}
	defer rows.Close()
	var out []ClinicInvite
	for rows.Next() {
		var in ClinicInvite
		if err := rows.Scan(&in.ID, &in.CodeHash, &in.ClinicianID, &in.CreatedAt, &in.ExpiresAt, &in.UsedAt); err != nil {
			return nil, fmt.Errorf("store: open clinic invites: %w", err)
		}
		out = append(out, in)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: open clinic invites: %w", err)
	}
	return out, nil
}

// CancelClinicInvite deletes one of the clinician's invites that was not
// used yet, so that its code works no more; ErrNotFound when the
// clinician has no such open invite.
func (db *DB) CancelClinicInvite(ctx context.Context, clinicianID, id int64) error {
	res, err := db.w.ExecContext(ctx, db.q(`DELETE FROM clinic_invites WHERE id = ? AND clinician_id = ? AND used_at IS NULL`), id, clinicianID)
	if err != nil {
		return fmt.Errorf("store: cancel clinic invite %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNotFound
	}
	return nil
}
