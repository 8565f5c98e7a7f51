-- A share link ends with its maker's access: deactivating a user or changing their role ends the
-- links they made that are still unopened, as it ends their sessions, wherever the change is made.
-- Links of makers already deactivated or no longer super admins end now. Bodies as in
-- 20261205200000 (no semicolons or quotes inside).
CREATE FUNCTION share_links_end_with_maker() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  UPDATE key_share_links SET "expiresAt" = now() AT TIME ZONE \047UTC\047
  WHERE "createdById" = NEW.id AND "openedAt" IS NULL AND "expiresAt" > now() AT TIME ZONE \047UTC\047\073
  RETURN NEW\073
END';

CREATE TRIGGER users_share_links_end AFTER UPDATE OF active, role ON "users"
FOR EACH ROW WHEN (OLD.active IS DISTINCT FROM NEW.active OR OLD.role IS DISTINCT FROM NEW.role)
EXECUTE FUNCTION share_links_end_with_maker();

UPDATE key_share_links l SET "expiresAt" = now() AT TIME ZONE 'UTC'
FROM users u WHERE u.id = l."createdById" AND l."openedAt" IS NULL AND l."expiresAt" > now() AT TIME ZONE 'UTC'
  AND (NOT u.active OR u.role <> 'SUPER_ADMIN');
