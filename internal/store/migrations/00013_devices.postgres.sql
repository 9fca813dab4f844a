-- +goose Up
-- Browsers that have logged in to an account (the device cookie of the
-- login limits). The cookie holds a random id; only its SHA-256 is kept.
-- Rows are deleted when the password changes in any way, on "log out
-- everywhere" and with the account, which ends the browser's trust; an
-- account keeps its newest 10.
CREATE TABLE devices (
    id_hash      TEXT PRIMARY KEY,
    user_id      BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TIMESTAMPTZ NOT NULL,
    last_used_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX devices_user ON devices (user_id, created_at);

-- +goose Down
DROP TABLE devices;
