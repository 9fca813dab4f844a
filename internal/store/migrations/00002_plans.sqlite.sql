-- +goose Up
-- Plans made at /start. The token in the plan's URL is never stored: only
-- its SHA-256 hash. The profile and the result are kept as JSON so a
-- person's plan does not change when the library does.
CREATE TABLE plans (
    id          INTEGER PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    profile     TEXT NOT NULL,
    result      TEXT NOT NULL,
    status      TEXT NOT NULL,
    start_date  TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE plans;
