-- AlterTable
ALTER TABLE "users" ADD COLUMN     "sessionsValidFrom" TIMESTAMP(3);

-- Deactivating a user or changing their role ends the sessions they signed in before it, for good
-- (lib/session.ts compares), wherever the change is made: by the app or in SQL.
-- The body is an E string with \073 for its semicolons and \047 for its quotes: Prisma splits a
-- migration at every semicolon, even inside a function body.
CREATE FUNCTION users_sessions_valid_from() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  NEW."sessionsValidFrom" := now() AT TIME ZONE \047UTC\047\073
  RETURN NEW\073
END';

CREATE TRIGGER users_sessions_valid_from BEFORE UPDATE OF active, role ON "users"
FOR EACH ROW WHEN (OLD.active IS DISTINCT FROM NEW.active OR OLD.role IS DISTINCT FROM NEW.role)
EXECUTE FUNCTION users_sessions_valid_from();
