-- Idempotency keys belong to the caller, not to one API key: the partner connection for partner
-- keys and the owner for user keys, so a retry sent after Rotate API key is still answered with
-- what the first request created. Rows are kept: each is given its key connection or owner.
ALTER TABLE "idempotency_keys" ADD COLUMN "callerId" UUID;

-- Rows past their 24 hours first: a rotated key never writes again, so its old rows were never
-- cleared, and one of them must not displace a live row of the key that replaced it.
DELETE FROM "idempotency_keys" WHERE "createdAt" <= (now() AT TIME ZONE 'UTC') - interval '24 hours';

UPDATE "idempotency_keys" AS i SET "callerId" = COALESCE(k."connectionId", k."ownerUserId")
FROM "api_keys" AS k WHERE k."id" = i."apiKeyId";

-- Keys of one connection before and after a rotation may have used the same Idempotency-Key: the
-- first request is the one a retry is answered with, so the earliest row stays.
DELETE FROM "idempotency_keys" AS later USING "idempotency_keys" AS earlier
WHERE later."callerId" = earlier."callerId" AND later."keyHash" = earlier."keyHash"
  AND (later."createdAt", later."apiKeyId") > (earlier."createdAt", earlier."apiKeyId");

DELETE FROM "idempotency_keys" WHERE "callerId" IS NULL;

-- DropForeignKey
ALTER TABLE "idempotency_keys" DROP CONSTRAINT "idempotency_keys_apiKeyId_fkey";

-- DropIndex
DROP INDEX "idempotency_keys_apiKeyId_createdAt_idx";

-- AlterTable
ALTER TABLE "idempotency_keys" DROP CONSTRAINT "idempotency_keys_pkey",
DROP COLUMN "apiKeyId",
ALTER COLUMN "callerId" SET NOT NULL,
ADD CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("callerId", "keyHash");

-- CreateIndex
CREATE INDEX "idempotency_keys_callerId_createdAt_idx" ON "idempotency_keys"("callerId", "createdAt");
