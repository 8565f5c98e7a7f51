-- A revoked key keeps no copy, however it was revoked: the database wipes both encrypted copies
-- as revokedAt is set. An instance of a release before supportCopy, still running while a deploy
-- rolls out, wipes only encryptedKey. Copies such instances left are wiped here. The user key
-- triggers (20261207070000) leave the wiping to this one, and give their reason in the words the
-- dashboard uses for it (lib/key-status.ts REVOKE_REASONS). Bodies as in 20261206080000.
CREATE FUNCTION api_keys_wipe_copies_on_revoke() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  NEW."encryptedKey" := NULL\073
  NEW."supportCopy" := NULL\073
  RETURN NEW\073
END';

CREATE TRIGGER api_keys_wipe_copies_on_revoke BEFORE INSERT OR UPDATE ON "api_keys"
FOR EACH ROW WHEN (NEW."revokedAt" IS NOT NULL AND (NEW."encryptedKey" IS NOT NULL OR NEW."supportCopy" IS NOT NULL))
EXECUTE FUNCTION api_keys_wipe_copies_on_revoke();

UPDATE "api_keys" SET "encryptedKey" = NULL, "supportCopy" = NULL
WHERE "revokedAt" IS NOT NULL AND ("encryptedKey" IS NOT NULL OR "supportCopy" IS NOT NULL);

CREATE OR REPLACE FUNCTION user_keys_end_on_practice_move() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  WITH ended AS (
    UPDATE api_keys SET "revokedAt" = now() AT TIME ZONE \047UTC\047, "revokedReason" = \047owner_moved\047
    WHERE "ownerUserId" = NEW.id AND kind = \047USER\047 AND "revokedAt" IS NULL
    RETURNING id, name, "displayKey", "practiceGroupId"
  )
  INSERT INTO audit_events (id, "practiceGroupId", "actorName", action, "targetType", "targetId", "targetLabel", metadata, "createdAt")
  SELECT gen_random_uuid(), "practiceGroupId", \047Hero\047, \047user_key.revoked\047, \047api_key\047, id::text, name,
    jsonb_build_object(\047owner\047, NEW.username, \047key\047, "displayKey", \047reason\047, \047Owner moved to another practice\047),
    now() AT TIME ZONE \047UTC\047
  FROM ended\073
  RETURN NULL\073
END';

CREATE OR REPLACE FUNCTION user_keys_end_on_owner_delete() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  WITH ended AS (
    UPDATE api_keys SET "revokedAt" = now() AT TIME ZONE \047UTC\047, "revokedReason" = \047owner_deleted\047
    WHERE "ownerUserId" = OLD.id AND kind = \047USER\047 AND "revokedAt" IS NULL
    RETURNING id, name, "displayKey", "practiceGroupId"
  )
  INSERT INTO audit_events (id, "practiceGroupId", "actorName", action, "targetType", "targetId", "targetLabel", metadata, "createdAt")
  SELECT gen_random_uuid(), "practiceGroupId", \047Hero\047, \047user_key.revoked\047, \047api_key\047, id::text, name,
    jsonb_build_object(\047owner\047, OLD.username, \047key\047, "displayKey", \047reason\047, \047Owner removed\047),
    now() AT TIME ZONE \047UTC\047
  FROM ended\073
  RETURN OLD\073
END';
