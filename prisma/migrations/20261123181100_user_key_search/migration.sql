-- Super admin > API keys: substring search over keys and a type-ahead over users of every
-- practice. ILIKE '%…%' can only use an index through pg_trgm (shipped with PostgreSQL's contrib).
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- CreateIndex
CREATE INDEX "users_name_trgm_idx" ON "users" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "users_email_trgm_idx" ON "users" USING GIN ("email" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "users_username_trgm_idx" ON "users" USING GIN ("username" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "api_keys_name_trgm_idx" ON "api_keys" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "api_keys_description_trgm_idx" ON "api_keys" USING GIN ("description" gin_trgm_ops);

