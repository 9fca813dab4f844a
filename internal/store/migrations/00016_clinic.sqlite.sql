-- +goose NO TRANSACTION
-- +goose Up
-- Clinicians (issue 17). SQLite cannot change a CHECK constraint in
-- place, so users is made again with the new role; foreign keys are off
-- while the old table is dropped, so that nothing cascades.
PRAGMA foreign_keys = OFF;
BEGIN;
CREATE TABLE users_new (
    id                  INTEGER PRIMARY KEY,
    email               TEXT NOT NULL UNIQUE,
    password_hash       TEXT NOT NULL,
    role                TEXT NOT NULL CHECK (role IN ('member', 'editor', 'admin', 'clinician')),
    created_at          TIMESTAMP NOT NULL,
    password_changed_at TIMESTAMP NOT NULL,
    email_unconfirmed   INTEGER NOT NULL DEFAULT 0
);
INSERT INTO users_new (id, email, password_hash, role, created_at, password_changed_at, email_unconfirmed)
    SELECT id, email, password_hash, role, created_at, password_changed_at, email_unconfirmed FROM users;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

-- A clinician's name as their patients see it.
CREATE TABLE clinicians (
    user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    name    TEXT NOT NULL
);

-- A code a clinician hands a member; only its SHA-256 is kept.
CREATE TABLE clinic_invites (
    id           INTEGER PRIMARY KEY,
    code_hash    TEXT NOT NULL UNIQUE,
    clinician_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at   TIMESTAMP NOT NULL,
    expires_at   TIMESTAMP NOT NULL,
    used_at      TIMESTAMP
);

-- A member's consent to one clinician; revoked_at ends it.
CREATE TABLE clinic_links (
    id           INTEGER PRIMARY KEY,
    member_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    clinician_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    invite_id    INTEGER REFERENCES clinic_invites (id) ON DELETE SET NULL,
    created_at   TIMESTAMP NOT NULL,
    revoked_at   TIMESTAMP
);
CREATE INDEX clinic_links_member ON clinic_links (member_id);
CREATE INDEX clinic_links_clinician ON clinic_links (clinician_id);

-- What the member was shown and accepted when they linked (a JSON list).
CREATE TABLE clinic_consents (
    link_id     INTEGER PRIMARY KEY REFERENCES clinic_links (id) ON DELETE CASCADE,
    shown       TEXT NOT NULL,
    accepted_at TIMESTAMP NOT NULL
);

-- Every view and change a clinician made through a link.
CREATE TABLE clinic_access (
    id      INTEGER PRIMARY KEY,
    link_id INTEGER NOT NULL REFERENCES clinic_links (id) ON DELETE CASCADE,
    at      TIMESTAMP NOT NULL,
    what    TEXT NOT NULL
);
CREATE INDEX clinic_access_link ON clinic_access (link_id, at);

-- A clinician's prescriptions (coach.Prescription); removed_at ends one.
CREATE TABLE clinic_overrides (
    id              INTEGER PRIMARY KEY,
    link_id         INTEGER NOT NULL REFERENCES clinic_links (id) ON DELETE CASCADE,
    member_id       INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    kind            TEXT NOT NULL CHECK (kind IN ('exclude', 'add', 'cap_minutes', 'review_on')),
    exercise        TEXT NOT NULL DEFAULT '',
    dose            TEXT NOT NULL DEFAULT '',
    cap_minutes     INTEGER NOT NULL DEFAULT 0,
    review_on       TEXT NOT NULL DEFAULT '',
    reason          TEXT NOT NULL,
    confirmed_avoid INTEGER NOT NULL DEFAULT 0,
    created_at      TIMESTAMP NOT NULL,
    removed_at      TIMESTAMP
);
CREATE INDEX clinic_overrides_member ON clinic_overrides (member_id);
CREATE INDEX clinic_overrides_link ON clinic_overrides (link_id);

-- The short thread of a link, both ways.
CREATE TABLE clinic_notes (
    id         INTEGER PRIMARY KEY,
    link_id    INTEGER NOT NULL REFERENCES clinic_links (id) ON DELETE CASCADE,
    author_id  INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    body       TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX clinic_notes_link ON clinic_notes (link_id, created_at);

-- A member's active plan is read for every patient of a clinician's
-- dashboard (and on every member page): find it by its owner.
CREATE INDEX plans_user_active ON plans (user_id) WHERE active = 1;
-- The version of a plan's logs (store.LogsVersion, and the dashboard's
-- stamp of each patient) is read from this index alone.
CREATE INDEX session_logs_version ON session_logs (user_id, plan_id, id, version);
COMMIT;
PRAGMA foreign_keys = ON;

-- +goose Down
PRAGMA foreign_keys = OFF;
BEGIN;
DROP INDEX plans_user_active;
DROP INDEX session_logs_version;
DROP TABLE clinic_notes;
DROP TABLE clinic_overrides;
DROP TABLE clinic_access;
DROP TABLE clinic_consents;
DROP TABLE clinic_links;
DROP TABLE clinic_invites;
DROP TABLE clinicians;
CREATE TABLE users_old (
    id                  INTEGER PRIMARY KEY,
    email               TEXT NOT NULL UNIQUE,
    password_hash       TEXT NOT NULL,
    role                TEXT NOT NULL CHECK (role IN ('member', 'editor', 'admin')),
    created_at          TIMESTAMP NOT NULL,
    password_changed_at TIMESTAMP NOT NULL,
    email_unconfirmed   INTEGER NOT NULL DEFAULT 0
);
INSERT INTO users_old (id, email, password_hash, role, created_at, password_changed_at, email_unconfirmed)
    SELECT id, email, password_hash, CASE role WHEN 'clinician' THEN 'member' ELSE role END, created_at, password_changed_at, email_unconfirmed FROM users;
DROP TABLE users;
ALTER TABLE users_old RENAME TO users;
COMMIT;
PRAGMA foreign_keys = ON;
