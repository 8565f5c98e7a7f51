-- Moving a user to another practice ends the sessions signed in before it, as deactivating them,
-- changing their role or setting a new password does (20261206000000_sessions_end_on_password_change):
-- a session must never act for a practice its user has left. One statement, so the trigger is never missing.
CREATE OR REPLACE TRIGGER users_sessions_valid_from BEFORE UPDATE OF active, role, "passwordHash", "practiceGroupId" ON "users"
FOR EACH ROW WHEN (OLD.active IS DISTINCT FROM NEW.active OR OLD.role IS DISTINCT FROM NEW.role OR OLD."passwordHash" IS DISTINCT FROM NEW."passwordHash" OR OLD."practiceGroupId" IS DISTINCT FROM NEW."practiceGroupId")
EXECUTE FUNCTION users_sessions_valid_from();
