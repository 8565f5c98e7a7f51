-- Moving a user to another practice revokes their user keys, as it ends their sessions
-- (20261206051000_sessions_end_on_practice_move): a key made for a user of one practice must never
-- act for, or report on, the practice they moved to. Hero support makes them a new key there.
-- The body is an E string with \073 for its semicolons and \047 for its quotes: Prisma splits a
-- migration at every semicolon, even inside a function body.
CREATE FUNCTION user_keys_end_on_practice_move() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE api_keys SET "revokedAt" = now() AT TIME ZONE \047UTC\047, "revokedReason" = \047owner_moved\047, "encryptedKey" = NULL
  WHERE "ownerUserId" = NEW.id AND kind = \047USER\047 AND "revokedAt" IS NULL\073
  RETURN NULL\073
END';

CREATE TRIGGER users_keys_end_on_practice_move AFTER UPDATE OF "practiceGroupId" ON "users"
FOR EACH ROW WHEN (OLD."practiceGroupId" IS DISTINCT FROM NEW."practiceGroupId")
EXECUTE FUNCTION user_keys_end_on_practice_move();
