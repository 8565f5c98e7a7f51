-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "revokedById" UUID;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_revokedById_fkey" FOREIGN KEY ("revokedById") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- One partner, one live key. Keys generated in Settings > My Practice used to stand beside the
-- connection key, from now on every partner key belongs to its connection, and the partial
-- unique index on "connectionId" allows one live key per connection, however the key was made.
DROP INDEX "api_keys_one_live_key_per_connection";

-- Every partner key gets its connection (Generate API Key always created one, but be safe).
INSERT INTO "partner_connections" ("id", "practiceGroupId", "partnerId", "status", "updatedAt")
SELECT gen_random_uuid(), m."practiceGroupId", m."partnerId", 'DISCONNECTED'::"ConnectionStatus", now()
FROM (
  SELECT DISTINCT k."practiceGroupId", k."partnerId" FROM "api_keys" k
  WHERE k."kind" = 'PARTNER' AND k."connectionId" IS NULL AND k."partnerId" IS NOT NULL
) m
ON CONFLICT DO NOTHING;

UPDATE "api_keys" k SET "connectionId" = c."id"
FROM "partner_connections" c
WHERE k."kind" = 'PARTNER' AND k."connectionId" IS NULL
  AND c."practiceGroupId" = k."practiceGroupId" AND c."partnerId" = k."partnerId";

-- A connection with several live keys keeps the newest, a disconnected one keeps none.
-- Each key revoked here gets an audit event on its practice Activity.
WITH ranked AS (
  SELECT k."id", c."status",
         row_number() OVER (PARTITION BY k."connectionId" ORDER BY k."createdAt" DESC, k."id") AS "rank"
  FROM "api_keys" k JOIN "partner_connections" c ON c."id" = k."connectionId"
  WHERE k."kind" = 'PARTNER' AND k."revokedAt" IS NULL
), revoked AS (
  UPDATE "api_keys" k
  SET "revokedAt" = now(), "encryptedKey" = NULL,
      "revokedReason" = CASE WHEN r."status" = 'CONNECTED' THEN 'superseded' ELSE 'disconnected' END
  FROM ranked r
  WHERE k."id" = r."id" AND (r."rank" > 1 OR r."status" <> 'CONNECTED')
  RETURNING k."id", k."practiceGroupId", k."partnerId", k."name", k."displayKey", k."revokedReason"
)
INSERT INTO "audit_events" ("id", "practiceGroupId", "actorName", "action", "targetType", "targetId", "targetLabel", "metadata")
SELECT gen_random_uuid(), r."practiceGroupId", 'Hero', 'api_key.revoked', 'api_key', r."id",
       r."name" || ' (' || r."displayKey" || ')',
       jsonb_build_object('key', r."displayKey", 'partner', p."name", 'reason',
         CASE WHEN r."revokedReason" = 'superseded'
              THEN 'One live key per partner: a newer key of this partner replaced it'
              ELSE 'The partner is not connected' END)
FROM revoked r JOIN "partners" p ON p."id" = r."partnerId";

-- A connected partner with no live key (its key was revoked on My Practice) had no access:
-- say so, by disconnecting it.
WITH orphaned AS (
  UPDATE "partner_connections" c
  SET "status" = 'DISCONNECTED', "disconnectedAt" = now(), "updatedAt" = now()
  WHERE c."status" = 'CONNECTED'
    AND NOT EXISTS (SELECT 1 FROM "api_keys" k WHERE k."connectionId" = c."id" AND k."revokedAt" IS NULL)
  RETURNING c."practiceGroupId", c."partnerId"
)
INSERT INTO "audit_events" ("id", "practiceGroupId", "actorName", "action", "targetType", "targetId", "targetLabel", "metadata")
SELECT gen_random_uuid(), o."practiceGroupId", 'Hero', 'partner.disconnected', 'partner', o."partnerId", p."name",
       jsonb_build_object('reason', 'Connected without a live API key')
FROM orphaned o JOIN "partners" p ON p."id" = o."partnerId";

ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_partner_key_has_connection"
  CHECK ("kind" <> 'PARTNER' OR "connectionId" IS NOT NULL);

CREATE UNIQUE INDEX "api_keys_one_live_key_per_connection" ON "api_keys"("connectionId") WHERE "revokedAt" IS NULL;
