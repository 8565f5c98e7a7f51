-- A share link ends when its maker's sessions do: a new password or a move to another practice
-- too, not only deactivation or a role change. The trigger follows sessionsValidFrom, which
-- users_sessions_valid_from sets on every change that ends sessions. Links made before their
-- maker's sessions last ended end now.
DROP TRIGGER users_share_links_end ON "users";

CREATE TRIGGER users_share_links_end AFTER UPDATE ON "users"
FOR EACH ROW WHEN (OLD."sessionsValidFrom" IS DISTINCT FROM NEW."sessionsValidFrom")
EXECUTE FUNCTION share_links_end_with_maker();

UPDATE key_share_links l SET "expiresAt" = now() AT TIME ZONE 'UTC'
FROM users u WHERE u.id = l."createdById" AND l."openedAt" IS NULL AND l."expiresAt" > now() AT TIME ZONE 'UTC'
  AND u."sessionsValidFrom" > l."createdAt";
