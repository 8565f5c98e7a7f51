-- Hero support finds a request by the id a partner quotes (x-request-id): a UUIDv7, whose time
-- narrows the search to a few minutes of the ledger (lib/request-lookup.ts). Rows go in roughly
-- in time order, so a BRIN index on "at" finds those minutes by reading a handful of pages, at
-- next to no cost to the ledger's inserts (a B-tree on "requestId" would add one per row).
-- Made on the partitioned table: every partition, present and to come, has its own.
CREATE INDEX "api_requests_at_brin_idx" ON "api_requests" USING BRIN ("at");
