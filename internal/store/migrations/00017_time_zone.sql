-- +goose Up
-- The member's time zone (an IANA name such as Europe/Berlin; '' means
-- UTC): their "today", the dates of their logs, streaks and calendar
-- feed are counted in it.
ALTER TABLE users ADD COLUMN time_zone TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE users DROP COLUMN time_zone;
