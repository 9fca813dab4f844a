-- +goose Up
-- What members report: session logs (one per plan day; activity outside
-- the plan may be logged any number of times), weekly outcome check-ins,
-- re-screens after a worrying log, and the secret links of calendar
-- feeds and physiotherapist shares (only SHA-256 hashes are stored).
CREATE TABLE session_logs (
    id                INTEGER PRIMARY KEY,
    user_id           INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    plan_id           INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    kind              TEXT NOT NULL CHECK (kind IN ('session', 'activity')),
    week              INTEGER NOT NULL,
    day               INTEGER NOT NULL,
    date              TEXT NOT NULL,
    done              INTEGER NOT NULL,
    pain_before       INTEGER,
    pain_during       INTEGER,
    pain_after        INTEGER,
    pain_next_morning INTEGER,
    leg_symptoms      TEXT NOT NULL,
    new_numbness      INTEGER NOT NULL,
    red_flags         TEXT NOT NULL,
    items             TEXT NOT NULL,
    note              TEXT NOT NULL DEFAULT '',
    recorded          TEXT NOT NULL,
    morning_recorded  TEXT NOT NULL DEFAULT '',
    version           INTEGER NOT NULL DEFAULT 1,
    created_at        TIMESTAMP NOT NULL,
    updated_at        TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX session_logs_day ON session_logs (plan_id, week, day) WHERE kind = 'session';
CREATE INDEX session_logs_plan ON session_logs (user_id, plan_id, date, id);

CREATE TABLE checkins (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    plan_id    INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    week       INTEGER NOT NULL,
    date       TEXT NOT NULL,
    pain       INTEGER NOT NULL,
    psfs       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    UNIQUE (plan_id, week)
);

CREATE TABLE rescreens (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    plan_id    INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    date       TEXT NOT NULL,
    red_flags  TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE calendar_feeds (
    user_id     INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    token_hash  TEXT NOT NULL UNIQUE,
    time_of_day TEXT NOT NULL,
    created_at  TIMESTAMP NOT NULL
);

CREATE TABLE share_links (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    label      TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
CREATE INDEX share_links_user ON share_links (user_id);

-- +goose Down
DROP TABLE share_links;
DROP TABLE calendar_feeds;
DROP TABLE rescreens;
DROP TABLE checkins;
DROP TABLE session_logs;
