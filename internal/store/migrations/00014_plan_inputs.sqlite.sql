-- +goose Up
-- A plan is its inputs (issue 12): the profile, the start date, the
-- member's choices and the exercise library it was made with. It is made
-- again on every read; result stays as an audit copy of what the person
-- first saw and is not read to show a plan. Plans stored before this
-- migration have library_version '': they were made with the library the
-- server first runs with after it (the first row of library_versions).
ALTER TABLE plans ADD COLUMN library_version TEXT NOT NULL DEFAULT '';
-- The member's choices about their plan (a JSON object; none yet).
ALTER TABLE plans ADD COLUMN choices TEXT NOT NULL DEFAULT '{}';

-- Every exercise library the server has run with, in the order they came
-- into use: from from_date (YYYY-MM-DD) on, plans follow that library;
-- the days before stay as the earlier library laid them out. exercises
-- is the library's data (coach.Library.Data), so an older plan's lived
-- days can be made again after the library changed.
CREATE TABLE library_versions (
    id         INTEGER PRIMARY KEY,
    version    TEXT NOT NULL,
    exercises  TEXT NOT NULL,
    from_date  TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

-- +goose Down
DROP TABLE library_versions;
ALTER TABLE plans DROP COLUMN choices;
ALTER TABLE plans DROP COLUMN library_version;
