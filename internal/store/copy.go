package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"supple/internal/validate"
)

// copyTable is a table copy-db moves, with its columns and key order.
type copyTable struct {
	name     string
	columns  []string
	orderBy  string
	identity bool // has an id column whose sequence must follow the copy
}

// copyTables are every table, parents before children.
var copyTables = []copyTable{
	{"settings", []string{"name", "value"}, "name", false},
	{"users", []string{"id", "email", "password_hash", "role", "created_at", "password_changed_at", "email_unconfirmed", "time_zone"}, "id", true},
	{"sessions", []string{"id_hash", "user_id", "csrf_token", "created_at", "last_seen_at", "expires_at", "device"}, "id_hash", false},
	{"devices", []string{"id_hash", "user_id", "created_at", "last_used_at"}, "id_hash", false},
	{"email_tokens", []string{"token_hash", "user_id", "purpose", "created_at", "expires_at", "used_at"}, "token_hash", false},
	{"api_tokens", []string{"id", "user_id", "name", "token_hash", "created_at", "last_used_at", "revoked_at"}, "id", true},
	{"audit_log", []string{"id", "actor", "action", "target", "created_at"}, "id", true},
	{"articles", []string{"id", "slug", "title", "description", "category", "category_slug", "tags", "author", "reviewed_by",
		"reviewed_at", "published_at", "updated_at", "status", "revision", "source", "body_text", "content_hash", "created_at", "modified_at"}, "id", true},
	{"article_revisions", []string{"id", "article_id", "revision", "source", "content_hash", "created_at"}, "id", true},
	{"votes", []string{"article_id", "voter_key", "stars", "revision", "created_at", "updated_at"}, "article_id, voter_key", false},
	{"rating_totals", []string{"article_id", "votes", "star_sum", "s1", "s2", "s3", "s4", "s5"}, "article_id", false},
	{"feedback", []string{"id", "article_id", "revision", "stars", "section", "body", "status", "created_at"}, "id", true},
	{"article_search", []string{"slug", "title", "description", "body"}, "slug", false},
	{"library_versions", []string{"id", "version", "exercises", "from_date", "created_at"}, "id", true},
	{"plans", []string{"id", "token_hash", "profile", "result", "status", "start_date", "created_at", "user_id", "active",
		"library_version", "choices"}, "id", true},
	{"plan_changes", []string{"id", "plan_id", "from_date", "profile", "choices", "created_at"}, "id", true},
	{"session_logs", []string{"id", "user_id", "plan_id", "kind", "week", "day", "date", "done", "pain_before", "pain_during", "pain_after",
		"pain_next_morning", "leg_symptoms", "new_numbness", "red_flags", "items", "note", "recorded", "morning_recorded", "version", "created_at", "updated_at"}, "id", true},
	{"checkins", []string{"id", "user_id", "plan_id", "week", "date", "pain", "psfs", "created_at"}, "id", true},
	{"rescreens", []string{"id", "user_id", "plan_id", "date", "red_flags", "created_at"}, "id", true},
	{"calendar_feeds", []string{"user_id", "token_hash", "time_of_day", "created_at"}, "user_id", false},
	{"share_links", []string{"id", "user_id", "token_hash", "label", "created_at", "expires_at", "revoked_at"}, "id", true},
	{"clinicians", []string{"user_id", "name"}, "user_id", false},
	{"clinic_invites", []string{"id", "code_hash", "clinician_id", "created_at", "expires_at", "used_at"}, "id", true},
	{"clinic_links", []string{"id", "member_id", "clinician_id", "invite_id", "created_at", "revoked_at", "clinician_name", "ended_by"}, "id", true},
	{"clinic_consents", []string{"link_id", "shown", "accepted_at", "channel"}, "link_id", false},
	{"clinic_access", []string{"id", "link_id", "at", "what"}, "id", true},
	{"clinic_overrides", []string{"id", "link_id", "member_id", "kind", "exercise", "dose", "cap_minutes", "review_on", "reason",
		"confirmed_avoid", "from_day", "created_at", "removed_at"}, "id", true},
	{"clinic_notes", []string{"id", "link_id", "author_id", "body", "created_at"}, "id", true},
	{"rate_counts", []string{"bucket", "window_start", "n"}, "bucket, window_start", false},
	{"flashes", []string{"id", "session_key", "page", "value", "created_at", "expires_at"}, "id", true},
}

// TableCopy reports one table of a copy.
type TableCopy struct {
	Table    string
	Rows     int
	Checksum string
}

// ErrTargetNotEmpty means copy-db was pointed at a database with data.
var ErrTargetNotEmpty = errors.New("the target database is not empty")

// BadRowError is a source row that breaks the text policy
// (validate.Text): the first one found, named by table, key and column.
// copy-db writes nothing when there is one.
type BadRowError struct {
	Table, Key, Column, Problem string
}

func (e *BadRowError) Error() string {
	return fmt.Sprintf("store: nothing was copied: table %s, row %s, column %s: the value %s in the source, then copy again", e.Table, e.Key, e.Column, e.Problem)
}

// CopyTo copies every table of db into dst (migrated first) and recounts
// and checksums both sides. Every source row is checked against the text
// policy before anything is written (a *BadRowError names the first bad
// one), and the whole copy is one transaction: on any failure the target
// keeps its schema and no row. It refuses a target that holds any row.
func (db *DB) CopyTo(ctx context.Context, dst *DB, progress func(TableCopy)) ([]TableCopy, error) {
	for _, t := range copyTables {
		if err := db.checkRows(ctx, t); err != nil {
			return nil, err
		}
	}
	if _, err := dst.Migrate(ctx, nil); err != nil {
		return nil, err
	}
	for _, t := range copyTables {
		var n int
		if err := dst.r.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t.name).Scan(&n); err != nil {
			return nil, fmt.Errorf("store: count %s in the target: %w", t.name, err)
		}
		if n > 0 {
			return nil, fmt.Errorf("%w: %s has %d rows", ErrTargetNotEmpty, t.name, n)
		}
	}
	var out []TableCopy
	err := dst.tx(ctx, func(tx *sql.Tx) error {
		for _, t := range copyTables {
			if err := db.copyTable(ctx, tx, dst.q, dst.dialect.Name(), t); err != nil {
				return fmt.Errorf("store: copy %s: %w", t.name, err)
			}
			src, err := checksum(ctx, db.r, t)
			if err != nil {
				return err
			}
			got, err := checksum(ctx, tx, t)
			if err != nil {
				return err
			}
			if src != got {
				return fmt.Errorf("store: copy %s: verification failed: source %d rows (%s), target %d rows (%s)",
					t.name, src.Rows, src.Checksum[:12], got.Rows, got.Checksum[:12])
			}
			out = append(out, src)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if progress != nil {
		for _, c := range out {
			progress(c)
		}
	}
	return out, nil
}

// checkRows holds every text value of a table to the text policy
// (multiline: article sources and notes have lines).
func (db *DB) checkRows(ctx context.Context, t copyTable) error {
	rows, err := db.r.QueryContext(ctx, `SELECT `+strings.Join(t.columns, ", ")+` FROM `+t.name+` ORDER BY `+t.orderBy)
	if err != nil {
		return fmt.Errorf("store: check %s: %w", t.name, err)
	}
	defer rows.Close()
	vals, ptrs := scanTargets(len(t.columns))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("store: check %s: %w", t.name, err)
		}
		for i, v := range vals {
			var text string
			switch x := v.(type) {
			case string:
				text = x
			case []byte:
				text = string(x)
			default:
				continue
			}
			if msg := validate.TextProblem(text, true); msg != "" {
				return &BadRowError{Table: t.name, Key: rowKey(t, vals), Column: t.columns[i], Problem: msg}
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("store: check %s: %w", t.name, err)
	}
	return nil
}

// rowKey names a row by its key columns, as in "id=7" or
// "article_id=1, voter_key=a-reader".
func rowKey(t copyTable, vals []any) string {
	var parts []string
	for _, k := range strings.Split(t.orderBy, ", ") {
		i := slices.Index(t.columns, k)
		v := vals[i]
		if b, ok := v.([]byte); ok {
			v = string(b)
		}
		parts = append(parts, fmt.Sprintf("%s=%q", k, fmt.Sprint(v)))
	}
	return strings.Join(parts, ", ")
}

// copyTable copies one table into the target's transaction; q rewrites
// placeholders for the target's engine.
func (db *DB) copyTable(ctx context.Context, tx *sql.Tx, q func(string) string, engine string, t copyTable) error {
	cols := strings.Join(t.columns, ", ")
	rows, err := db.r.QueryContext(ctx, `SELECT `+cols+` FROM `+t.name+` ORDER BY `+t.orderBy)
	if err != nil {
		return err
	}
	defer rows.Close()
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(t.columns)), ", ")
	stmt, err := tx.PrepareContext(ctx, q(`INSERT INTO `+t.name+` (`+cols+`) VALUES (`+marks+`)`))
	if err != nil {
		return err
	}
	defer stmt.Close()
	vals, ptrs := scanTargets(len(t.columns))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b)
			}
		}
		if _, err := stmt.ExecContext(ctx, vals...); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if t.identity && engine == "postgres" {
		_, err := tx.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+t.name+`', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) FROM `+t.name)
		return err
	}
	return nil
}

// querier is a database or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// checksum hashes a table's rows in key order, with values written the
// same way on every engine (times in UTC to the microsecond).
func checksum(ctx context.Context, db querier, t copyTable) (TableCopy, error) {
	res := TableCopy{Table: t.name}
	rows, err := db.QueryContext(ctx, `SELECT `+strings.Join(t.columns, ", ")+` FROM `+t.name+` ORDER BY `+t.orderBy)
	if err != nil {
		return res, fmt.Errorf("store: checksum %s: %w", t.name, err)
	}
	defer rows.Close()
	h := sha256.New()
	vals, ptrs := scanTargets(len(t.columns))
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return res, fmt.Errorf("store: checksum %s: %w", t.name, err)
		}
		for _, v := range vals {
			switch x := v.(type) {
			case nil:
				h.Write([]byte{0})
			case time.Time:
				fmt.Fprint(h, x.UTC().Truncate(time.Microsecond).Format(time.RFC3339Nano))
			case []byte:
				h.Write(x)
			case int64, int32, int:
				fmt.Fprintf(h, "%d", x)
			default:
				fmt.Fprint(h, x)
			}
			h.Write([]byte{0x1f})
		}
		h.Write([]byte{0x1e})
		res.Rows++
	}
	if err := rows.Err(); err != nil {
		return res, fmt.Errorf("store: checksum %s: %w", t.name, err)
	}
	res.Checksum = hex.EncodeToString(h.Sum(nil))
	return res, nil
}

// Backup writes an online, consistent snapshot of a SQLite database to
// path (VACUUM INTO); the server keeps running. PostgreSQL has pg_dump.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.dialect.Name() != "sqlite" {
		return errors.New("store: backup is for SQLite; use pg_dump for PostgreSQL")
	}
	if _, err := db.w.ExecContext(ctx, `VACUUM INTO ?`, path); err != nil {
		return fmt.Errorf("store: backup to %s: %w", path, err)
	}
	return nil
}

// scanTargets makes n values and the pointers rows.Scan fills them through.
func scanTargets(n int) ([]any, []any) {
	vals := make([]any, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	return vals, ptrs
}

// Checksums counts and hashes every table, as copy-db verifies them.
func (db *DB) Checksums(ctx context.Context) ([]TableCopy, error) {
	var out []TableCopy
	for _, t := range copyTables {
		c, err := checksum(ctx, db.r, t)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}
