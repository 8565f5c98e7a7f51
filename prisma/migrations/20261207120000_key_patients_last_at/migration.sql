-- Which patients each key touched (api_key_patients) is kept as long as the ledger rows it comes
-- from: each pair says when the key last touched the patient, and db:prune forgets pairs past
-- LEDGER_RETENTION_DAYS. Pairs from before take this migration's time (adding a column with a
-- constant default rewrites nothing), and db:prune also forgets every pair of a key unused since
-- its cutoff. The index is built without holding writes: the ledger writer and every API write add pairs.
ALTER TABLE "api_key_patients" ADD COLUMN "lastAt" TIMESTAMPTZ NOT NULL DEFAULT now();

CREATE INDEX CONCURRENTLY "api_key_patients_lastAt_idx" ON "api_key_patients" ("lastAt");
