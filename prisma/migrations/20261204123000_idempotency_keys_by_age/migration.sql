-- CreateIndex
CREATE INDEX "idempotency_keys_apiKeyId_createdAt_idx" ON "idempotency_keys"("apiKeyId", "createdAt");

