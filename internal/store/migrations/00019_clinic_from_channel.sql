-- +goose Up
-- The first plan day a prescription acts on (YYYY-MM-DD): the day it was
-- made, or the next one when that day's session was logged already. ''
-- for a prescription made before this column: it acted from the day
-- after it was made.
ALTER TABLE clinic_overrides ADD COLUMN from_day TEXT NOT NULL DEFAULT '';
-- How the member gave their consent: 'web' (they saw the consent screen
-- and pressed "Agree") or 'api' (a client sent the code; this site showed
-- nothing). Links made before this column were made on the web or over
-- the API alike, so they say 'unknown'.
ALTER TABLE clinic_consents ADD COLUMN channel TEXT NOT NULL DEFAULT 'unknown';

-- +goose Down
ALTER TABLE clinic_consents DROP COLUMN channel;
ALTER TABLE clinic_overrides DROP COLUMN from_day;
