-- Super admin > Audit log's Partner filter matched a partner's key events by a list of its key
-- ids, one bind parameter each: past ~32,000 keys PostgreSQL refuses the statement. Each event
-- now names its partner (set by lib/audit.ts): the partner itself, or a partner key's.
ALTER TABLE "audit_events" ADD COLUMN "partnerId" UUID;

UPDATE "audit_events" e SET "partnerId" = p."id"
  FROM "partners" p
  WHERE e."targetType" = 'partner' AND e."targetId" = p."id"::text;

UPDATE "audit_events" e SET "partnerId" = k."partnerId"
  FROM "api_keys" k
  WHERE e."targetType" = 'api_key' AND e."targetId" = k."id"::text AND k."partnerId" IS NOT NULL;

CREATE INDEX "audit_events_partnerId_createdAt_idx" ON "audit_events"("partnerId", "createdAt");
