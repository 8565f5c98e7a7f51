-- The API access ledger (lib/ledger.ts): one row per /api/v1 request made with a known key.
-- Partitioned by month on "at" (PostgreSQL native partitioning, which the Prisma schema cannot
-- describe, so the table lives here and in raw SQL only). The months to the end of 2028 are made
-- here, and the writer makes each coming month ahead of time, outside any transaction. Old
-- months are dropped by npm run ledger:prune after the retention period. The default partition
-- only catches what no monthly partition covers.
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

CREATE TABLE "api_requests_2026_11" PARTITION OF "api_requests" FOR VALUES FROM ('2026-11-01 00:00:00+00') TO ('2026-12-01 00:00:00+00');
CREATE TABLE "api_requests_2026_12" PARTITION OF "api_requests" FOR VALUES FROM ('2026-12-01 00:00:00+00') TO ('2027-01-01 00:00:00+00');
CREATE TABLE "api_requests_2027_01" PARTITION OF "api_requests" FOR VALUES FROM ('2027-01-01 00:00:00+00') TO ('2027-02-01 00:00:00+00');
CREATE TABLE "api_requests_2027_02" PARTITION OF "api_requests" FOR VALUES FROM ('2027-02-01 00:00:00+00') TO ('2027-03-01 00:00:00+00');
CREATE TABLE "api_requests_2027_03" PARTITION OF "api_requests" FOR VALUES FROM ('2027-03-01 00:00:00+00') TO ('2027-04-01 00:00:00+00');
CREATE TABLE "api_requests_2027_04" PARTITION OF "api_requests" FOR VALUES FROM ('2027-04-01 00:00:00+00') TO ('2027-05-01 00:00:00+00');
CREATE TABLE "api_requests_2027_05" PARTITION OF "api_requests" FOR VALUES FROM ('2027-05-01 00:00:00+00') TO ('2027-06-01 00:00:00+00');
CREATE TABLE "api_requests_2027_06" PARTITION OF "api_requests" FOR VALUES FROM ('2027-06-01 00:00:00+00') TO ('2027-07-01 00:00:00+00');
CREATE TABLE "api_requests_2027_07" PARTITION OF "api_requests" FOR VALUES FROM ('2027-07-01 00:00:00+00') TO ('2027-08-01 00:00:00+00');
CREATE TABLE "api_requests_2027_08" PARTITION OF "api_requests" FOR VALUES FROM ('2027-08-01 00:00:00+00') TO ('2027-09-01 00:00:00+00');
CREATE TABLE "api_requests_2027_09" PARTITION OF "api_requests" FOR VALUES FROM ('2027-09-01 00:00:00+00') TO ('2027-10-01 00:00:00+00');
CREATE TABLE "api_requests_2027_10" PARTITION OF "api_requests" FOR VALUES FROM ('2027-10-01 00:00:00+00') TO ('2027-11-01 00:00:00+00');
CREATE TABLE "api_requests_2027_11" PARTITION OF "api_requests" FOR VALUES FROM ('2027-11-01 00:00:00+00') TO ('2027-12-01 00:00:00+00');
CREATE TABLE "api_requests_2027_12" PARTITION OF "api_requests" FOR VALUES FROM ('2027-12-01 00:00:00+00') TO ('2028-01-01 00:00:00+00');
CREATE TABLE "api_requests_2028_01" PARTITION OF "api_requests" FOR VALUES FROM ('2028-01-01 00:00:00+00') TO ('2028-02-01 00:00:00+00');
CREATE TABLE "api_requests_2028_02" PARTITION OF "api_requests" FOR VALUES FROM ('2028-02-01 00:00:00+00') TO ('2028-03-01 00:00:00+00');
CREATE TABLE "api_requests_2028_03" PARTITION OF "api_requests" FOR VALUES FROM ('2028-03-01 00:00:00+00') TO ('2028-04-01 00:00:00+00');
CREATE TABLE "api_requests_2028_04" PARTITION OF "api_requests" FOR VALUES FROM ('2028-04-01 00:00:00+00') TO ('2028-05-01 00:00:00+00');
CREATE TABLE "api_requests_2028_05" PARTITION OF "api_requests" FOR VALUES FROM ('2028-05-01 00:00:00+00') TO ('2028-06-01 00:00:00+00');
CREATE TABLE "api_requests_2028_06" PARTITION OF "api_requests" FOR VALUES FROM ('2028-06-01 00:00:00+00') TO ('2028-07-01 00:00:00+00');
CREATE TABLE "api_requests_2028_07" PARTITION OF "api_requests" FOR VALUES FROM ('2028-07-01 00:00:00+00') TO ('2028-08-01 00:00:00+00');
CREATE TABLE "api_requests_2028_08" PARTITION OF "api_requests" FOR VALUES FROM ('2028-08-01 00:00:00+00') TO ('2028-09-01 00:00:00+00');
CREATE TABLE "api_requests_2028_09" PARTITION OF "api_requests" FOR VALUES FROM ('2028-09-01 00:00:00+00') TO ('2028-10-01 00:00:00+00');
CREATE TABLE "api_requests_2028_10" PARTITION OF "api_requests" FOR VALUES FROM ('2028-10-01 00:00:00+00') TO ('2028-11-01 00:00:00+00');
CREATE TABLE "api_requests_2028_11" PARTITION OF "api_requests" FOR VALUES FROM ('2028-11-01 00:00:00+00') TO ('2028-12-01 00:00:00+00');
CREATE TABLE "api_requests_2028_12" PARTITION OF "api_requests" FOR VALUES FROM ('2028-12-01 00:00:00+00') TO ('2029-01-01 00:00:00+00');

CREATE INDEX "api_requests_acting_at_idx" ON "api_requests" ("actingPracticeGroupId", "at");
CREATE INDEX "api_requests_key_practice_at_idx" ON "api_requests" ("keyPracticeGroupId", "at");
CREATE INDEX "api_requests_key_at_idx" ON "api_requests" ("keyId", "at");
CREATE INDEX "api_requests_patients_idx" ON "api_requests" USING GIN ("patientIds");
