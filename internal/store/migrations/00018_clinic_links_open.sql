-- +goose Up
-- A member has at most one open link to a clinician: two invites of the
-- same clinician accepted at once made two, and revoking one left the
-- other open. Any such duplicate is ended now (the oldest link stays), so
-- that the index can be built.
UPDATE clinic_links SET revoked_at = CURRENT_TIMESTAMP
WHERE revoked_at IS NULL AND EXISTS (
    SELECT 1 FROM clinic_links o
    WHERE o.member_id = clinic_links.member_id AND o.clinician_id = clinic_links.clinician_id
      AND o.revoked_at IS NULL AND o.id < clinic_links.id);
CREATE UNIQUE INDEX clinic_links_open ON clinic_links (member_id, clinician_id) WHERE revoked_at IS NULL;

-- +goose Down
DROP INDEX clinic_links_open;
