-- A retried write answered with what an earlier request with the same Idempotency-Key created
-- (lib/idempotency.ts) returned that record and created nothing: the ledger says so, so that a
-- practice reading two POSTs of one message does not take them for two messages. Adding a
-- column with a constant default rewrites no partition.
ALTER TABLE "api_requests" ADD COLUMN "replayed" BOOLEAN NOT NULL DEFAULT false;
