-- A user key ended by its owner's move or deletion (20261206080000, 20261206090000) is named in
-- the audit log, as a Delete is, at the key's practice: by the trigger itself, so a change made
-- in SQL is recorded too. Bodies as in 20261206080000.
CREATE OR REPLACE FUNCTION user_keys_end_on_practice_move() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  WITH ended AS (
    UPDATE api_keys SET "revokedAt" = now() AT TIME ZONE \047UTC\047, "revokedReason" = \047owner_moved\047, "encryptedKey" = NULL
    WHERE "ownerUserId" = NEW.id AND kind = \047USER\047 AND "revokedAt" IS NULL
    RETURNING id, name, "displayKey", "practiceGroupId"
  )
  INSERT INTO audit_events (id, "practiceGroupId", "actorName", action, "targetType", "targetId", "targetLabel", metadata, "createdAt")
  SELECT gen_random_uuid(), "practiceGroupId", \047Hero\047, \047user_key.revoked\047, \047api_key\047, id::text, name,
    jsonb_build_object(\047owner\047, NEW.username, \047key\047, "displayKey", \047reason\047, \047Its owner moved to another practice.\047),
    now() AT TIME ZONE \047UTC\047
  FROM ended\073
  RETURN NULL\073
END';

CREATE OR REPLACE FUNCTION user_keys_end_on_owner_delete() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  WITH ended AS (
    UPDATE api_keys SET "revokedAt" = now() AT TIME ZONE \047UTC\047, "revokedReason" = \047owner_deleted\047, "encryptedKey" = NULL
    WHERE "ownerUserId" = OLD.id AND kind = \047USER\047 AND "revokedAt" IS NULL
    RETURNING id, name, "displayKey", "practiceGroupId"
  )
  INSERT INTO audit_events (id, "practiceGroupId", "actorName", action, "targetType", "targetId", "targetLabel", metadata, "createdAt")
  SELECT gen_random_uuid(), "practiceGroupId", \047Hero\047, \047user_key.revoked\047, \047api_key\047, id::text, name,
    jsonb_build_object(\047owner\047, OLD.username, \047key\047, "displayKey", \047reason\047, \047Its owner was deleted.\047),
    now() AT TIME ZONE \047UTC\047
  FROM ended\073
  RETURN OLD\073
END';
