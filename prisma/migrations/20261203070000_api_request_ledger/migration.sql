-- The API access ledger (lib/ledger.ts): one row per /api/v1 request made with a known key.
-- Partitioned by month on "at" (PostgreSQL native partitioning, which the Prisma schema cannot
-- describe, so the table lives here and in raw SQL only). Monthly partitions are created by the
-- writer before it inserts, and dropped by npm run ledger:prune after the retention period.
-- The default partition only catches what no monthly partition covers.
CREATE TABLE "api_requests" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "at" TIMESTAMPTZ NOT NULL,
    "requestId" TEXT NOT NULL,
    "keyId" UUID NOT NULL,
    "keyPracticeGroupId" UUID NOT NULL,
    "actingPracticeGroupId" UUID,
    "method" TEXT NOT NULL,
    "route" TEXT NOT NULL,
    "status" SMALLINT NOT NULL,
    "errorCode" TEXT,
    "durationMs" REAL NOT NULL,
    "patientIds" UUID[] NOT NULL DEFAULT '{}',
    CONSTRAINT "api_requests_pkey" PRIMARY KEY ("id", "at")
) PARTITION BY RANGE ("at");

CREATE TABLE "api_requests_default" PARTITION OF "api_requests" DEFAULT;

CREATE INDEX "api_requests_acting_at_idx" ON "api_requests" ("actingPracticeGroupId", "at");
CREATE INDEX "api_requests_key_practice_at_idx" ON "api_requests" ("keyPracticeGroupId", "at");
CREATE INDEX "api_requests_key_at_idx" ON "api_requests" ("keyId", "at");
CREATE INDEX "api_requests_patients_idx" ON "api_requests" USING GIN ("patientIds");
