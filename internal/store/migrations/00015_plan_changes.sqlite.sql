-- +goose Up
-- Plan inputs that change from a date on (issues 14 and 15): each row is
-- the member's profile and choices (coach.Choices, swaps only: the
-- clinician's prescriptions are the member's, kept apart) in force on the
-- plan from from_date (YYYY-MM-DD) on. The plan's first inputs stay in
-- plans.profile and plans.choices; days before from_date keep them, so
-- lived days never change. A later row with the same or an earlier
-- from_date replaces the earlier rows from its date.
CREATE TABLE plan_changes (
    id         INTEGER PRIMARY KEY,
    plan_id    INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    from_date  TEXT NOT NULL,
    profile    TEXT NOT NULL,
    choices    TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX plan_changes_plan ON plan_changes (plan_id, id);

-- +goose Down
DROP TABLE plan_changes;
