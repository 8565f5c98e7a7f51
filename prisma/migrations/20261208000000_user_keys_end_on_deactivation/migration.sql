-- Deactivating a user revokes their user keys for good, as it ends their sessions and share links
-- (a move and a removal already do: 20261207100000). Until now such a key was only refused while
-- its owner stayed inactive: Super admin > API keys said it did not work, and reactivating the
-- user (a returning locum, a mistyped email) brought it back with every scope, unrecorded.
-- Hero support makes a returning user a new key.
CREATE FUNCTION user_keys_end_on_deactivation() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  PERFORM end_user_keys(NEW.id, NEW.username, \047owner_deactivated\047, \047Owner deactivated\047)\073
  RETURN NULL\073
END';

CREATE TRIGGER users_keys_end_on_deactivation AFTER UPDATE OF "active" ON "users"
FOR EACH ROW WHEN (OLD."active" AND NOT NEW."active")
EXECUTE FUNCTION user_keys_end_on_deactivation();

-- The keys of owners inactive already end now, recorded alike.
SELECT end_user_keys(id, username, 'owner_deactivated', 'Owner deactivated') FROM users WHERE NOT active;
