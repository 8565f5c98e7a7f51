-- Every foreign key gets an index (tests/schema-indexes.test.ts), so deleting a user, a partner or
-- a patient does not scan the tables that point at it, and Super admin pages filter by index:
-- a partner with its connected practices, the audit log by actor name. Built without holding
-- writes (api_keys and audit_events take them from the API and the dashboard), and each only if
-- missing, so a deploy stopped half way runs again once the invalid index it left is dropped.
CREATE INDEX CONCURRENTLY IF NOT EXISTS "partner_connections_partnerId_status_connectedAt_id_idx" ON "partner_connections"("partnerId", "status", "connectedAt" DESC, "id" DESC);

CREATE INDEX CONCURRENTLY IF NOT EXISTS "api_keys_partnerId_idx" ON "api_keys"("partnerId");

CREATE INDEX CONCURRENTLY IF NOT EXISTS "api_keys_createdById_idx" ON "api_keys"("createdById");

CREATE INDEX CONCURRENTLY IF NOT EXISTS "api_keys_revokedById_idx" ON "api_keys"("revokedById");

CREATE INDEX CONCURRENTLY IF NOT EXISTS "audit_events_actorName_trgm_idx" ON "audit_events" USING GIN ("actorName" gin_trgm_ops);

CREATE INDEX CONCURRENTLY IF NOT EXISTS "appointments_patientId_idx" ON "appointments"("patientId");

CREATE INDEX CONCURRENTLY IF NOT EXISTS "messages_patientId_idx" ON "messages"("patientId");

CREATE INDEX CONCURRENTLY IF NOT EXISTS "key_share_links_createdById_idx" ON "key_share_links"("createdById");
