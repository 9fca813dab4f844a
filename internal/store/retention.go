package store

import (
	"context"
	"fmt"
	"time"
)

// AccountCutoffs say what account data is old enough to delete: sessions
// that expired (ExpiresAt passed, or idle since IdleBefore), email links
// that expired before LinksBefore, devices made before DevicesBefore and
// accounts made before UnconfirmedBefore that never confirmed their
// address.
type AccountCutoffs struct {
	Now, IdleBefore, LinksBefore, DevicesBefore, UnconfirmedBefore time.Time
}

// AccountSweep counts what SweepAccounts deleted.
type AccountSweep struct {
	Sessions, Links, Devices, Unconfirmed int64
}

// SweepAccounts deletes account data past its cutoffs, each with one
// DELETE, so several instances may run it at once.
func (db *DB) SweepAccounts(ctx context.Context, c AccountCutoffs) (AccountSweep, error) {
	var out AccountSweep
	for _, st := range []struct {
		n    *int64
		q    string
		args []any
	}{
		{&out.Unconfirmed, `DELETE FROM users WHERE email_unconfirmed <> 0 AND created_at < ?`, []any{c.UnconfirmedBefore.UTC()}},
		{&out.Sessions, `DELETE FROM sessions WHERE expires_at < ? OR last_seen_at < ?`, []any{c.Now.UTC(), c.IdleBefore.UTC()}},
		{&out.Links, `DELETE FROM email_tokens WHERE expires_at < ?`, []any{c.LinksBefore.UTC()}},
		{&out.Devices, `DELETE FROM devices WHERE created_at < ?`, []any{c.DevicesBefore.UTC()}},
	} {
		res, err := db.w.ExecContext(ctx, db.q(st.q), st.args...)
		if err != nil {
			return out, fmt.Errorf("store: sweep account data: %w", err)
		}
		*st.n, _ = res.RowsAffected()
	}
	return out, nil
}
