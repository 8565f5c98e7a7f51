-- The requests a user key made for another practice than its own (a network peer), for that
-- practice: its My Practice lists such keys and may open their key report. Partial, so it holds
-- only those rows, a small share of the ledger, and the pages need not read a practice own traffic.
CREATE INDEX "api_requests_user_key_cross_org_idx" ON "api_requests" ("actingPracticeGroupId", "keyId", "at")
WHERE "partnerId" IS NULL AND "actingPracticeGroupId" <> "keyPracticeGroupId";
