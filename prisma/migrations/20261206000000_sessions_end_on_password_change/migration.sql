-- A new password ends the sessions signed in with the old one, as deactivating a user or changing
-- their role does (20261205200000_user_sessions_valid_from): a password reset, made in SQL today,
-- must lock out whoever had the old password.
DROP TRIGGER users_sessions_valid_from ON "users";

CREATE TRIGGER users_sessions_valid_from BEFORE UPDATE OF active, role, "passwordHash" ON "users"
FOR EACH ROW WHEN (OLD.active IS DISTINCT FROM NEW.active OR OLD.role IS DISTINCT FROM NEW.role OR OLD."passwordHash" IS DISTINCT FROM NEW."passwordHash")
EXECUTE FUNCTION users_sessions_valid_from();
