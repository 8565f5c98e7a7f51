-- Each ledger row names the partner of its key (a key never changes partner), so a partner
-- page reads the rows of that partner at the practice from an index instead of every row of the
-- practice (measured with 10,000,000 rows in BENCHMARKS.md). Null for user keys.
ALTER TABLE "api_requests" ADD COLUMN "partnerId" UUID;

UPDATE "api_requests" r SET "partnerId" = k."partnerId" FROM "api_keys" k WHERE k.id = r."keyId" AND k."partnerId" IS NOT NULL;

DROP INDEX "api_requests_acting_at_idx";
DROP INDEX "api_requests_key_practice_at_idx";
CREATE INDEX "api_requests_acting_partner_at_idx" ON "api_requests" ("actingPracticeGroupId", "partnerId", "at");
CREATE INDEX "api_requests_key_practice_partner_at_idx" ON "api_requests" ("keyPracticeGroupId", "partnerId", "at");

-- What each key did since it was made (Rotate API key, Revoke and Disconnect say it), kept up
-- to date by the ledger writer in the statement that writes the rows, so a confirmation reads
-- one row and one index range instead of every request of the key.
CREATE TABLE "api_key_usage" (
    "keyId" UUID NOT NULL PRIMARY KEY,
    "requests" BIGINT NOT NULL,
    "lastAt" TIMESTAMPTZ NOT NULL
);

CREATE TABLE "api_key_patients" (
    "keyId" UUID NOT NULL,
    "patientId" UUID NOT NULL,
    CONSTRAINT "api_key_patients_pkey" PRIMARY KEY ("keyId", "patientId")
);

INSERT INTO "api_key_usage" ("keyId", "requests", "lastAt") SELECT "keyId", count(*), max("at") FROM "api_requests" GROUP BY "keyId";

INSERT INTO "api_key_patients" ("keyId", "patientId") SELECT DISTINCT "keyId", unnest("patientIds") FROM "api_requests";
