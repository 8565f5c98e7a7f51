-- Both user key triggers (20261206080000, 20261206090000, as 20261207090000 left them) end the keys
-- of an owner the same way: one function. Bodies as in 20261206080000.
CREATE FUNCTION end_user_keys(owner uuid, owner_username text, revoked_reason text, said text) RETURNS void LANGUAGE plpgsql AS E'
BEGIN
  WITH ended AS (
    UPDATE api_keys SET "revokedAt" = now() AT TIME ZONE \047UTC\047, "revokedReason" = revoked_reason
    WHERE "ownerUserId" = owner AND kind = \047USER\047 AND "revokedAt" IS NULL
    RETURNING id, name, "displayKey", "practiceGroupId"
  )
  INSERT INTO audit_events (id, "practiceGroupId", "actorName", action, "targetType", "targetId", "targetLabel", metadata, "createdAt")
  SELECT gen_random_uuid(), "practiceGroupId", \047Hero\047, \047user_key.revoked\047, \047api_key\047, id::text, name,
    jsonb_build_object(\047owner\047, owner_username, \047key\047, "displayKey", \047reason\047, said),
    now() AT TIME ZONE \047UTC\047
  FROM ended\073
END';

CREATE OR REPLACE FUNCTION user_keys_end_on_practice_move() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM end_user_keys(NEW.id, NEW.username, \047owner_moved\047, \047Owner moved to another practice\047)\073
  RETURN NULL\073
END';

CREATE OR REPLACE FUNCTION user_keys_end_on_owner_delete() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM end_user_keys(OLD.id, OLD.username, \047owner_deleted\047, \047Owner removed\047)\073
  RETURN OLD\073
END';
