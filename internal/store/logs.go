package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"
)

// SessionLog is one logged session or outside activity. Pain scores are
// nil when not answered; RedFlags and Items are JSON.
type SessionLog struct {
	ID              int64
	UserID, PlanID  int64
	Kind            string
	Week, Day       int
	Date            string // YYYY-MM-DD
	Done            bool
	PainBefore      *int
	PainDuring      *int
	PainAfter       *int
	PainNextMorning *int
	LegSymptoms     string
	NewNumbness     bool
	RedFlags        string // JSON array
	Items           string // JSON array
	Note            string
	Recorded        string // YYYY-MM-DD
	MorningRecorded string // YYYY-MM-DD, or "" when it came with the log
	Version         int64  // starts at 1, grows by one with every update (read only)
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

const logColumns = `id, user_id, plan_id, kind, week, day, date, done, pain_before, pain_during, pain_after, pain_next_morning,
	leg_symptoms, new_numbness, red_flags, items, note, recorded, morning_recorded, version, created_at, updated_at`

// listColumns are logColumns without the row's timestamps, which lists
// do not need (reading them costs a third of a long list's time).
const listColumns = `id, user_id, plan_id, kind, week, day, date, done, pain_before, pain_during, pain_after, pain_next_morning,
	leg_symptoms, new_numbness, red_flags, items, note, recorded, morning_recorded, version`

func scanLog(row interface{ Scan(...any) error }) (SessionLog, error) {
	var l SessionLog
	err := scanLogInto(row, &l, &l.CreatedAt, &l.UpdatedAt)
	return l, err
}

func scanLogInto(row interface{ Scan(...any) error }, l *SessionLog, extra ...any) error {
	var done, numb int
	var pb, pd, pa, pn sql.NullInt64
	dest := []any{&l.ID, &l.UserID, &l.PlanID, &l.Kind, &l.Week, &l.Day, &l.Date, &done, &pb, &pd, &pa, &pn,
		&l.LegSymptoms, &numb, &l.RedFlags, &l.Items, &l.Note, &l.Recorded, &l.MorningRecorded, &l.Version}
	err := row.Scan(append(dest, extra...)...)
	l.Done, l.NewNumbness = done != 0, numb != 0
	l.PainBefore, l.PainDuring, l.PainAfter, l.PainNextMorning = intPtr(pb), intPtr(pd), intPtr(pa), intPtr(pn)
	return err
}

func intPtr(n sql.NullInt64) *int {
	if !n.Valid {
		return nil
	}
	v := int(n.Int64)
	return &v
}

func nullInt(p *int) any {
	if p == nil {
		return nil
	}
	return *p
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// AddLog stores a log; ErrDuplicate when the plan day already has a
// session log.
func (db *DB) AddLog(ctx context.Context, l SessionLog) (int64, error) {
	return db.addLog(ctx, db.w, l)
}

// queryer is a connection pool or a transaction.
type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

func (db *DB) addLog(ctx context.Context, q queryer, l SessionLog) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, db.q(`INSERT INTO session_logs (user_id, plan_id, kind, week, day, date, done,
		pain_before, pain_during, pain_after, pain_next_morning, leg_symptoms, new_numbness, red_flags, items, note, recorded, morning_recorded, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		l.UserID, l.PlanID, l.Kind, l.Week, l.Day, l.Date, boolInt(l.Done), nullInt(l.PainBefore), nullInt(l.PainDuring),
		nullInt(l.PainAfter), nullInt(l.PainNextMorning), l.LegSymptoms, boolInt(l.NewNumbness), l.RedFlags, l.Items, l.Note,
		l.Recorded, l.MorningRecorded, l.CreatedAt.UTC(), l.UpdatedAt.UTC()).Scan(&id)
	if isUniqueViolation(err) {
		return 0, ErrDuplicate
	}
	if err != nil {
		return 0, fmt.Errorf("store: add log: %w", err)
	}
	return id, nil
}

// UpdateLog rewrites a log of the user's over the version that was read
// (l.Version), so that a read, then a write, is one step: ErrStale when
// the log changed since, ErrNotFound when they have no log with that id.
func (db *DB) UpdateLog(ctx context.Context, l SessionLog) error {
	res, err := db.w.ExecContext(ctx, db.q(`UPDATE session_logs SET done = ?, pain_before = ?, pain_during = ?, pain_after = ?,
		pain_next_morning = ?, leg_symptoms = ?, new_numbness = ?, red_flags = ?, items = ?, note = ?, morning_recorded = ?, updated_at = ?,
		version = version + 1 WHERE id = ? AND user_id = ? AND version = ?`),
		boolInt(l.Done), nullInt(l.PainBefore), nullInt(l.PainDuring), nullInt(l.PainAfter), nullInt(l.PainNextMorning),
		l.LegSymptoms, boolInt(l.NewNumbness), l.RedFlags, l.Items, l.Note, l.MorningRecorded, l.UpdatedAt.UTC(), l.ID, l.UserID, l.Version)
	if err != nil {
		return fmt.Errorf("store: update log %d: %w", l.ID, err)
	}
	if n, _ := res.RowsAffected(); n > 0 {
		return nil
	}
	if _, err := db.Log(ctx, l.UserID, l.ID); err != nil {
		return err
	}
	return ErrStale
}

// LogsVersion changes whenever a plan's logs do: a log added (count and
// highest id) or changed (the sum of the rows' versions). Instances that
// cache logs compare it with the database's, so they never serve logs
// another instance has changed.
type LogsVersion struct {
	Count   int
	MaxID   int64
	Changes int64
}

// LogsVersion reads the version of a plan's logs.
func (db *DB) LogsVersion(ctx context.Context, userID, planID int64) (LogsVersion, error) {
	var v LogsVersion
	err := db.r.QueryRowContext(ctx, db.q(`SELECT COUNT(*), COALESCE(MAX(id), 0), COALESCE(SUM(version), 0) FROM session_logs
		WHERE user_id = ? AND plan_id = ?`), userID, planID).Scan(&v.Count, &v.MaxID, &v.Changes)
	if err != nil {
		return v, fmt.Errorf("store: logs version: %w", err)
	}
	return v, nil
}

// LogVersion is one log's id and version.
type LogVersion struct {
	ID, Version int64
}

// LogVersions lists the id and version of each of a plan's logs, by id: a
// cache that holds some of them reads only the rows that are new or
// changed (LogsByID).
func (db *DB) LogVersions(ctx context.Context, userID, planID int64) ([]LogVersion, error) {
	rows, err := db.r.QueryContext(ctx, db.q(`SELECT id, version FROM session_logs WHERE user_id = ? AND plan_id = ? ORDER BY id`), userID, planID)
	if err != nil {
		return nil, fmt.Errorf("store: log versions: %w", err)
	}
	defer rows.Close()
	var out []LogVersion
	for rows.Next() {
		var v LogVersion
		if err := rows.Scan(&v.ID, &v.Version); err != nil {
			return nil, fmt.Errorf("store: log versions: %w", err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: log versions: %w", err)
	}
	return out, nil
}

// LogsByID reads the user's logs of a plan with the given ids (without
// their timestamps, as Logs), in no particular order; ids the user has no
// log of are left out.
func (db *DB) LogsByID(ctx context.Context, userID, planID int64, ids []int64) ([]SessionLog, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, 0, len(ids)+2)
	args = append(args, userID, planID)
	var in strings.Builder
	for i, id := range ids {
		if i > 0 {
			in.WriteString(", ")
		}
		in.WriteString("?")
		args = append(args, id)
	}
	rows, err := db.r.QueryContext(ctx, db.q(`SELECT `+listColumns+` FROM session_logs WHERE user_id = ? AND plan_id = ? AND id IN (`+in.String()+`)`), args...)
	if err != nil {
		return nil, fmt.Errorf("store: logs by id: %w", err)
	}
	return scanLogs(rows, len(ids))
}

// Log is one of the user's logs.
func (db *DB) Log(ctx context.Context, userID, id int64) (SessionLog, error) {
	l, err := scanLog(db.r.QueryRowContext(ctx, db.q(`SELECT `+logColumns+` FROM session_logs WHERE id = ? AND user_id = ?`), id, userID))
	if errors.Is(err, sql.ErrNoRows) {
		return l, ErrNotFound
	}
	if err != nil {
		return l, fmt.Errorf("store: log %d: %w", id, err)
	}
	return l, nil
}

// Logs lists the logs of one of the user's plans, oldest first.
func (db *DB) Logs(ctx context.Context, userID, planID int64) ([]SessionLog, error) {
	rows, err := db.r.QueryContext(ctx, db.q(`SELECT `+listColumns+` FROM session_logs WHERE user_id = ? AND plan_id = ?
		ORDER BY date, id`), userID, planID)
	if err != nil {
		return nil, fmt.Errorf("store: logs: %w", err)
	}
	return scanLogs(rows, 0)
}

// scanLogs reads and closes rows of listColumns.
func scanLogs(rows *sql.Rows, size int) ([]SessionLog, error) {
	defer rows.Close()
	var out []SessionLog
	if size > 0 {
		out = make([]SessionLog, 0, size)
	}
	for rows.Next() {
		var l SessionLog
		if err := scanLogInto(rows, &l); err != nil {
			return nil, fmt.Errorf("store: logs: %w", err)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: logs: %w", err)
	}
	return out, nil
}

// Checkin is a weekly outcome check-in: pain and the Patient-Specific
// Functional Scale (PSFS, JSON list of activity and score).
type Checkin struct {
	ID             int64
	UserID, PlanID int64
	Week           int
	Date           string
	Pain           int
	PSFS           string
	CreatedAt      time.Time
}

// AddCheckin stores a check-in; ErrDuplicate when the week has one.
func (db *DB) AddCheckin(ctx context.Context, c Checkin) (int64, error) {
	var id int64
	err := db.w.QueryRowContext(ctx, db.q(`INSERT INTO checkins (user_id, plan_id, week, date, pain, psfs, created_at)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`), c.UserID, c.PlanID, c.Week, c.Date, c.Pain, c.PSFS, c.CreatedAt.UTC()).Scan(&id)
	if isUniqueViolation(err) {
		return 0, ErrDuplicate
	}
	if err != nil {
		return 0, fmt.Errorf("store: add check-in: %w", err)
	}
	return id, nil
}

// Checkins lists a plan's check-ins, oldest first.
func (db *DB) Checkins(ctx context.Context, userID, planID int64) ([]Checkin, error) {
	rows, err := db.r.QueryContext(ctx, db.q(`SELECT id, user_id, plan_id, week, date, pain, psfs, created_at FROM checkins
		WHERE user_id = ? AND plan_id = ? ORDER BY week`), userID, planID)
	if err != nil {
		return nil, fmt.Errorf("store: check-ins: %w", err)
	}
	defer rows.Close()
	var out []Checkin
	for rows.Next() {
		var c Checkin
		if err := rows.Scan(&c.ID, &c.UserID, &c.PlanID, &c.Week, &c.Date, &c.Pain, &c.PSFS, &c.CreatedAt); err != nil {
			return nil, fmt.Errorf("store: check-ins: %w", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("store: check-ins: %w", err)
	}
	return out, nil
}

// AddRescreen records that the member answered the red-flag questions
// again (redFlags is the JSON list of what they reported) and, when
// flagged is not nil, the log of the day that keeps the warning signs, in
// one transaction.
func (db *DB) AddRescreen(ctx context.Context, userID, planID int64, date, redFlags string, at time.Time, flagged *SessionLog) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		if flagged != nil {
			if _, err := db.addLog(ctx, tx, *flagged); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, db.q(`INSERT INTO rescreens (user_id, plan_id, date, red_flags, created_at) VALUES (?, ?, ?, ?, ?)`),
			userID, planID, date, redFlags, at.UTC())
		if err != nil {
			return fmt.Errorf("store: add re-screen: %w", err)
		}
		return nil
	})
}

// LastRescreen is the date of the plan's latest re-screen ("" if none).
func (db *DB) LastRescreen(ctx context.Context, userID, planID int64) (string, error) {
	var d sql.NullString
	err := db.r.QueryRowContext(ctx, db.q(`SELECT MAX(date) FROM rescreens WHERE user_id = ? AND plan_id = ?`), userID, planID).Scan(&d)
	if err != nil {
		return "", fmt.Errorf("store: last re-screen: %w", err)
	}
	return d.String, nil
}
