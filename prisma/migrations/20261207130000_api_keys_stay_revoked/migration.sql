-- A key the dashboard says is dead stays dead, wherever the change is made (the app or SQL): no
-- update brings a revoked key back, gives a key another secret, or hands a key to another owner
-- (its owner leaving sets it to null, which stays allowed). The app never does any of these.
-- Bodies as in 20261205200000 (E strings: no semicolons or quotes inside).
CREATE FUNCTION api_keys_stay_revoked() RETURNS trigger LANGUAGE plpgsql AS E'
BEGIN
  IF OLD."revokedAt" IS NOT NULL AND NEW."revokedAt" IS NULL THEN
    RAISE EXCEPTION \047A revoked API key stays revoked: issue a new one\047 USING ERRCODE = \047check_violation\047\073
  END IF\073
  IF NEW."keyHash" IS DISTINCT FROM OLD."keyHash" THEN
    RAISE EXCEPTION \047An API key keeps its secret: issue a new one\047 USING ERRCODE = \047check_violation\047\073
  END IF\073
  IF NEW."ownerUserId" IS NOT NULL AND NEW."ownerUserId" IS DISTINCT FROM OLD."ownerUserId" THEN
    RAISE EXCEPTION \047An API key keeps its owner: issue the new owner a key of their own\047 USING ERRCODE = \047check_violation\047\073
  END IF\073
  RETURN NEW\073
END';

CREATE TRIGGER api_keys_stay_revoked BEFORE UPDATE OF "revokedAt", "keyHash", "ownerUserId" ON "api_keys"
FOR EACH ROW EXECUTE FUNCTION api_keys_stay_revoked();
