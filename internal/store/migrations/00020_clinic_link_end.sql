-- +goose Up
-- When a link ends, the clinician's name as the member knew it is kept
-- with it, so that a later rename by the ex-clinician does not reach the
-- member's record (attack review 3, L1); '' on a link in force. Links
-- that ended before this column keep the name they have now.
ALTER TABLE clinic_links ADD COLUMN clinician_name TEXT NOT NULL DEFAULT '';
-- Who ended the link: 'member' (they ended access) or 'role' (the
-- clinician's account lost the clinician role); '' on a link in force
-- and on links that ended before this column (L2).
ALTER TABLE clinic_links ADD COLUMN ended_by TEXT NOT NULL DEFAULT '';
UPDATE clinic_links SET clinician_name = COALESCE(
    (SELECT c.name FROM clinicians c WHERE c.user_id = clinic_links.clinician_id),
    (SELECT u.email FROM users u WHERE u.id = clinic_links.clinician_id), '')
WHERE revoked_at IS NOT NULL;

-- +goose Down
ALTER TABLE clinic_links DROP COLUMN ended_by;
ALTER TABLE clinic_links DROP COLUMN clinician_name;
