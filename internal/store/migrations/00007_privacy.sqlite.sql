-- +goose Up
-- One-time messages shown on the page a form redirects to (a new share
-- link or calendar address, "the link was withdrawn"). A flash belongs to
-- one browser session: session_key is a keyed hash of the session secret
-- (not the sessions table's hash), and value is sealed with a key derived
-- from that secret, so the database alone cannot read a secret it holds.
-- Taking a flash deletes it; unread ones expire within minutes.
CREATE TABLE flashes (
    id          INTEGER PRIMARY KEY,
    session_key TEXT NOT NULL,
    page        TEXT NOT NULL,
    value       TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL,
    expires_at  TIMESTAMP NOT NULL
);
CREATE INDEX flashes_session ON flashes (session_key, page);
CREATE INDEX flashes_expiry ON flashes (expires_at);

-- Anonymous plans that were never saved are deleted after
-- -anonymous-plan-days; this index serves that cleanup.
CREATE INDEX plans_anonymous ON plans (created_at) WHERE user_id IS NULL;

-- +goose Down
DROP INDEX plans_anonymous;
DROP TABLE flashes;
