-- A user key ends with its owner: deleting the owner revokes their user keys too (the foreign key
-- only empties ownerUserId, which left them listed as live). BEFORE DELETE, as the foreign key
-- has emptied ownerUserId by the time an AFTER trigger runs. Keys left live by a move or a
-- deletion made before these triggers existed are revoked now. Bodies as in 20261206080000.
CREATE FUNCTION user_keys_end_on_owner_delete() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE api_keys SET "revokedAt" = now() AT TIME ZONE \047UTC\047, "revokedReason" = \047owner_deleted\047, "encryptedKey" = NULL
  WHERE "ownerUserId" = OLD.id AND kind = \047USER\047 AND "revokedAt" IS NULL\073
  RETURN OLD\073
END';

CREATE TRIGGER users_keys_end_on_delete BEFORE DELETE ON "users"
FOR EACH ROW EXECUTE FUNCTION user_keys_end_on_owner_delete();

UPDATE api_keys k SET "revokedAt" = now() AT TIME ZONE 'UTC', "revokedReason" = 'owner_moved', "encryptedKey" = NULL
FROM users u WHERE u.id = k."ownerUserId" AND k.kind = 'USER' AND k."revokedAt" IS NULL AND k."practiceGroupId" <> u."practiceGroupId";

UPDATE api_keys SET "revokedAt" = now() AT TIME ZONE 'UTC', "revokedReason" = 'owner_deleted', "encryptedKey" = NULL
WHERE kind = 'USER' AND "ownerUserId" IS NULL AND "revokedAt" IS NULL;
