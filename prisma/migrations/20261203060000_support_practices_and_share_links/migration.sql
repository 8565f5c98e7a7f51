-- CreateTable
CREATE TABLE "key_share_links" (
    "id" UUID NOT NULL,
    "apiKeyId" UUID NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "openedAt" TIMESTAMP(3),

    CONSTRAINT "key_share_links_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "key_share_links_tokenHash_key" ON "key_share_links"("tokenHash");

-- CreateIndex
CREATE INDEX "key_share_links_apiKeyId_idx" ON "key_share_links"("apiKeyId");

-- CreateIndex
CREATE INDEX "practice_groups_name_id_idx" ON "practice_groups"("name", "id");

-- CreateIndex
CREATE INDEX "practice_groups_name_trgm_idx" ON "practice_groups" USING GIN ("name" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "practice_groups_code_trgm_idx" ON "practice_groups" USING GIN ("code" gin_trgm_ops);

-- AddForeignKey
ALTER TABLE "key_share_links" ADD CONSTRAINT "key_share_links_apiKeyId_fkey" FOREIGN KEY ("apiKeyId") REFERENCES "api_keys"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "key_share_links" ADD CONSTRAINT "key_share_links_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

