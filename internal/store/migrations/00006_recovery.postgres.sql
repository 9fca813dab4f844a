-- +goose Up
-- Account recovery and devices: one-time links sent by email (password
-- reset, address confirmation; only SHA-256 hashes are stored), a short
-- summary of each session's browser for the sessions page (never the raw
-- user agent or an address), and accounts that must confirm their email
-- address before they log in.
CREATE TABLE email_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL CHECK (purpose IN ('reset', 'confirm')),
    created_at TIMESTAMPTZ NOT NULL,
    expires_at TIMESTAMPTZ NOT NULL,
    used_at    TIMESTAMPTZ
);
CREATE INDEX email_tokens_user ON email_tokens (user_id);

ALTER TABLE sessions ADD COLUMN device TEXT NOT NULL DEFAULT '';
ALTER TABLE users ADD COLUMN email_unconfirmed INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE users DROP COLUMN email_unconfirmed;
ALTER TABLE sessions DROP COLUMN device;
DROP TABLE email_tokens;
